'use client';

import { type FormEvent, useState } from 'react';
import type { PushedUrl } from '../../../signaling/protocol';

/** Notes saved as the technician types (never shown to the customer), and links pushed to the customer. */
export function SessionTools({
  notes,
  notesSavedAt,
  onNotes,
  pushedUrls,
  onPushUrl,
  canPush,
}: {
  notes: string;
  notesSavedAt: number | null;
  onNotes: (notes: string) => void;
  pushedUrls: PushedUrl[];
  onPushUrl: (url: string) => Promise<boolean>;
  canPush: boolean;
}) {
  const [url, setUrl] = useState('');

  async function push(event: FormEvent) {
    event.preventDefault();
    if (await onPushUrl(url.trim())) setUrl('');
  }

  return (
    <section className="session-tools" aria-label="Session tools">
      <label htmlFor="notes-input">Notes</label>
      <textarea
        id="notes-input"
        data-testid="notes-input"
        value={notes}
        onChange={(event) => onNotes(event.target.value)}
        rows={3}
        maxLength={20_000}
        placeholder="Only you and your team see these."
        aria-describedby="notes-status"
      />
      <p id="notes-status" className="field-hint" data-testid="notes-status">
        {notesSavedAt ? `Saved ${new Date(notesSavedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : ' '}
      </p>
      {canPush && (
        <form onSubmit={push} className="chat-form">
          <label htmlFor="url-input" className="visually-hidden">Link to send</label>
          <input id="url-input" data-testid="url-input" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://… link for the customer" />
          <button type="submit" className="secondary" data-testid="url-push" disabled={!/^https?:\/\/\S+$/.test(url.trim())}>
            Send link
          </button>
        </form>
      )}
      {pushedUrls.length > 0 && (
        <ul className="pushed-list">
          {pushedUrls.map((pushed) => (
            <li key={pushed.id} className="muted">Sent: {pushed.url}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
