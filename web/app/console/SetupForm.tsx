'use client';

import { type FormEvent, useState } from 'react';
import { Brand } from '../../components/Brand';
import { describeError } from '../../lib/messages';
import { postJson } from '../../lib/post-json';

/** One-time creation of the owner (master administrator). The server refuses it once anyone exists. */
export function SetupForm() {
  const [error, setError] = useState<string | null>(null);
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
    else setError(result.code === 'bad_request' && result.message ? result.message : describeError(result.code ?? 'internal'));
  }

  return (
    <main className="center-page">
      <Brand />
      <form className="card" onSubmit={submit}>
        <h1>Set up Lifeline</h1>
        <p className="muted">Create the owner account. It administers everything; you can add technicians later.</p>
        <div className="field">
          <label htmlFor="setup-organisation">Organisation name</label>
          <input id="setup-organisation" name="organisation" data-testid="setup-organisation" defaultValue="Support" required maxLength={80} />
          <p className="field-hint">Customers see it when they join.</p>
        </div>
        <div className="field">
          <label htmlFor="setup-name">Your name</label>
          <input id="setup-name" name="name" data-testid="setup-name" autoComplete="name" required maxLength={80} />
        </div>
        <div className="field">
          <label htmlFor="setup-email">E-mail</label>
          <input id="setup-email" name="email" type="email" data-testid="setup-email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="setup-password">Password</label>
          <input id="setup-password" name="password" type="password" data-testid="setup-password" autoComplete="new-password" minLength={12} required aria-describedby="setup-password-hint" />
          <p className="field-hint" id="setup-password-hint">At least 12 characters.</p>
        </div>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" data-testid="setup-submit" disabled={busy} style={{ width: '100%' }}>
          {busy ? 'Creating…' : 'Create owner account'}
        </button>
      </form>
    </main>
  );
}
