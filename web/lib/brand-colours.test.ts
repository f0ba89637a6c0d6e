import { describe, expect, it } from 'vitest';
import { accentColours, accentCss, contrastRatio } from './brand-colours';

describe("an organisation's accent colour, made readable", () => {
  it('puts white text on dark colours and near-black on light ones, whichever contrasts more', () => {
    expect(accentColours('#0b5cad').accentText).toBe('#ffffff');
    expect(accentColours('#ffd700').accentText).toBe('#06121f');
    // Neither reads on a mid grey: the button darkens a little, under white.
    expect(accentColours('#777777')).toMatchObject({ accentText: '#ffffff' });
    expect(accentColours('#777777').accent).not.toBe('#777777');
    for (const hex of ['#000000', '#ffffff', '#777777', '#ff0000', '#00ff00', '#c2410c']) {
      const { accent, accentText } = accentColours(hex);
      expect(contrastRatio(accent, accentText), hex).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('darkens links until they read on white and lightens them until they read on the dark page (AA)', () => {
    for (const hex of ['#ffd700', '#0b5cad', '#000000', '#ffffff', '#808080', '#00ffff']) {
      const { linkLight, linkDark } = accentColours(hex);
      expect(contrastRatio(linkLight, '#ffffff'), `${hex} on light`).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(linkDark, '#171e26'), `${hex} on dark`).toBeGreaterThanOrEqual(4.5);
    }
    // A colour that already reads is left as the administrator chose it.
    expect(accentColours('#0b5cad').linkLight).toBe('#0b5cad');
  });

  it('writes CSS only for #rrggbb, so nothing else can reach the style element', () => {
    expect(accentCss('#0B5CAD')).toContain('--accent:#0B5CAD');
    expect(accentCss('red')).toBe('');
    expect(accentCss('#123456</style><script>')).toBe('');
  });
});
