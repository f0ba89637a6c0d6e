import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { deepMerge, loadCatalogue } from '../messages/catalogue';
import { isTimeZone } from '../../core/time-zone';
import { viewerPreferences } from '../server/viewer-preferences';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale, TIME_ZONE_COOKIE } from './locales';

/**
 * The language of a request: a signed-in person's saved choice (web/app/account), else this browser's choice
 * (cookie), else its languages, else English. Dates
 * are shown in the browser's time zone once its page has told us (TimeZoneCookie), in UTC before that.
 */
export default getRequestConfig(async () => {
  const jar = await cookies();
  const chosen = jar.get(LOCALE_COOKIE)?.value;
  const zone = jar.get(TIME_ZONE_COOKIE)?.value;
  const saved = (await viewerPreferences())?.language;
  const locale = saved ?? (isLocale(chosen) ? chosen : negotiateLocale((await headers()).get('accept-language')));
  const messages = await loadCatalogue(locale);
  const fallback = locale === DEFAULT_LOCALE ? messages : await loadCatalogue(DEFAULT_LOCALE);
  return { locale, messages: deepMerge(fallback, messages), timeZone: isTimeZone(zone) ? zone : 'UTC' };
});
