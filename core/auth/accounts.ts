import * as z from 'zod';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import { Role, type User } from '../model';
import { randomId } from '../random';
import { addressKey, EscalatingThrottle, FailureWindow } from '../rate-limit';
import type { Repository } from '../repository';
import { FIRST_GROUP_NAME, newGroup } from '../organisation/organisation-tree';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid e-mail address.' })).pipe(z.string().max(254));
export const passwordSchema = z.string().min(12, 'Use at least 12 characters.').max(256);
export const personNameSchema = z.string().trim().min(1, 'Enter a name.').max(80);

export const ownerSetupSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  organisation: z.string().trim().min(1, 'Enter your organisation\'s name.').max(80),
});
export type OwnerSetup = z.infer<typeof ownerSetupSchema>;

export const loginSchema = z.object({ email: emailSchema, password: z.string().min(1).max(256) });
export type Login = z.infer<typeof loginSchema>;

/**
 * Sign-in attempts: per address, a window of failures; per account and address, an escalating delay; per account,
 * a window of everyone's failures, past which only addresses that have not failed for it may still try. So a
 * stranger who knows an e-mail slows down their own guesses, never its owner signing in from elsewhere, and a
 * guesser spread over many addresses gets one try per address.
 */
const ADDRESS_FAILURES = 20;
const ADDRESS_WINDOW_MS = 15 * 60 * 1000;
const ACCOUNT_FAILURES = 50;

export class Accounts {
  private readonly addressFailures: FailureWindow;
  /** Keyed by account and address. */
  private readonly accountThrottle: EscalatingThrottle;
  private readonly accountFailures: FailureWindow;

  constructor(
    private readonly repo: Repository,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {
    this.addressFailures = new FailureWindow(clock, ADDRESS_FAILURES, ADDRESS_WINDOW_MS);
    this.accountThrottle = new EscalatingThrottle(clock);
    this.accountFailures = new FailureWindow(clock, ACCOUNT_FAILURES, ADDRESS_WINDOW_MS);
  }

  async needsSetup(): Promise<boolean> {
    return (await this.repo.users.count()) === 0;
  }

  /**
   * Creates the master administrator on first run. Locked for good once any user exists: the check and the
   * insert are one transaction, so two racing requests cannot both win (the ScreenConnect CVE-2024-1709 lesson).
   */
  async setupOwner(input: OwnerSetup, address: string): Promise<User> {
    if (!(await this.needsSetup())) throw DomainError.setupLocked();
    const owner: User = {
      id: randomId(),
      email: input.email,
      name: input.name,
      nickname: input.name,
      passwordHash: await hashPassword(input.password),
      role: Role.masterAdmin,
      groupId: null,
      enabled: true,
      description: '',
      twoFactorRequired: false,
      totpSecret: null,
      passwordChangedAt: this.clock.now(),
      mustChangePassword: false,
      createdAt: this.clock.now(),
    };
    const firstGroup = newGroup(FIRST_GROUP_NAME, null, owner.createdAt);
    const inserted = await this.repo.users.insertFirstOwner(owner, { name: input.organisation }, firstGroup);
    if (!inserted) throw DomainError.setupLocked();
    await this.audit.record({ user: owner, address }, 'organisation.setup', input.organisation);
    return owner;
  }

  /**
   * The first step of signing in: throttles, checks the password and that the account is enabled, and audits a
   * failure. Success is audited by SignIn once every further step (second factor, new password) is done.
   */
  async checkPassword(input: Login, address: string): Promise<User> {
    const key = addressKey(address);
    const pair = `${input.email}\n${key}`;
    for (const verdict of [this.addressFailures.check(key), this.accountThrottle.check(pair)]) {
      if (!verdict.allowed) throw DomainError.rateLimited(verdict.retryAfterMs);
    }
    const everyone = this.accountFailures.check(input.email);
    if (!everyone.allowed && this.accountThrottle.hasFailed(pair)) throw DomainError.rateLimited(everyone.retryAfterMs);
    // Counted as failed before the first await, so concurrent guesses cannot all slip past the check above.
    this.addressFailures.recordFailure(key);
    this.accountThrottle.recordFailure(pair);
    this.accountFailures.recordFailure(input.email);
    const user = await this.repo.users.findByEmail(input.email);
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash), input.password);
    if (!user || !valid || !user.enabled) {
      await this.audit.record({ user, address, actorName: input.email }, 'sign_in.failed', input.email, {
        groupId: user?.groupId,
        details: { reason: !user ? 'unknown_account' : !valid ? 'wrong_password' : 'disabled' },
      });
      if (!user || !valid) throw DomainError.invalidCredentials();
      // Said only to someone who knows the password: nobody else learns that the account exists.
      throw DomainError.forbidden('This account is disabled. Ask your administrator.');
    }
    this.addressFailures.forgive(key);
    this.accountThrottle.reset(pair);
    this.accountFailures.forgive(input.email);
    return user;
  }
}
