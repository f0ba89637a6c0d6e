'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type { SignInView } from '../../../core/auth/account-settings';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useFormProblem } from '../../components/FormErrors';
import { type PostResult, postJson } from '../../lib/post-json';

/**
 * A success to announce, under the button that was clicked, in a line kept for it: nothing below moves when it
 * appears. Refusals are problems, shown next to their field or once for the form.
 */
function Saved({ text, testId }: { text: string | null; testId: string }) {
  return <p className="save-note save-line" role="status" data-testid={testId}>{text ? <span className="save-note-text">✓ {text}</span> : null}</p>;
}

type Answer = PostResult & { recoveryCodes?: string[]; secret?: string; qrSvg?: string };

export function AccountForms({ email, twoFactorEnrolled, twoFactorRequired, signIns }: { email: string; twoFactorEnrolled: boolean; twoFactorRequired: boolean; signIns: SignInView[] }) {
  const t = useTranslations('account');
  const format = useFormatter();
  const router = useRouter();
  const problemOf = useFormProblem();
  const [passwordSaved, setPasswordSaved] = useState<string | null>(null);
  const [passwordProblem, setPasswordProblem] = useState<FormProblem | null>(null);
  const [emailSaved, setEmailSaved] = useState<string | null>(null);
  const [emailProblem, setEmailProblem] = useState<FormProblem | null>(null);
  const [codeProblem, setCodeProblem] = useState<FormProblem | null>(null);
  const [emailPending, setEmailPending] = useState<string | null>(null);
  const [enrollment, setEnrollment] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [twoFactorSaved, setTwoFactorSaved] = useState<string | null>(null);
  const [twoFactorProblem, setTwoFactorProblem] = useState<FormProblem | null>(null);
  const [signInProblem, setSignInProblem] = useState<FormProblem | null>(null);

  /**
   * The refusals of this page that the shared sentences say too vaguely: a wrong current password (refused with
   * the field it came from), an address that is already yours or taken, a wrong authenticator code.
   */
  const explain = (r: PostResult, about?: 'totp'): FormProblem => {
    if (r.code === 'invalid_credentials' && r.field) return { field: r.field, text: t('wrongPassword') };
    if (r.code === 'invalid_code' && about === 'totp') return { field: r.field, text: t('totpCodeWrong') };
    if (r.field === 'email' && r.code === 'bad_request' && !r.reasons?.length) return { field: 'email', text: t('sameAddress') };
    if (r.field === 'email' && r.code === 'conflict') return { field: 'email', text: t('addressTaken') };
    return problemOf(r);
  };

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    const r = await postJson('/api/account/password', { current: fields.get('current'), next: fields.get('next') });
    setPasswordSaved(r.ok ? t('passwordChanged') : null);
    setPasswordProblem(r.ok ? null : explain(r));
    if (r.ok) form.reset();
  }

  async function requestEmail(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const address = String(fields.get('email')).trim();
    const r = await postJson('/api/account/email', { email: address, password: fields.get('password') });
    if (r.ok) setEmailPending(address);
    setEmailSaved(r.ok ? t('codeSent', { address }) : null);
    setEmailProblem(r.ok ? null : explain(r));
    setCodeProblem(null);
  }

  async function confirmEmail(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const r = await postJson('/api/account/email/confirm', { code: new FormData(event.currentTarget).get('code') });
    setEmailSaved(r.ok ? t('emailChanged') : null);
    setCodeProblem(r.ok ? null : explain(r));
    if (r.ok) {
      setEmailPending(null);
      router.refresh();
    }
  }

  async function startTotp() {
    const r = (await postJson('/api/account/two-factor/start', {})) as Answer;
    setTwoFactorSaved(null);
    setTwoFactorProblem(r.ok && r.secret && r.qrSvg ? null : explain(r));
    if (r.ok && r.secret && r.qrSvg) setEnrollment({ secret: r.secret, qrSvg: r.qrSvg });
  }

  async function confirmTotp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const r = (await postJson('/api/account/two-factor/confirm', { secret: enrollment?.secret, code: fields.get('code'), password: fields.get('password') })) as Answer;
    const done = r.ok && r.recoveryCodes;
    setTwoFactorSaved(done ? t('twoFactorOnSaved') : null);
    setTwoFactorProblem(done ? null : explain(r, 'totp'));
    if (done) {
      setEnrollment(null);
      setRecovery(r.recoveryCodes!);
      router.refresh();
    }
  }

  /** The two changes that ask for the current password again, from the one field beside their buttons. */
  async function withPassword(url: string, success: string, after?: (r: Answer) => void) {
    const password = (document.getElementById('account-2fa-current') as HTMLInputElement | null)?.value ?? '';
    const r = (await postJson(url, { password })) as Answer;
    setTwoFactorSaved(r.ok ? success : null);
    setTwoFactorProblem(r.ok ? null : explain(r));
    if (r.ok) after?.(r);
  }

  async function endSignIn(handle: string) {
    const r = await postJson('/api/account/sign-ins/end', { handle });
    setSignInProblem(r.ok ? null : explain(r));
    if (r.ok) router.refresh();
  }

  const since = (at: number) => format.dateTime(at, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const browserOf = (userAgent: string) => (userAgent ? userAgent.replace(/^Mozilla\/5\.0 \(([^)]*)\).*$/, '$1') : t('unknownBrowser'));

  return (
    <div className="account">
      <section className="card" aria-labelledby="email-title">
        <h2 id="email-title">{t('emailTitle')}</h2>
        <p>{t.rich('signInWith', { email, strong: (chunks) => <strong data-testid="account-email">{chunks}</strong> })}</p>
        <form onSubmit={requestEmail} noValidate>
          <div className="field">
            <label htmlFor="new-email">{t('newEmail')}</label>
            <input id="new-email" name="email" type="email" autoComplete="email" required data-testid="account-new-email" {...fieldProblemProps(emailProblem, 'email', 'new-email')} />
            <FieldProblem problem={emailProblem} field="email" id="new-email" />
          </div>
          <div className="field">
            <label htmlFor="email-password">{t('currentPassword')}</label>
            <input id="email-password" name="password" type="password" autoComplete="current-password" required data-testid="account-email-password"
              {...fieldProblemProps(emailProblem, 'password', 'email-password')} />
            <FieldProblem problem={emailProblem} field="password" id="email-password" />
          </div>
          <FormProblemText problem={emailProblem} fields={['email', 'password']} testId="account-email-status" />
          <button type="submit" className="secondary" data-testid="account-email-send">{t('sendCode')}</button>
        </form>
        {emailPending && (
          <form onSubmit={confirmEmail} style={{ marginTop: '0.5rem' }} noValidate>
            <div className="field">
              <label htmlFor="email-code">{t('emailCode')}</label>
              <input id="email-code" name="code" inputMode="numeric" autoComplete="one-time-code" required placeholder={t('codePlaceholder')} data-testid="account-email-code"
                {...fieldProblemProps(codeProblem, 'code', 'email-code')} />
              <FieldProblem problem={codeProblem} field="code" id="email-code" />
            </div>
            <FormProblemText problem={codeProblem} fields={['code']} testId="account-email-status" />
            <button type="submit" data-testid="account-email-confirm">{t('changeAddress')}</button>
          </form>
        )}
        <Saved text={emailSaved} testId="account-email-status" />
      </section>

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">{t('passwordTitle')}</h2>
        <form onSubmit={changePassword} noValidate>
          <div className="field">
            <label htmlFor="current-password">{t('currentPassword')}</label>
            <input id="current-password" name="current" type="password" autoComplete="current-password" required data-testid="account-current-password"
              {...fieldProblemProps(passwordProblem, 'current', 'current-password')} />
            <FieldProblem problem={passwordProblem} field="current" id="current-password" />
          </div>
          <div className="field">
            <label htmlFor="next-password">{t('newPassword')}</label>
            <input id="next-password" name="next" type="password" autoComplete="new-password" required data-testid="account-new-password"
              {...fieldProblemProps(passwordProblem, 'next', 'next-password')} />
            <FieldProblem problem={passwordProblem} field="next" id="next-password" />
          </div>
          <FormProblemText problem={passwordProblem} fields={['current', 'next']} testId="account-password-status" />
          <button type="submit" data-testid="account-password-save">{t('changePassword')}</button>
        </form>
        <Saved text={passwordSaved} testId="account-password-status" />
      </section>

      <section className="card" aria-labelledby="twofactor-title">
        <h2 id="twofactor-title">{t('twoFactorTitle')}</h2>
        <p>{twoFactorEnrolled ? t('twoFactorOn') : t('twoFactorOff')}{twoFactorRequired ? ` ${t('twoFactorRequired')}` : ''}</p>
        {!twoFactorEnrolled && !enrollment && <button type="button" onClick={() => void startTotp()} data-testid="account-2fa-start">{t('setUpAuthenticator')}</button>}
        {enrollment && (
          <form onSubmit={confirmTotp} noValidate>
            <div className="enroll-qr" role="img" aria-label={t('qrLabel')} dangerouslySetInnerHTML={{ __html: enrollment.qrSvg }} />
            <p className="field-hint">{t.rich('key', { secret: enrollment.secret, code: (chunks) => <code className="enroll-secret">{chunks}</code> })}</p>
            <div className="field">
              <label htmlFor="account-2fa-code">{t('authenticatorCode')}</label>
              <input id="account-2fa-code" name="code" inputMode="numeric" autoComplete="one-time-code" required placeholder={t('codePlaceholder')}
                {...fieldProblemProps(twoFactorProblem, 'code', 'account-2fa-code')} />
              <FieldProblem problem={twoFactorProblem} field="code" id="account-2fa-code" />
            </div>
            <div className="field">
              <label htmlFor="account-2fa-password">{t('currentPassword')}</label>
              <input id="account-2fa-password" name="password" type="password" autoComplete="current-password" required
                {...fieldProblemProps(twoFactorProblem, 'password', 'account-2fa-password')} />
              <FieldProblem problem={twoFactorProblem} field="password" id="account-2fa-password" />
            </div>
            <button type="submit">{t('turnOn')}</button>
          </form>
        )}
        {twoFactorEnrolled && (
          <>
            <div className="row">
              <label htmlFor="account-2fa-current" className="visually-hidden">{t('currentPassword')}</label>
              <input id="account-2fa-current" type="password" autoComplete="current-password" placeholder={t('currentPassword')}
                {...fieldProblemProps(twoFactorProblem, 'password', 'account-2fa-current')} />
              <button type="button" className="secondary" onClick={() => void withPassword('/api/account/two-factor/recovery-codes', t('newRecoveryCodesSaved'), (r) => setRecovery(r.recoveryCodes ?? null))}>
                {t('newRecoveryCodes')}
              </button>
              {!twoFactorRequired && <button type="button" className="secondary" onClick={() => void withPassword('/api/account/two-factor/disable', t('twoFactorOffSaved'), () => router.refresh())}>{t('turnOff')}</button>}
            </div>
            <FieldProblem problem={twoFactorProblem} field="password" id="account-2fa-current" />
          </>
        )}
        <FormProblemText problem={twoFactorProblem} fields={enrollment ? ['code', 'password'] : twoFactorEnrolled ? ['password'] : []} testId="account-2fa-status" />
        {recovery && (
          <>
            <p>{t('recoveryIntro')}</p>
            <ul className="recovery-codes">{recovery.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
          </>
        )}
        <Saved text={twoFactorSaved} testId="account-2fa-status" />
      </section>

      <section className="card" aria-labelledby="signins-title">
        <h2 id="signins-title">{t('signInsTitle')}</h2>
        <ul className="sign-ins" data-testid="account-sign-ins">
          {signIns.map((s) => (
            <li key={s.handle} className="spread" data-testid="account-sign-in" data-current={s.current}>
              <span>
                <strong>{browserOf(s.userAgent)}</strong>
                <span className="muted"> · {s.address || t('unknownAddress')} · {t('since', { date: since(s.createdAt) })}{s.secondFactor ? ` · ${t(`factors.${s.secondFactor}`)}` : ''}</span>
                {s.current && <span className="badge ok">{t('thisBrowser')}</span>}
              </span>
              {!s.current && <button type="button" className="secondary small" onClick={() => void endSignIn(s.handle)} data-testid="account-sign-out-there">{t('signOutThere')}</button>}
            </li>
          ))}
        </ul>
        <FormProblemText problem={signInProblem} fields={[]} />
      </section>
    </div>
  );
}
