import * as z from 'zod';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { DomainError, ErrorCode } from '../errors';
import type { AuthSession, IpRules, User } from '../model';
import { allowedByAll } from '../organisation/ip-rules';
import { randomToken } from '../random';
import { FailureWindow } from '../rate-limit';
import type { AccountStore } from './account-store';
import type { Accounts, Login } from './accounts';
import { hashPassword } from './passwords';
import { type PasswordPolicy, passwordExpiresAt, assertPasswordMeets } from './password-policy';
import type { Enrollment, TwoFactor } from './two-factor';

const CHALLENGE_TTL_MS = 10 * 60 * 1000;
const MAX_CODE_ATTEMPTS = 5;
const MAX_CODE_FAILURES_PER_WINDOW = 10;
const MAX_EMAIL_CODES_PER_WINDOW = 3;
const CODE_WINDOW_MS = 15 * 60 * 1000;

export const secondFactorSchema = z.object({
  challenge: z.string().min(1).max(64),
  method: z.enum(['totp', 'recovery', 'email']),
  code: z.string().trim().min(1).max(32),
});
export const enrollSchema = z.object({ challenge: z.string().min(1).max(64), code: z.string().trim().min(1).max(16) });
export const newPasswordSchema = z.object({ challenge: z.string().min(1).max(64), password: z.string().min(1).max(256) });

/** Where a sign-in stands: done (a session may be issued), or the next thing the person must do. */
export type SignInStep =
  | { kind: 'done'; user: User; secondFactor: AuthSession['secondFactor'] }
  | { kind: 'second_factor'; challenge: string; methods: ('totp' | 'recovery' | 'email')[] }
  | { kind: 'enroll'; challenge: string; enrollment: Enrollment }
  | { kind: 'password_change'; challenge: string; reason: 'expired' | 'reset'; policy: PasswordPolicy };

interface Pending {
  /** The step the person is at: each request must be the one this step expects. */
  step: Exclude<SignInStep['kind'], 'done'> | 'start';
  userId: string;
  address: string;
  expiresAt: number;
  attempts: number;
  secondFactor: AuthSession['secondFactor'];
  enrollment: Enrollment | null;
}

export interface SignInDeps {
  accounts: Accounts;
  /** The person, read fresh (after a new password or an enrolment). */
  findUser: (id: string) => Promise<User | null>;
  access: (userId: string) => Promise<{ requireTwoFactor: boolean; ipRules: IpRules[] }>;
  twoFactor: TwoFactor;
  store: AccountStore;
  passwordPolicy: () => Promise<PasswordPolicy>;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Signing in, step by step: the password (Accounts), the group's address rules, a second factor when the person
 * has one or must have one (enrolling then and there if needed), a new password when theirs expired or an
 * administrator reset it. Between steps the browser holds a short-lived challenge, never a session.
 */
export class SignIn {
  private readonly pending = new Map<string, Pending>();
  /** Wrong second-factor codes per person, across challenges: a new challenge does not buy new guesses. */
  private readonly codeFailures: FailureWindow;
  /** E-mailed codes per person: a stolen password must not flood the owner's inbox. */
  private readonly emailSends: FailureWindow;

  constructor(private readonly deps: SignInDeps) {
    this.codeFailures = new FailureWindow(deps.clock, MAX_CODE_FAILURES_PER_WINDOW, CODE_WINDOW_MS);
    this.emailSends = new FailureWindow(deps.clock, MAX_EMAIL_CODES_PER_WINDOW, CODE_WINDOW_MS);
  }

