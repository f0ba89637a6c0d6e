'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useState } from 'react';
import type { SessionSummary, TransferTargets } from '../../../protocol';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useFormProblem } from '../../components/FormErrors';
import type { TechnicianClient } from '../../../client/technician-client';

type Mode = 'transfer' | 'resolve' | null;

/**
 * Passing a session on: transfer to a technician or to a group's queue with a note for whoever takes it, or
 * resolve it with a note for the log. Both leave the console; the chat goes along with a transfer.
 */
export function HandOver({ client, session, canTransfer }: { client: TechnicianClient; session: SessionSummary; canTransfer: boolean }) {
  const t = useTranslations('handOver');
  const tShared = useTranslations('shared');
  const problemOf = useFormProblem();
  const [mode, setMode] = useState<Mode>(null);
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);

  useEffect(() => {
    if (mode === 'transfer' && !targets) void client.transferTargets().then(setTargets);
  }, [mode, targets, client]);

  function switchTo(next: Mode) {
    setMode(next);
    setProblem(null);
  }

  async function submitTransfer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [kind, id] = String(form.get('target')).split(':') as ['technician' | 'group', string];
    setBusy(true);
    const outcome = await client.transfer(session.id, { kind, id }, String(form.get('note') ?? ''));
    setBusy(false);
    if (outcome.ok) switchTo(null);
    else setProblem(problemOf(outcome));
  }

  async function submitResolve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const outcome = await client.resolve(session.id, String(new FormData(event.currentTarget).get('note') ?? ''));
    setBusy(false);
    if (outcome.ok) switchTo(null);
    else setProblem(problemOf(outcome));
  }

  return (
    <div className="hand-over">
      <div className="row">
        {canTransfer && (
          <button type="button" className="secondary" data-testid="transfer-session" aria-expanded={mode === 'transfer'} onClick={() => switchTo(mode === 'transfer' ? null : 'transfer')}>
            {t('transfer')}
          </button>
        )}
        <button type="button" data-testid="resolve-session" aria-expanded={mode === 'resolve'} onClick={() => switchTo(mode === 'resolve' ? null : 'resolve')}>
          {t('resolve')}
        </button>
      </div>
      {mode === 'transfer' && (
        <form className="card hand-over-form" onSubmit={submitTransfer} aria-label={t('transferLabel')}>
          <div className="field">
            <label htmlFor="transfer-target">{t('transferTo')}</label>
            {targets ? (
              <select id="transfer-target" name="target" required data-testid="transfer-target" defaultValue="" {...fieldProblemProps(problem, 'to', 'transfer-target')}>
                <option value="" disabled>{t('choose')}</option>
                <optgroup label={t('technicians')}>
                  {targets.technicians.map((tech) => (
                    <option key={tech.id} value={`technician:${tech.id}`} data-status={tech.status}>
                      {tech.groupName ? t('technicianInGroup', { name: tech.name, group: tech.groupName, status: tech.status }) : t('technician', { name: tech.name, status: tech.status })}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t('groupQueues')}>
                  {targets.groups.map((g) => <option key={g.id} value={`group:${g.id}`}>{t('groupQueue', { group: g.name })}</option>)}
                </optgroup>
              </select>
            ) : (
              <p className="muted" id="transfer-target">{t('loading')}</p>
            )}
            <FieldProblem problem={problem} field="to" id="transfer-target" />
          </div>
          <div className="field">
            <label htmlFor="transfer-note">{t('noteLabel')}</label>
            <textarea id="transfer-note" name="note" maxLength={2000} rows={3} data-testid="transfer-note" placeholder={t('notePlaceholder')}
              {...fieldProblemProps(problem, 'note', 'transfer-note')} />
            <p className="field-hint" id="transfer-note-hint">{t('noteHint')}</p>
            <FieldProblem problem={problem} field="note" id="transfer-note" />
          </div>
          <FormProblemText problem={problem} fields={['to', 'note']} />
          <div className="row">
            <button type="submit" disabled={busy || !targets} data-testid="transfer-confirm">{busy ? t('transferring') : t('confirmTransfer')}</button>
            <button type="button" className="secondary" onClick={() => switchTo(null)}>{tShared('cancel')}</button>
          </div>
        </form>
      )}
      {mode === 'resolve' && (
        <form className="card hand-over-form" onSubmit={submitResolve} aria-label={t('resolveLabel')}>
          <div className="field">
            <label htmlFor="resolve-note">{t('resolution')}</label>
            <textarea id="resolve-note" name="note" maxLength={4000} rows={3} data-testid="resolve-note" placeholder={t('resolutionPlaceholder')}
              {...fieldProblemProps(problem, 'note', 'resolve-note')} />
            <p className="field-hint" id="resolve-note-hint">{t('resolutionHint')}</p>
            <FieldProblem problem={problem} field="note" id="resolve-note" />
          </div>
          <FormProblemText problem={problem} fields={['note']} />
          <div className="row">
            <button type="submit" disabled={busy} data-testid="resolve-confirm">{busy ? t('resolving') : t('confirmResolve')}</button>
            <button type="button" className="secondary" onClick={() => switchTo(null)}>{tShared('cancel')}</button>
          </div>
        </form>
      )}
    </div>
  );
}
