'use client';

import { type FormEvent, useState } from 'react';
import type { CannedReplyView } from '../../../signaling/protocol';
import type { TechnicianClient } from '../../rtc/technician-client';

/** Add and remove canned replies; in chat, "/keyword" then Tab inserts one. */
export function CannedRepliesManager({ client, replies, canShare }: { client: TechnicianClient; replies: CannedReplyView[]; canShare: boolean }) {
  const [keyword, setKeyword] = useState('');
  const [text, setText] = useState('');
  const [shared, setShared] = useState(false);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (await client.saveCanned({ keyword, text, shared })) {
      setKeyword('');
      setText('');
      setShared(false);
    }
  }

  return (
    <details className="canned" data-testid="canned-replies">
      <summary>Canned replies ({replies.length})</summary>
      <p className="field-hint">In chat, type /keyword and press Tab.</p>
      <ul className="canned-list">
        {replies.map((reply) => (
          <li key={reply.id} className="spread">
            <span>
              <strong>/{reply.keyword}</strong> {reply.shared && <span className="badge">Everyone</span>}
              <span className="muted canned-text"> {reply.text}</span>
            </span>
            {(!reply.shared || canShare) && (
              <button type="button" className="ghost small" onClick={() => void client.deleteCanned(reply.id)} aria-label={`Delete /${reply.keyword}`}>
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="canned-form">
        <label htmlFor="canned-keyword">Keyword</label>
        <input id="canned-keyword" data-testid="canned-keyword" value={keyword} onChange={(e) => setKeyword(e.target.value)} placeholder="greet" maxLength={24} required />
        <label htmlFor="canned-text">Text</label>
        <textarea id="canned-text" data-testid="canned-text" value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={2000} required />
        {canShare && (
          <label className="row checkbox">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
            <span>For everyone in the organisation</span>
          </label>
        )}
        <button type="submit" className="secondary small" data-testid="canned-save">Save reply</button>
      </form>
    </details>
  );
}
