'use client';

import { type FormEvent, useEffect, useState } from 'react';
import type { SessionSummary, TransferTargets } from '../../../signaling/protocol';
import type { TechnicianClient } from '../../rtc/technician-client';

type Mode = 'transfer' | 'resolve' | null;

/**
 * Passing a session on: transfer to a technician or to a group's queue with a note for whoever takes it, or
 * resolve it with a note for the log. Both leave the console; the chat goes along with a transfer.
 */
export function HandOver({ client, session, canTransfer }: { client: TechnicianClient; session: SessionSummary; canTransfer: boolean }) {
  const [mode, setMode] = useState<Mode>(null);
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (mode === 'transfer' && !targets) void client.transferTargets().then(setTargets);
  }, [mode, targets, client]);

  async function submitTransfer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [kind, id] = String(form.get('target')).split(':') as ['technician' | 'group', string];
    setBusy(true);
    const done = await client.transfer(session.id, { kind, id }, String(form.get('note') ?? ''));
    setBusy(false);
    if (done) setMode(null);
  }

  async function submitResolve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const done = await client.resolve(session.id, String(new FormData(event.currentTarget).get('note') ?? ''));
    setBusy(false);
    if (done) setMode(null);
  }

  return (
    <div className="hand-over">
      <div className="row">
        {canTransfer && (
          <button type="button" className="secondary" data-testid="transfer-session" aria-expanded={mode === 'transfer'} onClick={() => setMode(mode === 'transfer' ? null : 'transfer')}>
            Transfer…
          </button>
        )}
        <button type="button" className="secondary" data-testid="resolve-session" aria-expanded={mode === 'resolve'} onClick={() => setMode(mode === 'resolve' ? null : 'resolve')}>
          Resolve…
        </button>
      </div>
      {mode === 'transfer' && (
        <form className="card hand-over-form" onSubmit={submitTransfer} aria-label="Transfer the session">
          <div className="field">
            <label htmlFor="transfer-target">Transfer to</label>
            {targets ? (
              <select id="transfer-target" name="target" required data-testid="transfer-target" defaultValue="">
                <option value="" disabled>Choose a technician or a queue</option>
                <optgroup label="Technicians">
                  {targets.technicians.map((t) => (
                    <option key={t.id} value={`technician:${t.id}`}>{t.name}{t.groupName ? ` (${t.groupName})` : ''}{t.online ? ' · online' : ' · offline'}</option>
                  ))}
                </optgroup>
                <optgroup label="Group queues">
                  {targets.groups.map((g) => <option key={g.id} value={`group:${g.id}`}>{g.name} queue</option>)}
                </optgroup>
              </select>
            ) : (
              <p className="muted" id="transfer-target">Loading technicians…</p>
            )}
          </div>
          <div className="field">
            <label htmlFor="transfer-note">Note for the next technician</label>
            <textarea id="transfer-note" name="note" maxLength={2000} rows={3} data-testid="transfer-note" placeholder="What the customer needs and what you tried" />
            <p className="field-hint">The chat goes along; the customer does not see this note.</p>
          </div>
          <div className="row">
            <button type="submit" disabled={busy || !targets} data-testid="transfer-confirm">{busy ? 'Transferring…' : 'Transfer'}</button>
            <button type="button" className="secondary" onClick={() => setMode(null)}>Cancel</button>
          </div>
        </form>
      )}
      {mode === 'resolve' && (
        <form className="card hand-over-form" onSubmit={submitResolve} aria-label="Resolve the session">
          <div className="field">
            <label htmlFor="resolve-note">Resolution</label>
            <textarea id="resolve-note" name="note" maxLength={4000} rows={3} data-testid="resolve-note" placeholder="What fixed it" />
            <p className="field-hint">Resolving ends the session for the customer and keeps this note in the log.</p>
          </div>
          <div className="row">
            <button type="submit" disabled={busy} data-testid="resolve-confirm">{busy ? 'Resolving…' : 'Resolve and end'}</button>
            <button type="button" className="secondary" onClick={() => setMode(null)}>Cancel</button>
          </div>
        </form>
      )}
    </div>
  );
}
