'use client';

import { type FormEvent, useState } from 'react';
import { Brand } from '../../components/Brand';
import { describeError } from '../../lib/messages';
import { postJson } from '../../lib/post-json';

export function LoginForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await postJson('/api/auth/login', { email: form.get('email'), password: form.get('password') });
    setBusy(false);
    if (result.ok) window.location.reload();
    else setError(describeError(result.code === 'bad_request' ? 'invalid_credentials' : result.code ?? 'internal', result.retryAfterMs));
  }

  return (
    <main className="center-page">
      <Brand />
      <form className="card" onSubmit={submit}>
        <h1>Sign in to the console</h1>
        <div className="field">
          <label htmlFor="login-email">E-mail</label>
          <input id="login-email" name="email" type="email" data-testid="login-email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input id="login-password" name="password" type="password" data-testid="login-password" autoComplete="current-password" required />
        </div>
        {error && <p className="error" role="alert" data-testid="login-error">{error}</p>}
        <button type="submit" data-testid="login-submit" disabled={busy} style={{ width: '100%' }}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
