'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { Brand } from '../../components/Brand';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useErrorText, useFormProblem } from '../../components/FormErrors';
import { LanguageSelect } from '../../components/LanguageSelect';
import { postJson } from '../../lib/post-json';

type Next =
  | { kind: 'second_factor'; challenge: string; methods: ('totp' | 'recovery' | 'email')[] }
  | { kind: 'enroll'; challenge: string; secret: string; uri: string; qrSvg: string }
  | { kind: 'password_change'; challenge: string; reason: 'expired' | 'reset'; policy: { minLength: number; strength: string } };

type Answer = Awaited<ReturnType<typeof postJson>> & { next?: Next | null; recoveryCodes?: string[] };

/** The password strengths the organisation may ask for (core/auth/password-policy.ts), each with its sentence. */
const STRENGTHS = new Set(['good', 'high', 'excellent']);

/**
 * Signing in, step by step, as the server leads: password; then a code from the authenticator (or a recovery
 * code, or one sent by e-mail); or setting the authenticator up; or a new password. Each step is one form, and a
 * refusal shows beside the field it is about (or once under the form), in the reader's language.
 */
/** `signedOut`: why the server ended the last sign-in (no input for the organisation's time), said above the form. */
export function LoginForm({ signedOut }: { signedOut?: 'inactive' } = {}) {
  const t = useTranslations('login');
  const problemOf = useFormProblem();
  const errorText = useErrorText();
  const [next, setNext] = useState<Next | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [method, setMethod] = useState<'totp' | 'recovery' | 'email'>('totp');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function call(url: string, body: unknown) {
    setBusy(true);
    setProblem(null);
    const result = (await postJson(url, body)) as Answer;
    setBusy(false);
    if (!result.ok) {
      // A sign-in that expired starts over at the password, and says so there.
      if (result.code === 'unauthorized') setNext(null);
      setProblem(problemOf(result));
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
      <Frame title={t('recoveryTitle')}>
        <p>{t('recoveryIntro')}</p>
        <ul className="recovery-codes" data-testid="recovery-codes">{recoveryCodes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
        <button type="button" data-testid="recovery-continue" onClick={() => (next ? setRecoveryCodes(null) : window.location.reload())} style={{ width: '100%' }}>{t('recoveryContinue')}</button>
      </Frame>
    );
  }

  if (next?.kind === 'second_factor') {
    const choose = (chosen: typeof method) => {
      setMethod(chosen);
      setProblem(null);
      setNote(null);
    };
    return (
      <Frame title={t('secondFactorTitle')}>
        <form noValidate onSubmit={(e) => void call('/api/auth/second-factor', { challenge: next.challenge, method, code: form(e).get('code') })}>
          <div className="field">
            <label htmlFor="login-code">{t(`codeLabels.${method}`)}</label>
            <input id="login-code" name="code" inputMode={method === 'recovery' ? 'text' : 'numeric'} autoComplete="one-time-code" required autoFocus data-testid="login-code"
              {...fieldProblemProps(problem, 'code', 'login-code')} />
            <FieldProblem problem={problem} field="code" id="login-code" testId="login-error" />
          </div>
          <FormProblemText problem={problem} fields={['code']} testId="login-error" />
          {note && <p role="status">{note}</p>}
          <button type="submit" disabled={busy} data-testid="login-code-submit" style={{ width: '100%' }}>{busy ? t('checking') : t('verify')}</button>
        </form>
        <div className="row login-alternatives">
          {method !== 'totp' && <button type="button" className="ghost small" onClick={() => choose('totp')}>{t('useAuthenticator')}</button>}
          {method !== 'recovery' && <button type="button" className="ghost small" data-testid="login-use-recovery" onClick={() => choose('recovery')}>{t('useRecovery')}</button>}
          {method !== 'email' && (
            <button type="button" className="ghost small" data-testid="login-use-email" onClick={() => {
              choose('email');
              void postJson('/api/auth/email-code', { challenge: next.challenge }).then((r) => setNote(r.ok ? t('emailSent') : `${t('emailFailed')} ${errorText(r)}`));
            }}>{t('useEmail')}</button>
          )}
        </div>
      </Frame>
    );
  }

  if (next?.kind === 'enroll') {
    return (
      <Frame title={t('enrollTitle')}>
        <p>{t('enrollIntro')}</p>
        <div className="enroll-qr" data-testid="enroll-qr" role="img" aria-label={t('enrollQr')} dangerouslySetInnerHTML={{ __html: next.qrSvg }} />
        <p className="field-hint">{t.rich('enrollKey', { key: next.secret, code: (chunks) => <code data-testid="enroll-secret" className="enroll-secret">{chunks}</code> })}</p>
        <form noValidate onSubmit={(e) => void call('/api/auth/enroll', { challenge: next.challenge, code: form(e).get('code') })}>
          <div className="field">
            <label htmlFor="enroll-code">{t('enrollCode')}</label>
            <input id="enroll-code" name="code" inputMode="numeric" autoComplete="one-time-code" required data-testid="enroll-code"
              {...fieldProblemProps(problem, 'code', 'enroll-code')} />
            <FieldProblem problem={problem} field="code" id="enroll-code" testId="login-error" />
          </div>
          <FormProblemText problem={problem} fields={['code']} testId="login-error" />
          <button type="submit" disabled={busy} data-testid="enroll-submit" style={{ width: '100%' }}>{busy ? t('checking') : t('enrollSubmit')}</button>
        </form>
      </Frame>
    );
  }

  if (next?.kind === 'password_change') {
    const { minLength, strength } = next.policy;
    return (
      <Frame title={t('newPasswordTitle')}>
        <p>
          {t('newPasswordWhy', { reason: next.reason })}{' '}
          {t('newPasswordRule', { minimum: minLength, strength: STRENGTHS.has(strength) ? strength : 'other' })}
        </p>
        <form noValidate onSubmit={(e) => void call('/api/auth/new-password', { challenge: next.challenge, password: form(e).get('password') })}>
          <div className="field">
            <label htmlFor="new-password">{t('newPassword')}</label>
            <input id="new-password" name="password" type="password" autoComplete="new-password" required data-testid="new-password"
              {...fieldProblemProps(problem, 'password', 'new-password')} />
            <FieldProblem problem={problem} field="password" id="new-password" testId="login-error" />
          </div>
          <FormProblemText problem={problem} fields={['password']} testId="login-error" />
          <button type="submit" disabled={busy} data-testid="new-password-submit" style={{ width: '100%' }}>{t('newPasswordSubmit')}</button>
        </form>
      </Frame>
    );
  }

  return (
    <Frame title={t('title')}>
      {signedOut === 'inactive' && <p className="notice-line" role="status" data-testid="signed-out-why">{t('signedOutInactive')}</p>}
      <form noValidate onSubmit={(e) => {
        const fields = form(e);
        void call('/api/auth/login', { email: fields.get('email'), password: fields.get('password') });
      }}>
        <div className="field">
          <label htmlFor="login-email">{t('email')}</label>
          <input id="login-email" name="email" type="email" data-testid="login-email" autoComplete="username" required
            {...fieldProblemProps(problem, 'email', 'login-email')} />
          <FieldProblem problem={problem} field="email" id="login-email" testId="login-error" />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('password')}</label>
          <input id="login-password" name="password" type="password" data-testid="login-password" autoComplete="current-password" required
            {...fieldProblemProps(problem, 'password', 'login-password')} />
          <FieldProblem problem={problem} field="password" id="login-password" testId="login-error" />
        </div>
        <FormProblemText problem={problem} fields={['email', 'password']} testId="login-error" />
        <button type="submit" data-testid="login-submit" disabled={busy} style={{ width: '100%' }}>
          {busy ? t('signingIn') : t('signIn')}
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
      <LanguageSelect />
    </main>
  );
}
