'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type { SignInView } from '../../../core/auth/account-settings';
import { postJson } from '../../lib/post-json';

type Status = { ok: boolean; text: string } | null;

function Feedback({ status, testId }: { status: Status; testId: string }) {
  if (!status) return null;
  return <p className={status.ok ? 'admin-status' : 'error'} role={status.ok ? 'status' : 'alert'} data-testid={testId}>{status.text}</p>;
}

const factorLabels: Record<string, string> = { totp: 'authenticator', recovery: 'recovery code', email: 'e-mailed code' };

export function AccountForms({ email, twoFactorEnrolled, twoFactorRequired, signIns }: { email: string; twoFactorEnrolled: boolean; twoFactorRequired: boolean; signIns: SignInView[] }) {
  const router = useRouter();
  const [passwordStatus, setPasswordStatus] = useState<Status>(null);
  const [emailStatus, setEmailStatus] = useState<Status>(null);
  const [emailPending, setEmailPending] = useState<string | null>(null);
  const [enrollment, setEnrollment] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [twoFactorStatus, setTwoFactorStatus] = useState<Status>(null);

  const fail = (r: Awaited<ReturnType<typeof postJson>>) => ({ ok: false, text: r.code === 'network' ? 'We could not reach the server. Try again.' : r.message ?? 'Something went wrong.' });

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    const r = await postJson('/api/account/password', { current: fields.get('current'), next: fields.get('next') });
    setPasswordStatus(r.ok ? { ok: true, text: 'Your password was changed.' } : fail(r));
    if (r.ok) form.reset();
  }

  async function requestEmail(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const address = String(fields.get('email'));
    const r = await postJson('/api/account/email', { email: address, password: fields.get('password') });
    if (r.ok) setEmailPending(address);
    setEmailStatus(r.ok ? { ok: true, text: `We sent a code to ${address}. Enter it below.` } : fail(r));
  }

  async function confirmEmail(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const r = await postJson('/api/account/email/confirm', { code: new FormData(event.currentTarget).get('code') });
    setEmailStatus(r.ok ? { ok: true, text: 'Your e-mail address was changed.' } : fail(r));
    if (r.ok) {
      setEmailPending(null);
      router.refresh();
    }
  }

  async function startTotp() {
    const r = (await postJson('/api/account/two-factor/start', {})) as Awaited<ReturnType<typeof postJson>> & { secret?: string; qrSvg?: string };
    if (r.ok && r.secret && r.qrSvg) setEnrollment({ secret: r.secret, qrSvg: r.qrSvg });
    else setTwoFactorStatus(fail(r));
  }

  async function confirmTotp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const r = (await postJson('/api/account/two-factor/confirm', { secret: enrollment?.secret, code: fields.get('code'), password: fields.get('password') })) as Awaited<ReturnType<typeof postJson>> & { recoveryCodes?: string[] };
    if (r.ok && r.recoveryCodes) {
      setEnrollment(null);
      setRecovery(r.recoveryCodes);
      setTwoFactorStatus({ ok: true, text: 'Two-step verification is on.' });
      router.refresh();
    } else setTwoFactorStatus(fail(r));
  }

  async function simple(url: string, success: string, after?: (r: Awaited<ReturnType<typeof postJson>> & { recoveryCodes?: string[] }) => void) {
    const password = (document.getElementById('account-2fa-current') as HTMLInputElement | null)?.value ?? '';
    const r = (await postJson(url, { password })) as Awaited<ReturnType<typeof postJson>> & { recoveryCodes?: string[] };
    setTwoFactorStatus(r.ok ? { ok: true, text: success } : fail(r));
    if (r.ok) after?.(r);
  }

  async function endSignIn(handle: string) {
    const r = await postJson('/api/account/sign-ins/end', { handle });
    if (r.ok) router.refresh();
  }

  return (
    <div className="account">
      <section className="card" aria-labelledby="email-title">
        <h2 id="email-title">E-mail address</h2>
        <p>You sign in with <strong data-testid="account-email">{email}</strong>.</p>
        <form className="row" onSubmit={requestEmail}>
          <label htmlFor="new-email" className="visually-hidden">New e-mail address</label>
          <input id="new-email" name="email" type="email" required placeholder="New address" data-testid="account-new-email" />
          <label htmlFor="email-password" className="visually-hidden">Current password</label>
          <input id="email-password" name="password" type="password" autoComplete="current-password" required placeholder="Current password" data-testid="account-email-password" />
          <button type="submit" className="secondary" data-testid="account-email-send">Send a code</button>
        </form>
        {emailPending && (
          <form className="row" onSubmit={confirmEmail} style={{ marginTop: '0.5rem' }}>
            <label htmlFor="email-code" className="visually-hidden">Code from the e-mail</label>
            <input id="email-code" name="code" inputMode="numeric" required placeholder="6-digit code" data-testid="account-email-code" />
            <button type="submit" data-testid="account-email-confirm">Change my address</button>
          </form>
        )}
        <Feedback status={emailStatus} testId="account-email-status" />
      </section>

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Password</h2>
        <form onSubmit={changePassword}>
          <div className="field">
            <label htmlFor="current-password">Current password</label>
            <input id="current-password" name="current" type="password" autoComplete="current-password" required data-testid="account-current-password" />
          </div>
          <div className="field">
            <label htmlFor="next-password">New password</label>
            <input id="next-password" name="next" type="password" autoComplete="new-password" required data-testid="account-new-password" />
          </div>
          <button type="submit" data-testid="account-password-save">Change password</button>
        </form>
        <Feedback status={passwordStatus} testId="account-password-status" />
      </section>

      <section className="card" aria-labelledby="twofactor-title">
        <h2 id="twofactor-title">Two-step verification</h2>
        <p>{twoFactorEnrolled ? 'On: signing in asks for a code from your authenticator app.' : 'Off.'}{twoFactorRequired ? ' Your organisation requires it.' : ''}</p>
        {!twoFactorEnrolled && !enrollment && <button type="button" onClick={() => void startTotp()} data-testid="account-2fa-start">Set up an authenticator app</button>}
        {enrollment && (
          <form onSubmit={confirmTotp}>
            <div className="enroll-qr" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: enrollment.qrSvg }} />
            <p className="field-hint">Key: <code className="enroll-secret">{enrollment.secret}</code></p>
            <div className="row">
              <label htmlFor="account-2fa-code" className="visually-hidden">6-digit code</label>
              <input id="account-2fa-code" name="code" inputMode="numeric" required placeholder="6-digit code" />
              <label htmlFor="account-2fa-password" className="visually-hidden">Current password</label>
              <input id="account-2fa-password" name="password" type="password" autoComplete="current-password" required placeholder="Current password" />
              <button type="submit">Turn on</button>
            </div>
          </form>
        )}
        {twoFactorEnrolled && (
          <div className="row">
            <label htmlFor="account-2fa-current" className="visually-hidden">Current password</label>
            <input id="account-2fa-current" type="password" autoComplete="current-password" placeholder="Current password" />
            <button type="button" className="secondary" onClick={() => void simple('/api/account/two-factor/recovery-codes', 'New recovery codes; the old ones no longer work.', (r) => setRecovery(r.recoveryCodes ?? null))}>New recovery codes</button>
            {!twoFactorRequired && <button type="button" className="secondary" onClick={() => void simple('/api/account/two-factor/disable', 'Two-step verification is off.', () => router.refresh())}>Turn off</button>}
          </div>
        )}
        {recovery && (
          <>
            <p>Keep these recovery codes somewhere safe; each signs you in once. They are not shown again.</p>
            <ul className="recovery-codes">{recovery.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
          </>
        )}
        <Feedback status={twoFactorStatus} testId="account-2fa-status" />
      </section>

      <section className="card" aria-labelledby="signins-title">
        <h2 id="signins-title">Where you are signed in</h2>
        <ul className="sign-ins" data-testid="account-sign-ins">
          {signIns.map((s) => (
            <li key={s.handle} className="spread" data-testid="account-sign-in" data-current={s.current}>
              <span>
                <strong>{s.userAgent ? s.userAgent.replace(/^Mozilla\/5\.0 \(([^)]*)\).*$/, '$1') : 'Unknown browser'}</strong>
                <span className="muted"> · {s.address || 'unknown address'} · since {new Date(s.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC{s.secondFactor ? ` · ${factorLabels[s.secondFactor]}` : ''}</span>
                {s.current && <span className="badge ok">this browser</span>}
              </span>
              {!s.current && <button type="button" className="secondary small" onClick={() => void endSignIn(s.handle)} data-testid="account-sign-out-there">Sign out there</button>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
