/**
 * An organisation's accent colour made readable (WCAG 2.x contrast): the text on a button of that colour, and the
 * colour its links take on the light and the dark page. Pure, for the customer's pages (bundled with preact), the
 * server that writes their head, and the admin center's preview.
 */

/** Surfaces the accent meets as text (web/app/globals.css: --surface, light and dark). */
const LIGHT_SURFACE = '#ffffff';
const DARK_SURFACE = '#171e26';
/** Button text: near-black on light colours, white on dark ones (the same pair globals.css uses). */
const DARK_TEXT = '#06121f';
const LIGHT_TEXT = '#ffffff';
/** WCAG AA for normal text. */
const AA = 4.5;

export interface AccentColours {
  /** The button's background: the colour as the administrator chose it (a touch darker if no text reads on it). */
  accent: string;
  /** Text on it, whichever of near-black and white contrasts more. */
  accentText: string;
  /** Links on the light page and on the dark page: the colour, darkened or lightened until it reads (AA). */
  linkLight: string;
  linkDark: string;
}

export function accentColours(hex: string): AccentColours {
  const text = contrastRatio(hex, LIGHT_TEXT) >= contrastRatio(hex, DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
  // Mid tones (#777777) reach AA with neither: the button then takes the colour a little darker, under white text.
  const readable = contrastRatio(hex, text) >= AA;
  return {
    accent: readable ? hex : readableOn(hex, LIGHT_TEXT, '#000000'),
    accentText: readable ? text : LIGHT_TEXT,
    linkLight: readableOn(hex, LIGHT_SURFACE, '#000000'),
    linkDark: readableOn(hex, DARK_SURFACE, '#ffffff'),
  };
}

/**
 * CSS for a page in these colours, light and dark (the theme selectors beat globals.css's own). Only #rrggbb
 * values reach it (validated where they are saved), so nothing here can end the style element.
 */
export function accentCss(hex: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return '';
  const c = accentColours(hex);
  const vars = `--accent:${c.accent};--accent-text:${c.accentText}`;
  return `:root,:root[data-theme='light'],:root[data-theme='dark']{${vars}}` +
    `:root a{color:${c.linkLight}}:root[data-theme='dark'] a{color:${c.linkDark}}`;
}

/** The colour moved toward `toward` in small steps until it reaches AA contrast on `background`. */
export function readableOn(hex: string, background: string, toward: string): string {
  for (let step = 0; step <= 20; step++) {
    const candidate = mix(hex, toward, step / 20);
    if (contrastRatio(candidate, background) >= AA) return candidate;
  }
  return toward;
}

export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function channels(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function mix(a: string, b: string, amount: number): string {
  const [x, y] = [channels(a), channels(b)];
  return `#${x.map((v, i) => Math.round(v + (y[i] - v) * amount).toString(16).padStart(2, '0')).join('')}`;
}
