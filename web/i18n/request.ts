import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale } from './locales';

/** The language of a request: the person's choice (cookie), else their browser's languages, else English. */
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : negotiateLocale((await headers()).get('accept-language'));
  const messages = (await import(`../messages/${locale}.json`)).default;
  // Missing keys fall back to English rather than showing a key.
  const fallback = locale === DEFAULT_LOCALE ? messages : (await import('../messages/en.json')).default;
  return { locale, messages: deepMerge(fallback, messages), timeZone: 'UTC' };
});

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && typeof base[key] === 'object' ? deepMerge(base[key] as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}
