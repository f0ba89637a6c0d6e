'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useState } from 'react';
import { MAX_COLLABORATORS, type SessionSummary, type TransferTargets } from '../../../protocol';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useFormProblem } from '../../components/FormErrors';
import type { TechnicianClient } from '../../../client/technician-client';

/**
 * The session's technician invites colleagues to watch the screen and read the chat. Each one is another
 * stream from the customer's computer, so the server caps them (and this says so before anyone tries).
 */
export function CollaboratorsPanel({ client, session }: { client: TechnicianClient; session: SessionSummary }) {
  const t = useTranslations('collaborators');
  const problemOf = useFormProblem();
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const full = session.collaborators.length >= MAX_COLLABORATORS;
  const targetId = `collab-target-${session.id}`;

  useEffect(() => {
    if (open && !targets) void client.collaboratorTargets().then(setTargets);
  }, [open, targets, client]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get('technician'));
    const outcome = await client.inviteCollaborator(session.id, id);
    setProblem(outcome.ok ? null : problemOf(outcome));
    if (outcome.ok) setOpen(false);
  }

  const invited = new Set(session.collaborators.map((c) => c.id));
  return (
    <section className="collaborators" aria-labelledby={`collab-title-${session.id}`}>
      <div className="spread">
        <h3 id={`collab-title-${session.id}`}>{t('title')}</h3>
        <button type="button" className="secondary small" data-testid="collab-open" aria-expanded={open} disabled={full} onClick={() => { setOpen(!open); setProblem(null); }}>
          {t('open')}
        </button>
      </div>
      {session.collaborators.length === 0 ? (
        <p className="muted field-hint">{t('nobody')}</p>
      ) : (
        <ul className="collab-list" data-testid="collab-list">
          {session.collaborators.map((c) => (
            <li key={c.id} className="spread">
              <span>{c.name}</span>
              <button type="button" className="ghost small" onClick={() => void client.removeCollaborator(session.id, c.id)} aria-label={t('removeLabel', { name: c.name })}>{t('remove')}</button>
            </li>
          ))}
        </ul>
      )}
      {full && <p className="field-hint" data-testid="collab-full">{t('full', { maximum: MAX_COLLABORATORS })}</p>}
      {open && !full && (
        <form className="collab-form" onSubmit={submit} aria-label={t('formLabel')}>
          <div className="row">
            <label htmlFor={targetId} className="visually-hidden">{t('colleague')}</label>
            {targets ? (
              <select id={targetId} name="technician" required defaultValue="" data-testid="collab-target" {...fieldProblemProps(problem, 'technicianId', targetId)}>
                <option value="" disabled>{t('choose')}</option>
                {targets.technicians.filter((tech) => !invited.has(tech.id)).map((tech) => (
                  <option key={tech.id} value={tech.id}>{t('colleagueOption', { name: tech.name, online: tech.online ? 'yes' : 'no' })}</option>
                ))}
              </select>
            ) : (
              <span className="muted" id={targetId}>{t('loading')}</span>
            )}
            <button type="submit" className="small" disabled={!targets} data-testid="collab-invite">{t('invite')}</button>
          </div>
          <FieldProblem problem={problem} field="technicianId" id={targetId} />
          <FormProblemText problem={problem} fields={['technicianId']} />
        </form>
      )}
    </section>
  );
}

/** What a collaborator sees instead of the technician's tools: whose session it is, and the way out. */
export function ViewingNotice({ client, session, me }: { client: TechnicianClient; session: SessionSummary; me: string }) {
  const t = useTranslations('collaborators');
  return (
    <section className="card notice" data-testid="viewing-notice">
      <p style={{ margin: 0 }}>{session.assignee ? t('watching', { name: session.assignee.name }) : t('watchingUnassigned')}</p>
      <button type="button" className="secondary small" style={{ marginTop: '0.5rem' }} data-testid="collab-leave" onClick={() => void client.removeCollaborator(session.id, me)}>
        {t('leave')}
      </button>
    </section>
  );
}
