import { randomInt } from 'node:crypto';
import * as z from 'zod';
import type { AuditLog, Caller } from '../audit/audit-log';
import type { Clock } from '../clock';
import { DomainError, ErrorCode } from '../errors';
import type { Mailer } from '../mail/mailer';
import type { AuthSession, User } from '../model';
import { hashToken } from '../random';
import { FailureWindow } from '../rate-limit';
import type { AccountStore } from './account-store';
import { emailSchema } from './accounts';
import type { AuthSessions } from './auth-sessions';
import { hashPassword, verifyPassword } from './passwords';
import { type PasswordPolicy, assertPasswordMeets } from './password-policy';
import type { Enrollment, TwoFactor } from './two-factor';

const EMAIL_CODE_TTL_MS = 15 * 60 * 1000;
/**
 * Wrong current passwords per person per window before re-confirmation waits: whoever holds a stolen cookie may
 * not guess the password behind it at the server's speed.
 */
export const RECONFIRM_FAILURES = 5;
export const RECONFIRM_WINDOW_MS = 15 * 60 * 1000;

/** What a person re-confirmed their password for, as the activity log says it. */
type ReconfirmPurpose = 'password_change' | 'email_change' | 'two_factor_enrol' | 'recovery_codes' | 'two_factor_off';

export const changePasswordSchema = z.object({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) });
/** The current password, asked again before changes that could lock the owner out (a stolen cookie is not enough). */
export const reauthSchema = z.object({ password: z.string().min(1, 'Enter your current password.').max(256) });
export const changeEmailSchema = z.object({ email: emailSchema, password: reauthSchema.shape.password });
export const confirmTotpSchema = z.object({ secret: z.string().max(64), code: z.string().trim().max(16), password: reauthSchema.shape.password });
export const confirmEmailSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6 digits from the e-mail.') });

/** One sign-in as its owner sees it. `handle` names it in requests without revealing the stored hash. */
export interface SignInView {
  handle: string;
  createdAt: number;
  expiresAt: number;
  address: string;
  userAgent: string;
  secondFactor: AuthSession['secondFactor'];
  current: boolean;
}

const handleOf = (session: AuthSession) => session.id.slice(0, 16);

/**
 * What a person changes about their own account: their password, their e-mail (proved by a code sent to the new
 * address), their second factor, and their sign-ins elsewhere.
 */
export class AccountSettings {
  private readonly emailChanges = new Map<string, { email: string; codeHash: string; expiresAt: number; attempts: number }>();
  private readonly reconfirmFailures: FailureWindow;

  constructor(
    private readonly deps: {
      store: AccountStore;
      authSessions: AuthSessions;
      twoFactor: TwoFactor;
      mailer: Mailer;
      audit: AuditLog;
      clock: Clock;
      passwordPolicy: () => Promise<PasswordPolicy>;
      /** Whether this person's organisation requires a second factor of them (they may not turn it off). */
      requiresTwoFactor: (userId: string) => Promise<boolean>;
    },
  ) {
    this.reconfirmFailures = new FailureWindow(deps.clock, RECONFIRM_FAILURES, RECONFIRM_WINDOW_MS);
  }

  async signIns(user: User, currentSessionId: string): Promise<SignInView[]> {
    return (await this.deps.authSessions.listForUser(user.id)).map((s) => ({
      handle: handleOf(s),
      createdAt: s.createdAt,
      expiresAt: s.expiresAt,
      address: s.address,
      userAgent: s.userAgent,
      secondFactor: s.secondFactor,
      current: s.id === currentSessionId,
    }));
  }

  async endSignIn(by: Caller, handle: string): Promise<void> {
    const target = (await this.deps.authSessions.listForUser(by.user.id)).find((s) => handleOf(s) === handle);
    if (!target) throw DomainError.notFound('Sign-in');
    await this.deps.authSessions.end(target.id);
    await this.deps.audit.record(by, 'sign_out', by.user.email, { groupId: by.user.groupId, details: { ended: 'another sign-in', address: target.address } });
  }

  /**
   * Refuses unless `password` is the person's current password (named after the form field it came from). Wrong
   * ones are bounded per person and each is in the activity log (and a security e-mail where failed sign-ins
   * send one): a stolen cookie is not a way to guess the password behind it.
   */
  private async reauthenticate(by: Caller, password: string, purpose: ReconfirmPurpose, field = 'password'): Promise<void> {
    const verdict = this.reconfirmFailures.check(by.user.id);
    if (!verdict.allowed) throw DomainError.rateLimited(verdict.retryAfterMs);
    // Counted before the slow check and forgiven after it: a burst of guesses at once cannot all pass the check.
    this.reconfirmFailures.recordFailure(by.user.id);
    if (await verifyPassword(by.user.passwordHash, password)) {
      this.reconfirmFailures.forgive(by.user.id);
      return;
    }
    await this.deps.audit.record(by, 'password.reconfirm_failed', by.user.email, { groupId: by.user.groupId, details: { purpose } });
    throw new DomainError(ErrorCode.invalidCredentials, 'Your current password is not right.', undefined, field);
  }

  /** After a change of password or second factor, sign-ins elsewhere end: whoever had them must prove it again. */
  private async endOtherSignIns(userId: string, keepSessionId: string): Promise<void> {
    for (const session of await this.deps.authSessions.listForUser(userId)) if (session.id !== keepSessionId) await this.deps.authSessions.end(session.id);
  }

