'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { Brand } from '../../../components/Brand';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useFormProblem } from '../../../components/FormErrors';
import { postJson } from '../../../lib/post-json';

export function SignupForm({ token, email, groupName, organisationName, minLength }: { token: string; email: string; groupName: string; organisationName: string; minLength: number }) {
  const t = useTranslations('signup');
  const problemOf = useFormProblem();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await postJson('/api/signup', { token, name: form.get('name'), password: form.get('password') });
    setBusy(false);
    if (result.ok) {
      window.location.assign('/console');
      return;
    }
    setProblem(problemOf(result));
  }

  return (
    <main className="center-page">
      <Brand name={organisationName} />
      <form className="card" onSubmit={submit} noValidate>
        <h1>{t('title', { organisation: organisationName })}</h1>
        <p className="muted">{t.rich('invited', { email, group: groupName, strong: (chunks) => <strong>{chunks}</strong> })}</p>
        <div className="field">
          <label htmlFor="signup-name">{t('name')}</label>
          <input id="signup-name" name="name" autoComplete="name" required maxLength={80} data-testid="signup-name" {...fieldProblemProps(problem, 'name', 'signup-name')} />
          <FieldProblem problem={problem} field="name" id="signup-name" />
        </div>
        <div className="field">
          <label htmlFor="signup-password">{t('password')}</label>
          <input id="signup-password" name="password" type="password" autoComplete="new-password" required minLength={minLength} data-testid="signup-password"
            {...fieldProblemProps(problem, 'password', 'signup-password')} />
          <p id="signup-password-hint" className="field-hint">{t('passwordHint', { minimum: minLength })}</p>
          <FieldProblem problem={problem} field="password" id="signup-password" />
        </div>
        <FormProblemText problem={problem} fields={['name', 'password']} />
        <button type="submit" disabled={busy} data-testid="signup-submit" style={{ width: '100%' }}>{busy ? t('creating') : t('create')}</button>
      </form>
    </main>
  );
}
