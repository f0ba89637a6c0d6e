'use client';

import { type FormEvent, useEffect, useState } from 'react';
import { MAX_COLLABORATORS, type SessionSummary, type TransferTargets } from '../../../signaling/protocol';
import type { TechnicianClient } from '../../rtc/technician-client';

/**
 * The session's technician invites colleagues to watch the screen and read the chat. Each one is another
 * stream from the customer's computer, so the server caps them (and this says so before anyone tries).
 */
export function CollaboratorsPanel({ client, session }: { client: TechnicianClient; session: SessionSummary }) {
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [open, setOpen] = useState(false);
  const full = session.collaborators.length >= MAX_COLLABORATORS;

  useEffect(() => {
    if (open && !targets) void client.collaboratorTargets().then(setTargets);
  }, [open, targets, client]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get('technician'));
    if (await client.inviteCollaborator(session.id, id)) setOpen(false);
  }

  const invited = new Set(session.collaborators.map((c) => c.id));
  return (
    <section className="collaborators" aria-labelledby={`collab-title-${session.id}`}>
      <div className="spread">
        <h3 id={`collab-title-${session.id}`}>Watching with you</h3>
        <button type="button" className="secondary small" data-testid="collab-open" aria-expanded={open} disabled={full} onClick={() => setOpen(!open)}>
          Invite…
        </button>
      </div>
      {session.collaborators.length === 0 ? (
        <p className="muted field-hint">Nobody else. Invite a colleague to see the screen and the chat.</p>
      ) : (
        <ul className="collab-list" data-testid="collab-list">
          {session.collaborators.map((c) => (
            <li key={c.id} className="spread">
              <span>{c.name}</span>
              <button type="button" className="ghost small" onClick={() => void client.removeCollaborator(session.id, c.id)} aria-label={`Remove ${c.name}`}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      {full && <p className="field-hint" data-testid="collab-full">At most {MAX_COLLABORATORS} colleagues can watch with you: each is another video stream from the customer&apos;s computer.</p>}
      {open && !full && (
        <form className="row collab-form" onSubmit={submit} aria-label="Invite a colleague">
          <label htmlFor={`collab-target-${session.id}`} className="visually-hidden">Colleague</label>
          {targets ? (
            <select id={`collab-target-${session.id}`} name="technician" required defaultValue="" data-testid="collab-target">
              <option value="" disabled>Choose a colleague</option>
              {targets.technicians.filter((t) => !invited.has(t.id)).map((t) => (
                <option key={t.id} value={t.id}>{t.name}{t.online ? ' · online' : ' · offline'}</option>
              ))}
            </select>
          ) : (
            <span className="muted" id={`collab-target-${session.id}`}>Loading…</span>
          )}
          <button type="submit" className="small" disabled={!targets} data-testid="collab-invite">Invite</button>
        </form>
      )}
    </section>
  );
}

/** What a collaborator sees instead of the technician's tools: whose session it is, and the way out. */
export function ViewingNotice({ client, session, me }: { client: TechnicianClient; session: SessionSummary; me: string }) {
  return (
    <section className="card notice" data-testid="viewing-notice">
      <p style={{ margin: 0 }}>You are watching. {session.assignee?.name ?? 'Its technician'} works this session; you can chat.</p>
      <button type="button" className="secondary small" style={{ marginTop: '0.5rem' }} data-testid="collab-leave" onClick={() => void client.removeCollaborator(session.id, me)}>
        Stop watching
      </button>
    </section>
  );
}
