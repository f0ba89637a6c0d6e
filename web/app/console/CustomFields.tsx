'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import type { SessionSummary } from '../../../protocol';
import type { TechnicianClient } from '../../../client/technician-client';
import { FieldProblem, type FormProblem, useFormProblem } from '../../components/FormErrors';

/** The answers in a queue row: short, one line each. */
export function CustomFieldsSummary({ session }: { session: SessionSummary }) {
  if (session.customFields.length === 0) return null;
  return (
    <dl className="custom-fields compact">
      {session.customFields.map((f) => (
        <div key={f.id} data-testid="custom-field" data-label={f.label} data-value={f.value}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The answers in the session panel, and (with the "edit custom fields" right, on fields the channel allows)
 * a form to correct them. The server checks both again and logs who changed what.
 */
export function CustomFieldsPanel({ client, session, canEdit }: { client: TechnicianClient; session: SessionSummary; canEdit: boolean }) {
  const t = useTranslations('queue');
  const problemOf = useFormProblem();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const editable = session.customFields.filter((f) => f.editable);
  if (session.customFields.length === 0 && !session.channel) return null;

  async function save(event: FormEvent) {
    event.preventDefault();
    const changed = Object.fromEntries(Object.entries(values).filter(([id, value]) => value !== session.customFields.find((f) => f.id === id)?.value));
    if (Object.keys(changed).length === 0) return setEditing(false);
    const outcome = await client.editCustomFields(session.id, changed);
    setProblem(outcome.ok ? null : problemOf(outcome));
    if (outcome.ok) setEditing(false);
  }

  return (
    <section className="card custom-fields-panel" aria-labelledby={`fields-${session.id}`} data-testid="custom-fields">
      <div className="spread">
        <h3 id={`fields-${session.id}`}>{session.channel ? t('fromChannel', { channel: session.channel.name }) : t('fields')}</h3>
        {canEdit && editable.length > 0 && !editing && session.state !== 'closed' && (
          <button type="button" className="secondary small" data-testid="custom-field-edit"
            onClick={() => { setValues(Object.fromEntries(editable.map((f) => [f.id, f.value]))); setProblem(null); setEditing(true); }}>
            {t('editFields')}
          </button>
        )}
      </div>
      {session.request && <p className="badge waiting" data-testid="request-badge">{t('request')}</p>}
      {editing ? (
        <form onSubmit={save} noValidate>
          {editable.map((f) => {
            const id = `field-${session.id}-${f.id}`;
            return (
              <div className="field" key={f.id}>
                <label htmlFor={id}>{f.label}</label>
                <input id={id} value={values[f.id] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [f.id]: e.target.value }))} data-testid="custom-field-input" data-label={f.label}
                  aria-invalid={problem?.field === `field:${f.id}` || undefined} />
                <FieldProblem problem={problem} field={`field:${f.id}`} id={id} />
              </div>
            );
          })}
          {problem && !problem.field?.startsWith('field:') && <p className="error" role="alert">{problem.text}</p>}
          <div className="row">
            <button type="submit" className="small" data-testid="custom-field-save">{t('saveFields')}</button>
            <button type="button" className="secondary small" onClick={() => setEditing(false)}>{t('cancel')}</button>
          </div>
        </form>
      ) : (
        <CustomFieldsSummary session={session} />
      )}
    </section>
  );
}
