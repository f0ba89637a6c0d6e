'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { Brand } from '../../components/Brand';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useFormProblem } from '../../components/FormErrors';
import { LanguageSelect } from '../../components/LanguageSelect';
import { postJson } from '../../lib/post-json';

const FIELDS = ['organisation', 'name', 'email', 'password'];

/** One-time creation of the owner (master administrator). The server refuses it once anyone exists. */
export function SetupForm() {
  const t = useTranslations('setup');
  const problemOf = useFormProblem();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await postJson('/api/setup', {
      name: form.get('name'),
      email: form.get('email'),
      password: form.get('password'),
      organisation: form.get('organisation'),
    });
    setBusy(false);
    if (result.ok) window.location.reload();
    else setProblem(problemOf(result));
  }

  return (
    <main className="center-page">
      <Brand />
      <form className="card" onSubmit={submit} noValidate>
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
        <div className="field">
          <label htmlFor="setup-organisation">{t('organisation')}</label>
          <input id="setup-organisation" name="organisation" data-testid="setup-organisation" required maxLength={80} autoComplete="organization"
            aria-describedby={problem?.field === 'organisation' ? 'setup-organisation-problem' : 'setup-organisation-hint'} aria-invalid={problem?.field === 'organisation' || undefined} />
          <p className="field-hint" id="setup-organisation-hint">{t('organisationHint')}</p>
          <FieldProblem problem={problem} field="organisation" id="setup-organisation" />
        </div>
        <div className="field">
          <label htmlFor="setup-name">{t('name')}</label>
          <input id="setup-name" name="name" data-testid="setup-name" autoComplete="name" required maxLength={80} {...fieldProblemProps(problem, 'name', 'setup-name')} />
          <FieldProblem problem={problem} field="name" id="setup-name" />
        </div>
        <div className="field">
          <label htmlFor="setup-email">{t('email')}</label>
          <input id="setup-email" name="email" type="email" data-testid="setup-email" autoComplete="email" required {...fieldProblemProps(problem, 'email', 'setup-email')} />
          <FieldProblem problem={problem} field="email" id="setup-email" />
        </div>
        <div className="field">
          <label htmlFor="setup-password">{t('password')}</label>
          <input id="setup-password" name="password" type="password" data-testid="setup-password" autoComplete="new-password" minLength={12} required
            aria-describedby={problem?.field === 'password' ? 'setup-password-hint setup-password-problem' : 'setup-password-hint'} aria-invalid={problem?.field === 'password' || undefined} />
          <p className="field-hint" id="setup-password-hint">{t('passwordHint', { minimum: 12 })}</p>
          <FieldProblem problem={problem} field="password" id="setup-password" />
        </div>
        <FormProblemText problem={problem} fields={FIELDS} />
        <button type="submit" data-testid="setup-submit" disabled={busy} style={{ width: '100%' }}>
          {busy ? t('creating') : t('create')}
        </button>
      </form>
      <LanguageSelect />
    </main>
  );
}
