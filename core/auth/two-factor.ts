import { randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Clock } from '../clock';
import type { Mailer } from '../mail/mailer';
import type { User } from '../model';
import { hashToken } from '../random';
import type { AccountStore } from './account-store';
import type { SecretBox } from './secret-box';

const PERIOD_S = 30;
const RECOVERY_CODES = 10;
const EMAIL_CODE_TTL_MS = 10 * 60 * 1000;

export interface Enrollment {
  /** Base32, for typing into an authenticator by hand. */
  secret: string;
  /** otpauth:// URI, shown as a QR code. */
  uri: string;
}

/** A recovery code as people type it: 10 characters in two groups, no look-alike letters. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

const normaliseRecovery = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '');

/**
 * Second factors: TOTP (RFC 6238, 30 s, 6 digits; a code is accepted once, one step either side), one-time
 * recovery codes, and codes sent by e-mail. Seeds are sealed at rest; recovery codes are kept as hashes.
 */
export class TwoFactor {
  /** The last time step accepted per person: a code seen once cannot be replayed within its window. */
  private readonly lastStep = new Map<string, number>();
  private readonly emailCodes = new Map<string, { hash: string; expiresAt: number }>();

  constructor(
    private readonly store: AccountStore,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    private readonly issuer: () => Promise<string>,
  ) {}

  async newEnrollment(user: Pick<User, 'email'>): Promise<Enrollment> {
    const secret = new Secret({ buffer: randomBytes(20).buffer });
    const totp = new TOTP({ issuer: await this.issuer(), label: user.email, secret, period: PERIOD_S, digits: 6, algorithm: 'SHA1' });
    return { secret: secret.base32, uri: totp.toString() };
  }

  /** Checks the first code from the new authenticator; on success keeps the seed and returns fresh recovery codes. */
  async completeEnrollment(user: Pick<User, 'id'>, secret: string, code: string): Promise<string[] | null> {
    if (!this.check(user.id, secret, code)) return null;
    await this.store.setTotpSecret(user.id, this.box.seal(secret));
    return this.newRecoveryCodes(user.id);
  }

  async newRecoveryCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.store.setRecoveryCodes(userId, codes.map((c) => hashToken(normaliseRecovery(c))));
    return codes;
  }

  verifyTotp(user: Pick<User, 'id' | 'totpSecret'>, code: string): boolean {
    if (!user.totpSecret) return false;
    return this.check(user.id, this.box.open(user.totpSecret), code);
  }

  useRecoveryCode(user: Pick<User, 'id'>, code: string): Promise<boolean> {
    return this.store.useRecoveryCode(user.id, hashToken(normaliseRecovery(code)), this.clock.now());
  }

  /** Mails a 6-digit code that signs in once within 10 minutes (for people without their authenticator). */
  async sendEmailCode(user: Pick<User, 'id' | 'email'>): Promise<void> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.emailCodes.set(user.id, { hash: hashToken(code), expiresAt: this.clock.now() + EMAIL_CODE_TTL_MS });
    await this.mailer.send({
      to: user.email,
      subject: `Your Lifeline sign-in code: ${code}`,
      text: `Your sign-in code is ${code}. It works once, for 10 minutes.\n\nIf you did not try to sign in, change your password: someone knows it.`,
    });
  }

  verifyEmailCode(user: Pick<User, 'id'>, code: string): boolean {
    const entry = this.emailCodes.get(user.id);
    if (!entry || entry.expiresAt <= this.clock.now() || entry.hash !== hashToken(code.trim())) return false;
    this.emailCodes.delete(user.id);
    return true;
  }

  async reset(userId: string): Promise<void> {
    await this.store.setTotpSecret(userId, null);
    await this.store.setRecoveryCodes(userId, []);
    this.lastStep.delete(userId);
  }

  private check(userId: string, secret: string, code: string): boolean {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return false;
    const now = this.clock.now();
    const delta = TOTP.validate({ token, secret: Secret.fromBase32(secret), period: PERIOD_S, digits: 6, algorithm: 'SHA1', timestamp: now, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(now / 1000 / PERIOD_S) + delta;
    if ((this.lastStep.get(userId) ?? -1) >= step) return false;
    this.lastStep.set(userId, step);
    return true;
  }
}
