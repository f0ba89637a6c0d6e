import { retryWait } from '../i18n/units';
import { useTranslations } from 'next-intl';

/** The sentence for an error code, in the page's language. */
export function useErrorText() {
  const t = useTranslations('errors');
  return (code: string, retryAfterMs?: number) =>
    code === 'rate_limited' ? t('rate_limited', retryWait(retryAfterMs)) : t.has(code) ? t(code) : t('internal');
}
