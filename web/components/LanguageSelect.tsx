'use client';

import { useLocale, useTranslations } from 'next-intl';
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES } from '../i18n/locales';
import { saveForAccount } from '../lib/account-preferences';

/**
 * The page's language: the browser's by default; a choice here is kept for a year in this browser and, on staff
 * pages (`account`), saved for the signed-in person too, so it follows them (and wins over the cookie).
 */
export function LanguageSelect({ account = false }: { account?: boolean }) {
  const locale = useLocale();
  const t = useTranslations('common');
  return (
    <label className="language-select">
      <span className="visually-hidden">{t('language')}</span>
      <select
        value={locale}
        data-testid="language-select"
        aria-label={t('language')}
        onChange={async (event) => {
          const language = event.target.value as (typeof LOCALES)[number];
          document.cookie = `${LOCALE_COOKIE}=${language}; Path=/; Max-Age=31536000; SameSite=Lax`;
          if (account) await saveForAccount({ language });
          window.location.reload();
        }}
      >
        {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
      </select>
    </label>
  );
}
