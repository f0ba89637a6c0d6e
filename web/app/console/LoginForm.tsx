'use client';

import { type FormEvent, useState } from 'react';
import { Brand } from '../../components/Brand';
import { describeError } from '../../lib/messages';
import { postJson } from '../../lib/post-json';

type Next =
  | { kind: 'second_factor'; challenge: string; methods: ('totp' | 'recovery' | 'email')[] }
  | { kind: 'enroll'; challenge: string; secret: string; uri: string; qrSvg: string }
  | { kind: 'password_change'; challenge: string; reason: 'expired' | 'reset'; policy: { minLength: number; strength: string } };

type Answer = Awaited<ReturnType<typeof postJson>> & { next?: Next | null; recoveryCodes?: string[] };

const strengthHelp: Record<string, string> = {
  good: 'at least two kinds of characters (lower case, upper case, digits, symbols)',
  high: 'at least three kinds of characters (lower case, upper case, digits, symbols)',
  excellent: 'lower case, upper case, digits and symbols, no character three times in a row',
};

/**
 * Signing in, step by step, as the server leads: password; then a code from the authenticator (or a recovery
 * code, or one sent by e-mail); or setting the authenticator up; or a new password. Each step is one form.
 */
export function LoginForm() {
  const [next, setNext] = useState<Next | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [method, setMethod] = useState<'totp' | 'recovery' | 'email'>('totp');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function call(url: string, body: unknown) {
    setBusy(true);
    setError(null);
    const result = (await postJson(url, body)) as Answer;
    setBusy(false);
    if (!result.ok) {
      const message = result.code === 'invalid_code' ? 'That code is not right. Check it and try again.' : result.code === 'bad_request' || result.code === 'forbidden' || result.code === 'unauthorized' ? result.message ?? describeError(result.code) : describeError(result.code ?? 'internal', result.retryAfterMs);
      setError(result.code === 'bad_request' && url.endsWith('/login') ? describeError('invalid_credentials') : message);
      if (result.code === 'unauthorized') setNext(null);
      return;
    }
    if (result.recoveryCodes?.length) setRecoveryCodes(result.recoveryCodes);
    if (result.next) setNext(result.next);
    else if (!result.recoveryCodes?.length) window.location.reload();
    else setNext(null);
  }

  const form = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    return new FormData(event.currentTarget);
  };

  if (recoveryCodes) {
    return (
      <Frame title="Keep your recovery codes">
        <p>Each code signs you in once if you lose your authenticator. Store them somewhere safe; they are not shown again.</p>
        <ul className="recovery-codes" data-testid="recovery-codes">{recoveryCodes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
        <button type="button" data-testid="recovery-continue" onClick={() => (next ? setRecoveryCodes(null) : window.location.reload())} style={{ width: '100%' }}>I saved them, continue</button>
      </Frame>
    );
  }

  if (next?.kind === 'second_factor') {
    const labels = { totp: 'Code from your authenticator app', recovery: 'Recovery code', email: 'Code we e-mailed you' };
    return (
      <Frame title="Two-step verification">
        <form onSubmit={(e) => void call('/api/auth/second-factor', { challenge: next.challenge, method, code: form(e).get('code') })}>
          <div className="field">
            <label htmlFor="login-code">{labels[method]}</label>
            <input id="login-code" name="code" inputMode={method === 'recovery' ? 'text' : 'numeric'} autoComplete="one-time-code" required autoFocus data-testid="login-code" />
          </div>
          {error && <p className="error" role="alert" data-testid="login-error">{error}</p>}
          {note && <p role="status">{note}</p>}
          <button type="submit" disabled={busy} data-testid="login-code-submit" style={{ width: '100%' }}>{busy ? 'Checking…' : 'Verify'}</button>
        </form>
        <div className="row login-alternatives">
          {method !== 'totp' && <button type="button" className="ghost small" onClick={() => setMethod('totp')}>Use the authenticator</button>}
          {method !== 'recovery' && <button type="button" className="ghost small" data-testid="login-use-recovery" onClick={() => setMethod('recovery')}>Use a recovery code</button>}
          {method !== 'email' && (
            <button type="button" className="ghost small" data-testid="login-use-email" onClick={() => {
              setMethod('email');
              void postJson('/api/auth/email-code', { challenge: next.challenge }).then((r) => setNote(r.ok ? 'We sent a code to your e-mail address.' : r.message ?? 'The code could not be sent.'));
            }}>E-mail me a code</button>
          )}
        </div>
      </Frame>
    );
  }

  if (next?.kind === 'enroll') {
    return (
      <Frame title="Set up two-step verification">
        <p>Your organisation asks for a second step at sign-in. Scan this code with an authenticator app (or type the key), then enter the 6 digits it shows.</p>
        <div className="enroll-qr" data-testid="enroll-qr" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: next.qrSvg }} />
        <p className="field-hint">Key: <code data-testid="enroll-secret" className="enroll-secret">{next.secret}</code></p>
        <form onSubmit={(e) => void call('/api/auth/enroll', { challenge: next.challenge, code: form(e).get('code') })}>
          <div className="field">
            <label htmlFor="enroll-code">6-digit code</label>
            <input id="enroll-code" name="code" inputMode="numeric" autoComplete="one-time-code" required data-testid="enroll-code" />
          </div>
          {error && <p className="error" role="alert" data-testid="login-error">{error}</p>}
          <button type="submit" disabled={busy} data-testid="enroll-submit" style={{ width: '100%' }}>{busy ? 'Checking…' : 'Turn on two-step verification'}</button>
        </form>
      </Frame>
    );
  }

  if (next?.kind === 'password_change') {
    return (
      <Frame title="Choose a new password">
        <p>{next.reason === 'reset' ? 'An administrator reset your password.' : 'Your password has expired.'} Use at least {next.policy.minLength} characters with {strengthHelp[next.policy.strength] ?? 'a mix of characters'}.</p>
        <form onSubmit={(e) => void call('/api/auth/new-password', { challenge: next.challenge, password: form(e).get('password') })}>
          <div className="field">
            <label htmlFor="new-password">New password</label>
            <input id="new-password" name="password" type="password" autoComplete="new-password" required data-testid="new-password" aria-describedby={error ? 'new-password-error' : undefined} />
            {error && <p id="new-password-error" className="error" role="alert" data-testid="login-error">{error}</p>}
          </div>
          <button type="submit" disabled={busy} data-testid="new-password-submit" style={{ width: '100%' }}>Save and sign in</button>
        </form>
      </Frame>
    );
  }

  return (
    <Frame title="Sign in to the console">
      <form onSubmit={(e) => {
        const fields = form(e);
        void call('/api/auth/login', { email: fields.get('email'), password: fields.get('password') });
      }}>
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
    </Frame>
  );
}

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="center-page">
      <Brand />
      <section className="card" aria-labelledby="login-title">
        <h1 id="login-title">{title}</h1>
        {children}
      </section>
    </main>
  );
}
