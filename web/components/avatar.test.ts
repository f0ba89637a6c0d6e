import { describe, expect, it } from 'vitest';
import { AVATAR_LIGHTNESS, AVATAR_SATURATION, initialsOf } from './Avatar';

describe('avatar initials', () => {
  it('takes the first letter of the first and last word, whole characters, upper case', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('  jean  de la fontaine ')).toBe('JF');
    expect(initialsOf('cher')).toBe('C');
    expect(initialsOf('élodie')).toBe('É');
    expect(initialsOf('😀 Smile')).toBe('😀S');
    expect(initialsOf('   ')).toBe('?');
  });

  it('white initials stay readable (4.5:1) on the background of every hue', () => {
    const channel = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    const luminance = (hue: number) => {
      const s = AVATAR_SATURATION / 100;
      const l = AVATAR_LIGHTNESS / 100;
      const f = (n: number) => {
        const k = (n + hue / 30) % 12;
        return l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
      };
      return 0.2126 * channel(f(0)) + 0.7152 * channel(f(8)) + 0.0722 * channel(f(4));
    };
    const worst = Math.min(...Array.from({ length: 360 }, (_, hue) => 1.05 / (luminance(hue) + 0.05)));
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });
});
