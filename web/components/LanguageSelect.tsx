'use client';

import { useLocale, useTranslations } from 'next-intl';
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES } from '../i18n/locales';

/** The page's language: the browser's by default; a choice here is kept for a year in this browser. */
export function LanguageSelect() {
  const locale = useLocale();
  const t = useTranslations('common');
  return (
    <label className="language-select">
      <span className="visually-hidden">{t('language')}</span>
      <select
        value={locale}
        data-testid="language-select"
        aria-label={t('language')}
        onChange={(event) => {
          document.cookie = `${LOCALE_COOKIE}=${event.target.value}; Path=/; Max-Age=31536000; SameSite=Lax`;
          window.location.reload();
        }}
      >
        {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
      </select>
    </label>
  );
}
