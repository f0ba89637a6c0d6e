import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_POLICY, passwordExpiresAt, passwordProblems } from './password-policy';

describe('the password policy', () => {
  it('applies the strength classes with reasons', () => {
    const good = { ...DEFAULT_PASSWORD_POLICY, minLength: 8, strength: 'good' as const };
    expect(passwordProblems('aaaaaaaa', good)).toEqual(['Mix at least 2 kinds of characters (lower case, upper case, digits, symbols); add upper-case letters.']);
    expect(passwordProblems('aaaaaaa1', good)).toEqual([]);
    const high = { ...good, strength: 'high' as const };
    expect(passwordProblems('aaaaaaa1', high)).toHaveLength(1);
    expect(passwordProblems('aaaaaaA1', high)).toEqual([]);
    const excellent = { ...good, strength: 'excellent' as const };
    expect(passwordProblems('aaaaaaA1', excellent)).toEqual(['Mix all four kinds of characters: add symbols.', 'Do not repeat a character three times in a row.']);
    expect(passwordProblems('abcdeA1!', excellent)).toEqual([]);
    expect(passwordProblems('aA1!', excellent)).toEqual(['Use at least 8 characters.']);
  });

  it('expires after the maximum age, or never', () => {
    expect(passwordExpiresAt(1000, DEFAULT_PASSWORD_POLICY)).toBeNull();
    expect(passwordExpiresAt(1000, { ...DEFAULT_PASSWORD_POLICY, maxAgeDays: 1 })).toBe(1000 + 86_400_000);
  });
});
