/** The languages Lifeline speaks; English is the fallback for everything else. */
export const LOCALES = ['en', 'fr', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/** The customer's (or technician's) own choice, which wins over the browser's languages. */
export const LOCALE_COOKIE = 'lifeline.lang';
/** The browser's time zone, which the server cannot know otherwise: dates and report days follow it. */
export const TIME_ZONE_COOKIE = 'lifeline.tz';
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', nl: 'Nederlands' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The best of our languages for an Accept-Language header (by quality, then order), or English. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
      return { language: tag.toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1, index };
    })
    .filter((w) => w.language && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return wanted.map((w) => w.language).find(isLocale) ?? DEFAULT_LOCALE;
}
