import { z } from 'zod';

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
const CLASS_NAMES = ['lower-case letters', 'upper-case letters', 'digits', 'symbols'];

function classesOf(password: string): boolean[] {
  return [/[a-z]/.test(password), /[A-Z]/.test(password), /[0-9]/.test(password), /[^A-Za-z0-9]/.test(password)];
}

/** Why the password does not meet the policy, as sentences to show next to the field; empty when it does. */
export function passwordProblems(password: string, policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`Use at least ${policy.minLength} characters.`);
  if (password.length > 256) problems.push('Use at most 256 characters.');
  const classes = classesOf(password);
  const kinds = classes.filter(Boolean).length;
  const needed = STRENGTH_NEEDS[policy.strength];
  if (kinds < needed) {
    const missing = CLASS_NAMES.filter((_, i) => !classes[i]).join(', ');
    problems.push(
      needed === 4
        ? `Mix all four kinds of characters: add ${missing}.`
        : `Mix at least ${needed} kinds of characters (lower case, upper case, digits, symbols); add ${missing.split(', ').slice(0, needed - kinds).join(' or ')}.`,
    );
  }
  if (policy.strength === 'excellent' && /(.)\1\1/.test(password)) problems.push('Do not repeat a character three times in a row.');
  return problems;
}

/** When a password set at `changedAt` expires under the policy; null when it does not. */
export function passwordExpiresAt(changedAt: number | null, policy: PasswordPolicy): number | null {
  if (policy.maxAgeDays === null || changedAt === null) return null;
  return changedAt + policy.maxAgeDays * 24 * 60 * 60 * 1000;
}
