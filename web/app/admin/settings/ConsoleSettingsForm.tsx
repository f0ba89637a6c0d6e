'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import type { ConsoleSettings } from '../../../../core/organisation/console-settings';
import { FieldProblem, fieldProblemProps, FormProblemText } from '../../../components/FormErrors';
import { adminActions, useActionProblem } from '../admin-actions';

const FIELDS = ['waitWarnSeconds', 'waitLateSeconds', 'autoAwayMinutes', 'autoSignOutMinutes'] as const;
const LIMITS: Record<(typeof FIELDS)[number], [number, number]> = { waitWarnSeconds: [5, 3600], waitLateSeconds: [10, 14400], autoAwayMinutes: [1, 480], autoSignOutMinutes: [5, 1440] };

/** A number field's value as the API reads it: empty is null (refused where a value is needed, "never" where not). */
const numberOf = (value: FormDataEntryValue | null) => (value === null || String(value).trim() === '' ? null : Number(value));

/** When a waiting customer's time turns amber and red in the queue, and when quiet technicians turn Away or are signed out. */
export function ConsoleSettingsForm({ settings }: { settings: ConsoleSettings }) {
  const t = useTranslations('settings.console');
  const [saved, setSaved] = useState(false);
  const [problem, settle] = useActionProblem();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = Object.fromEntries(FIELDS.map((field) => [field, numberOf(form.get(field))])) as Record<(typeof FIELDS)[number], number | null>;
    setSaved(settle(await adminActions.setConsoleSettings(value)));
  }

  return (
    <form className="card settings-form" onSubmit={submit} aria-labelledby="console-settings-title" noValidate data-testid="console-settings-form">
      <h2 id="console-settings-title">{t('title')}</h2>
      {FIELDS.map((field) => {
        const id = `console-${field}`;
        const optional = field === 'autoAwayMinutes' || field === 'autoSignOutMinutes';
        const problemProps = fieldProblemProps(problem, field, id);
        const describedBy = [optional ? `${id}-hint` : null, problemProps['aria-describedby']].filter(Boolean).join(' ') || undefined;
        return (
          <div className="field" key={field}>
            <label htmlFor={id}>{t(field)}</label>
            <input id={id} name={field} type="number" inputMode="numeric" min={LIMITS[field][0]} max={LIMITS[field][1]} defaultValue={settings[field] ?? ''} required={!optional}
              data-testid={`console-setting-${field}`} aria-invalid={problemProps['aria-invalid']} aria-describedby={describedBy} />
            {optional && <p className="field-hint" id={`${id}-hint`}>{t('emptyIsNever')}</p>}
            <FieldProblem problem={problem} field={field} id={id} />
          </div>
        );
      })}
      <FormProblemText problem={problem} fields={[...FIELDS]} />
      {saved && <p className="admin-status" role="status">{t('saved')}</p>}
      <button type="submit" data-testid="console-settings-save">{t('save')}</button>
    </form>
  );
}
