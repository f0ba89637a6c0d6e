import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { deepMerge, loadCatalogue } from '../messages/catalogue';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale } from './locales';

/** The language of a request: the person's choice (cookie), else their browser's languages, else English. */
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : negotiateLocale((await headers()).get('accept-language'));
  const messages = await loadCatalogue(locale);
  const fallback = locale === DEFAULT_LOCALE ? messages : await loadCatalogue(DEFAULT_LOCALE);
  return { locale, messages: deepMerge(fallback, messages), timeZone: 'UTC' };
});
