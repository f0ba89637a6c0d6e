'use client';

import { type FormEvent, useState } from 'react';
import type { PasswordPolicy } from '../../../../core/auth/password-policy';
import { adminActions, problemOf } from '../admin-actions';

export function PasswordPolicyForm({ policy }: { policy: PasswordPolicy }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [expires, setExpires] = useState(policy.maxAgeDays !== null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await adminActions.setPasswordPolicy({
      minLength: Number(form.get('minLength')),
      strength: String(form.get('strength')),
      maxAgeDays: expires ? Number(form.get('maxAgeDays')) : null,
      warnDays: Number(form.get('warnDays') ?? 14),
    });
    const problem = problemOf(result);
    setStatus(problem ? { ok: false, text: problem } : { ok: true, text: 'Password policy saved. It applies to every new password.' });
  }

  return (
    <form className="card settings-form" onSubmit={submit} aria-labelledby="policy-title">
      <h2 id="policy-title">Password policy</h2>
      <div className="field">
        <label htmlFor="policy-min">Minimum length</label>
        <input id="policy-min" name="minLength" type="number" min={8} max={128} defaultValue={policy.minLength} required data-testid="policy-min-length" />
      </div>
      <div className="field">
        <label htmlFor="policy-strength">Strength</label>
        <select id="policy-strength" name="strength" defaultValue={policy.strength} data-testid="policy-strength">
          <option value="good">Good: two kinds of characters</option>
          <option value="high">High: three kinds of characters</option>
          <option value="excellent">Excellent: all four kinds, no character three times in a row</option>
        </select>
      </div>
      <label className="checkbox field">
        <input type="checkbox" checked={expires} onChange={(e) => setExpires(e.target.checked)} data-testid="policy-expires" /> Passwords expire
      </label>
      {expires && (
        <div className="row">
          <div className="field">
            <label htmlFor="policy-age">Maximum age (days)</label>
            <input id="policy-age" name="maxAgeDays" type="number" min={1} max={3650} defaultValue={policy.maxAgeDays ?? 90} required data-testid="policy-max-age" />
          </div>
          <div className="field">
            <label htmlFor="policy-warn">Warn this many days before</label>
            <input id="policy-warn" name="warnDays" type="number" min={0} max={90} defaultValue={policy.warnDays} required />
          </div>
        </div>
      )}
      {status && <p className={status.ok ? 'admin-status' : 'error'} role="status">{status.text}</p>}
      <button type="submit" data-testid="policy-save">Save password policy</button>
    </form>
  );
}

/** Which security events are mailed to every master administrator. */
export function SecurityMailForm({ settings, labels }: { settings: Record<string, boolean>; labels: Record<string, string> }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = Object.fromEntries(Object.keys(labels).map((key) => [key, form.get(key) === 'on']));
    const result = await adminActions.setSecurityMail(value);
    const problem = problemOf(result);
    setStatus(problem ? { ok: false, text: problem } : { ok: true, text: 'Security e-mails saved.' });
  }
  return (
    <form className="card settings-form" onSubmit={submit} aria-labelledby="mail-title">
      <h2 id="mail-title">Security e-mails to master administrators</h2>
      <fieldset className="scope">
        <legend>Send an e-mail when</legend>
        {Object.entries(labels).map(([key, label]) => (
          <label key={key} className="checkbox">
            <input type="checkbox" name={key} defaultChecked={settings[key]} data-testid={`security-mail-${key}`} /> {label}
          </label>
        ))}
      </fieldset>
      {status && <p className={status.ok ? 'admin-status' : 'error'} role="status">{status.text}</p>}
      <button type="submit" data-testid="security-mail-save">Save security e-mails</button>
    </form>
  );
}
