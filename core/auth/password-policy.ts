import * as z from 'zod';
import { DomainError, type Reason } from '../errors';

/**
 * The master administrator's password policy, after the Rescue admin center: a minimum length, a strength
 * class, and an optional maximum age with a warning before it runs out.
 * - good: at least two kinds of characters (lower case, upper case, digits, symbols);
 * - high: at least three kinds;
 * - excellent: all four kinds, and no character three times in a row.
 */
export const passwordPolicySchema = z.object({
  minLength: z.number().int().min(8).max(128),
  strength: z.enum(['good', 'high', 'excellent']),
  /** Days a password lasts; null: it does not expire. */
  maxAgeDays: z.number().int().min(1).max(3650).nullable(),
  /** Days before expiry from which the console warns. */
  warnDays: z.number().int().min(0).max(90),
});
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, strength: 'good', maxAgeDays: null, warnDays: 14 };

const STRENGTH_NEEDS = { good: 2, high: 3, excellent: 4 } as const;
const CLASSES = ['lower', 'upper', 'digits', 'symbols'] as const;
const CLASS_NAMES: Record<(typeof CLASSES)[number], string> = { lower: 'lower-case letters', upper: 'upper-case letters', digits: 'digits', symbols: 'symbols' };

function classesOf(password: string): boolean[] {
  return [/[a-z]/.test(password), /[A-Z]/.test(password), /[0-9]/.test(password), /[^A-Za-z0-9]/.test(password)];
}

/** Why the password does not meet the policy, as reasons a page translates; empty when it does. */
export function passwordReasons(password: string, policy: PasswordPolicy): Reason[] {
  const reasons: Reason[] = [];
  if (password.length < policy.minLength) reasons.push({ key: 'passwordTooShort', values: { minimum: policy.minLength } });
  if (password.length > 256) reasons.push({ key: 'passwordTooLong', values: { maximum: 256 } });
  const classes = classesOf(password);
  const kinds = classes.filter(Boolean).length;
  const needed = STRENGTH_NEEDS[policy.strength];
  if (kinds < needed) {
    const missing = CLASSES.filter((_, i) => !classes[i]);
    reasons.push(needed === 4 ? { key: 'passwordAllKinds', values: { missing } } : { key: 'passwordMoreKinds', values: { needed, missing: missing.slice(0, needed - kinds) } });
  }
  if (policy.strength === 'excellent' && /(.)\1\1/.test(password)) reasons.push({ key: 'passwordRepeats' });
  return reasons;
}

/** The same reasons as English sentences, for logs and for tests that read them. */
export function passwordProblems(password: string, policy: PasswordPolicy): string[] {
  return passwordReasons(password, policy).map(({ key, values = {} }) => {
    const missing = (values.missing as (typeof CLASSES)[number][] | undefined)?.map((c) => CLASS_NAMES[c]) ?? [];
    switch (key) {
      case 'passwordTooShort':
        return `Use at least ${values.minimum} characters.`;
      case 'passwordTooLong':
        return `Use at most ${values.maximum} characters.`;
      case 'passwordAllKinds':
        return `Mix all four kinds of characters: add ${missing.join(', ')}.`;
      case 'passwordMoreKinds':
        return `Mix at least ${values.needed} kinds of characters (lower case, upper case, digits, symbols); add ${missing.join(' or ')}.`;
      default:
        return 'Do not repeat a character three times in a row.';
    }
  });
}

/** Refuses a new password that breaks the policy, naming the form field and every reason. */
export function assertPasswordMeets(password: string, policy: PasswordPolicy, field: string): void {
  const reasons = passwordReasons(password, policy);
  if (reasons.length > 0) throw DomainError.invalidField(field, passwordProblems(password, policy).join(' '), reasons);
}

/** When a password set at `changedAt` expires under the policy; null when it does not. */
export function passwordExpiresAt(changedAt: number | null, policy: PasswordPolicy): number | null {
  if (policy.maxAgeDays === null || changedAt === null) return null;
  return changedAt + policy.maxAgeDays * 24 * 60 * 60 * 1000;
}