  async changePassword(by: Caller & { user: User }, input: z.input<typeof changePasswordSchema>, keepSessionId: string): Promise<void> {
    const { current, next } = changePasswordSchema.parse(input);
    await this.reauthenticate(by, current, 'password_change', 'current');
    assertPasswordMeets(next, await this.deps.passwordPolicy(), 'next');
    await this.deps.store.setPassword(by.user.id, await hashPassword(next), this.deps.clock.now(), false);
    await this.endOtherSignIns(by.user.id, keepSessionId);
    await this.deps.audit.record(by, 'password.changed', by.user.email, { groupId: by.user.groupId, details: { during: 'account' } });
  }

  /** Sends a code to the new address; the change happens when the code comes back. */
  async requestEmailChange(by: Caller, input: z.input<typeof changeEmailSchema>): Promise<void> {
    const { email, password } = changeEmailSchema.parse(input);
    await this.reauthenticate(by, password, 'email_change');
    if (email === by.user.email.toLowerCase()) throw new DomainError(ErrorCode.badRequest, 'That is already your address.', undefined, 'email');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.emailChanges.set(by.user.id, { email, codeHash: hashToken(code), expiresAt: this.deps.clock.now() + EMAIL_CODE_TTL_MS, attempts: 0 });
    await this.deps.mailer.send({
      to: email,
      subject: `Your Lifeline code: ${code}`,
      text: `Enter ${code} on your Lifeline account page to use this address for ${by.user.name}. The code works for 15 minutes.\n\nIf you did not ask for this, ignore this e-mail.`,
    });
  }

  async confirmEmailChange(by: Caller, input: z.input<typeof confirmEmailSchema>): Promise<string> {
    const { code } = confirmEmailSchema.parse(input);
    const pending = this.emailChanges.get(by.user.id);
    if (!pending || pending.expiresAt <= this.deps.clock.now()) throw new DomainError(ErrorCode.invalidCode, 'That code has expired. Ask for a new one.', undefined, 'code');
    if (pending.codeHash !== hashToken(code)) {
      if (++pending.attempts >= 5) this.emailChanges.delete(by.user.id);
      throw new DomainError(ErrorCode.invalidCode, 'That code is not right.', undefined, 'code');
    }
    this.emailChanges.delete(by.user.id);
    if (!(await this.deps.store.setEmail(by.user.id, pending.email))) throw new DomainError(ErrorCode.conflict, `${pending.email} belongs to another account.`, undefined, 'email');
    // The old address hears of it: if this was not its owner, they know where to look.
    await this.deps.mailer.send({
      to: by.user.email,
      subject: 'Your Lifeline e-mail address was changed',
      text: `The e-mail address of your Lifeline account is now ${pending.email}.\n\nIf you did not do this, tell your administrator now.`,
    }).catch(() => undefined);
    await this.deps.audit.record(by, 'person.changed', by.user.email, { groupId: by.user.groupId, details: { email: pending.email, previous: by.user.email } });
    return pending.email;
  }

  startTotp(user: User): Promise<Enrollment> {
    return this.deps.twoFactor.newEnrollment(user);
  }

  async confirmTotp(by: Caller & { user: User }, input: z.input<typeof confirmTotpSchema>, keepSessionId: string): Promise<string[]> {
    const { secret, code, password } = confirmTotpSchema.parse(input);
    await this.reauthenticate(by, password, 'two_factor_enrol');
    if (!/^[A-Z2-7]{16,64}$/.test(secret)) throw DomainError.badRequest('Not an authenticator key.');
    const codes = await this.deps.twoFactor.completeEnrollment(by.user, secret, code);
    if (!codes) throw new DomainError(ErrorCode.invalidCode, 'That code is not right. Check the time on your phone and try the next code.', undefined, 'code');
    await this.endOtherSignIns(by.user.id, keepSessionId);
    await this.deps.audit.record(by, 'two_factor.enrolled', by.user.email, { groupId: by.user.groupId });
    return codes;
  }

  async newRecoveryCodes(by: Caller & { user: User }, input: z.input<typeof reauthSchema>): Promise<string[]> {
    await this.reauthenticate(by, reauthSchema.parse(input).password, 'recovery_codes');
    if (!by.user.totpSecret) throw DomainError.conflict('Set up an authenticator first.');
    const codes = await this.deps.twoFactor.newRecoveryCodes(by.user.id);
    // The old codes stop working: the log says when and from where, as for any change of a second factor.
    await this.deps.audit.record(by, 'two_factor.recovery_codes_renewed', by.user.email, { groupId: by.user.groupId });
    return codes;
  }

  async disableTotp(by: Caller & { user: User }, input: z.input<typeof reauthSchema>, keepSessionId: string): Promise<void> {
    await this.reauthenticate(by, reauthSchema.parse(input).password, 'two_factor_off');
    if (await this.deps.requiresTwoFactor(by.user.id)) throw DomainError.forbidden('Your organisation requires two-step verification for you.');
    await this.deps.twoFactor.reset(by.user.id);
    await this.endOtherSignIns(by.user.id, keepSessionId);
    await this.deps.audit.record(by, 'two_factor.reset', by.user.email, { groupId: by.user.groupId, details: { by: 'self' } });
  }
}
