'use client';

import { type FormEvent, useState } from 'react';
import { Brand } from '../../../components/Brand';
import { postJson } from '../../../lib/post-json';

export function SignupForm({ token, email, groupName, organisationName }: { token: string; email: string; groupName: string; organisationName: string }) {
  const [problem, setProblem] = useState<{ field?: string; text: string } | null>(null);
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
    setProblem({
      field: result.field,
      text: result.code === 'network' ? 'We could not reach the server. Check your connection and try again.' : result.message ?? 'Something went wrong. Try again.',
    });
  }

  const fieldError = (field: string) => (problem?.field === field ? problem.text : null);
  return (
    <main className="center-page">
      <Brand name={organisationName} />
      <form className="card" onSubmit={submit} noValidate>
        <h1>Join {organisationName}</h1>
        <p className="muted">You were invited as <strong>{email}</strong> to the group {groupName}.</p>
        <div className="field">
          <label htmlFor="signup-name">Your name</label>
          <input id="signup-name" name="name" autoComplete="name" required maxLength={80} data-testid="signup-name"
            aria-invalid={Boolean(fieldError('name'))} aria-describedby={fieldError('name') ? 'signup-name-error' : undefined} />
          {fieldError('name') && <p id="signup-name-error" className="error">{fieldError('name')}</p>}
        </div>
        <div className="field">
          <label htmlFor="signup-password">Password</label>
          <input id="signup-password" name="password" type="password" autoComplete="new-password" required minLength={12} data-testid="signup-password"
            aria-invalid={Boolean(fieldError('password'))} aria-describedby="signup-password-hint" />
          <p id="signup-password-hint" className="field-hint">At least 12 characters.</p>
          {fieldError('password') && <p className="error">{fieldError('password')}</p>}
        </div>
        {problem && !problem.field && <p className="error" role="alert">{problem.text}</p>}
        <button type="submit" disabled={busy} data-testid="signup-submit" style={{ width: '100%' }}>{busy ? 'Creating your account…' : 'Create account'}</button>
      </form>
    </main>
  );
}
