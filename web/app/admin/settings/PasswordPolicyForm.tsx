'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import type { PasswordPolicy } from '../../../../core/auth/password-policy';
import { FieldProblem, fieldProblemProps, FormProblemText } from '../../../components/FormErrors';
import { adminActions, useActionProblem } from '../admin-actions';
import { SaveRow } from '../../../components/SaveRow';

const POLICY_FIELDS = ['minLength', 'strength', 'maxAgeDays', 'warnDays'];

/** A number field's value as the API reads it: empty stays empty (refused as missing, not as 0). */
const numberOf = (value: FormDataEntryValue | null) => (value === null || String(value).trim() === '' ? null : Number(value));

export function PasswordPolicyForm({ policy }: { policy: PasswordPolicy }) {
  const t = useTranslations('settings.policy');
  const [saved, setSaved] = useState(false);
  const [problem, settle] = useActionProblem();
  const [expires, setExpires] = useState(policy.maxAgeDays !== null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await adminActions.setPasswordPolicy({
      minLength: numberOf(form.get('minLength')) as number,
      strength: String(form.get('strength')),
      maxAgeDays: expires ? numberOf(form.get('maxAgeDays')) : null,
      warnDays: expires ? (numberOf(form.get('warnDays')) as number) : policy.warnDays,
    });
    setSaved(settle(result));
  }

  return (
    <form className="card settings-form" onSubmit={submit} aria-labelledby="policy-title" noValidate>
      <h2 id="policy-title">{t('title')}</h2>
      <div className="field">
        <label htmlFor="policy-min">{t('minLength')}</label>
        <input id="policy-min" name="minLength" type="number" min={8} max={128} defaultValue={policy.minLength} required data-testid="policy-min-length"
          {...fieldProblemProps(problem, 'minLength', 'policy-min')} />
        <FieldProblem problem={problem} field="minLength" id="policy-min" />
      </div>
      <div className="field">
        <label htmlFor="policy-strength">{t('strength')}</label>
        <select id="policy-strength" name="strength" defaultValue={policy.strength} data-testid="policy-strength" {...fieldProblemProps(problem, 'strength', 'policy-strength')}>
          <option value="good">{t('good')}</option>
          <option value="high">{t('high')}</option>
          <option value="excellent">{t('excellent')}</option>
        </select>
        <FieldProblem problem={problem} field="strength" id="policy-strength" />
      </div>
      <label className="checkbox field">
        <input type="checkbox" checked={expires} onChange={(e) => setExpires(e.target.checked)} data-testid="policy-expires" /> {t('expires')}
      </label>
      {expires && (
        <div className="row">
          <div className="field">
            <label htmlFor="policy-age">{t('maxAge')}</label>
            <input id="policy-age" name="maxAgeDays" type="number" min={1} max={3650} defaultValue={policy.maxAgeDays ?? 90} required data-testid="policy-max-age"
              {...fieldProblemProps(problem, 'maxAgeDays', 'policy-age')} />
            <FieldProblem problem={problem} field="maxAgeDays" id="policy-age" />
          </div>
          <div className="field">
            <label htmlFor="policy-warn">{t('warnDays')}</label>
            <input id="policy-warn" name="warnDays" type="number" min={0} max={90} defaultValue={policy.warnDays} required {...fieldProblemProps(problem, 'warnDays', 'policy-warn')} />
            <FieldProblem problem={problem} field="warnDays" id="policy-warn" />
          </div>
        </div>
      )}
      <FormProblemText problem={problem} fields={expires ? POLICY_FIELDS : ['minLength', 'strength']} />
      <SaveRow label={t('save')} note={saved ? t('saved') : null} testId="policy-save" />
    </form>
  );
}

/** Which security events are mailed to every master administrator. */
export function SecurityMailForm({ settings, kinds }: { settings: Record<string, boolean>; kinds: string[] }) {
  const t = useTranslations('settings.mail');
  const [saved, setSaved] = useState(false);
  const [problem, settle] = useActionProblem();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = Object.fromEntries(kinds.map((key) => [key, form.get(key) === 'on']));
    setSaved(settle(await adminActions.setSecurityMail(value)));
  }
  return (
    <form className="card settings-form" onSubmit={submit} aria-labelledby="mail-title" noValidate>
      <h2 id="mail-title">{t('title')}</h2>
      <fieldset className="scope">
        <legend>{t('legend')}</legend>
        {kinds.map((key) => (
          <label key={key} className="checkbox">
            <input type="checkbox" name={key} defaultChecked={settings[key]} data-testid={`security-mail-${key}`} /> {t.has(`events.${key}`) ? t(`events.${key}`) : key}
          </label>
        ))}
      </fieldset>
      <FormProblemText problem={problem} fields={[]} />
      <SaveRow label={t('save')} note={saved ? t('saved') : null} testId="security-mail-save" />
    </form>
  );
}