  async start(input: Login, address: string): Promise<SignInStep> {
    const user = await this.deps.accounts.checkPassword(input, address);
    const guesses = this.codeFailures.check(user.id);
    if (!guesses.allowed) throw DomainError.rateLimited(guesses.retryAfterMs);
    const { ipRules } = await this.deps.access(user.id);
    if (!allowedByAll(ipRules, address)) {
      await this.deps.audit.record({ user, address }, 'sign_in.failed', user.email, { groupId: user.groupId, details: { reason: 'address_not_allowed' } });
      throw DomainError.forbidden(`Your group does not allow signing in from this address (${address}). Ask your administrator.`);
    }
    // Abandoned sign-ins (a closed tab between steps) are dropped here rather than kept forever.
    const now = this.deps.clock.now();
    for (const [id, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(id);
    const challenge = randomToken(20);
    this.pending.set(challenge, { step: 'start', userId: user.id, address, expiresAt: now + CHALLENGE_TTL_MS, attempts: 0, secondFactor: null, enrollment: null });
    return this.next(challenge);
  }

  async secondFactor(input: z.input<typeof secondFactorSchema>): Promise<SignInStep> {
    const { challenge, method, code } = secondFactorSchema.parse(input);
    const { pending, user } = await this.take(challenge, 'second_factor');
    const { twoFactor } = this.deps;
    const ok = method === 'totp' ? twoFactor.verifyTotp(user, code) : method === 'recovery' ? await twoFactor.useRecoveryCode(user, code) : twoFactor.verifyEmailCode(user, code);
    if (!ok) return this.wrongCode(challenge, pending, user);
    pending.secondFactor = method;
    return this.next(challenge);
  }

  async sendEmailCode(challenge: string): Promise<void> {
    const { user } = await this.take(challenge, 'second_factor');
    const sends = this.emailSends.check(user.id);
    if (!sends.allowed) throw DomainError.rateLimited(sends.retryAfterMs);
    this.emailSends.recordFailure(user.id);
    await this.deps.twoFactor.sendEmailCode(user);
  }

  /** The first code from a newly set-up authenticator; returns the recovery codes to show once. */
  async enroll(input: z.input<typeof enrollSchema>): Promise<{ step: SignInStep; recoveryCodes: string[] }> {
    const { challenge, code } = enrollSchema.parse(input);
    const { pending, user } = await this.take(challenge, 'enroll');
    if (!pending.enrollment) throw DomainError.conflict('Nothing to set up for this sign-in.');
    const recoveryCodes = await this.deps.twoFactor.completeEnrollment(user, pending.enrollment.secret, code);
    if (!recoveryCodes) return { step: await this.wrongCode(challenge, pending, user), recoveryCodes: [] };
    pending.secondFactor = 'totp';
    pending.enrollment = null;
    await this.deps.audit.record({ user, address: pending.address }, 'two_factor.enrolled', user.email, { groupId: user.groupId });
    return { step: await this.next(challenge), recoveryCodes };
  }

  async changePassword(input: z.input<typeof newPasswordSchema>): Promise<SignInStep> {
    const { challenge, password } = newPasswordSchema.parse(input);
    const { pending, user } = await this.take(challenge, 'password_change');
    const policy = await this.deps.passwordPolicy();
    assertPasswordMeets(password, policy, 'password');
    await this.deps.store.setPassword(user.id, await hashPassword(password), this.deps.clock.now(), false);
    await this.deps.audit.record({ user, address: pending.address }, 'password.changed', user.email, { groupId: user.groupId, details: { during: 'sign_in' } });
    return this.next(challenge);
  }

  private async next(challenge: string): Promise<SignInStep> {
    const { pending, user } = await this.take(challenge, null);
    const { requireTwoFactor } = await this.deps.access(user.id);
    if (pending.secondFactor === null && (user.totpSecret || requireTwoFactor)) {
      if (user.totpSecret) {
        pending.step = 'second_factor';
        return { kind: 'second_factor', challenge, methods: ['totp', 'recovery', 'email'] };
      }
      // Required but not set up: the authenticator is set up now; an e-mailed code does not stand in for it.
      pending.step = 'enroll';
      pending.enrollment ??= await this.deps.twoFactor.newEnrollment(user);
      return { kind: 'enroll', challenge, enrollment: pending.enrollment };
    }
    const policy = await this.deps.passwordPolicy();
    const expiresAt = passwordExpiresAt(user.passwordChangedAt, policy);
    if (user.mustChangePassword || (expiresAt !== null && expiresAt <= this.deps.clock.now())) {
      pending.step = 'password_change';
      return { kind: 'password_change', challenge, reason: user.mustChangePassword ? 'reset' : 'expired', policy };
    }
    this.codeFailures.clear(user.id);
    this.pending.delete(challenge);
    await this.deps.audit.record({ user, address: pending.address }, 'sign_in.succeeded', user.email, { groupId: user.groupId, details: { secondFactor: pending.secondFactor } });
    return { kind: 'done', user, secondFactor: pending.secondFactor };
  }

  private async wrongCode(challenge: string, pending: Pending, user: User): Promise<never> {
    pending.attempts++;
    this.codeFailures.recordFailure(user.id);
    await this.deps.audit.record({ user, address: pending.address }, 'sign_in.failed', user.email, { groupId: user.groupId, details: { reason: 'wrong_code', attempt: pending.attempts } });
    if (pending.attempts >= MAX_CODE_ATTEMPTS || !this.codeFailures.check(user.id).allowed) {
      this.pending.delete(challenge);
      throw DomainError.rateLimited(60_000);
    }
    throw DomainError.invalidCode();
  }

  /** The pending sign-in behind a challenge, which must be at `step` (null: any, for moving on). */
  private async take(challenge: string, step: Pending['step'] | null): Promise<{ pending: Pending; user: User }> {
    const pending = this.pending.get(challenge);
    if (!pending || pending.expiresAt <= this.deps.clock.now()) {
      this.pending.delete(challenge);
      throw DomainError.unauthorized('This sign-in took too long or was already used. Sign in again.');
    }
    if (step !== null && pending.step !== step) throw DomainError.conflict('That is not the step this sign-in is at. Sign in again.');
    const user = await this.deps.findUser(pending.userId);
    if (!user?.enabled) {
      this.pending.delete(challenge);
      throw DomainError.unauthorized('Sign in again.');
    }
    return { pending, user };
  }
}
