import { describe, expect, it } from 'vitest';
import { initialsOf } from './Avatar';

describe('avatar initials', () => {
  it('takes the first letter of the first and last word, whole characters, upper case', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('  jean  de la fontaine ')).toBe('JF');
    expect(initialsOf('cher')).toBe('C');
    expect(initialsOf('élodie')).toBe('É');
    expect(initialsOf('😀 Smile')).toBe('😀S');
    expect(initialsOf('   ')).toBe('?');
  });
});
