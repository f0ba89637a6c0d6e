import { useTranslations } from 'next-intl';

/** The organisation's name beside the mark; the product's name until one is known. */
export function Brand({ name }: { name?: string }) {
  const t = useTranslations('common');
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true">L</span>
      <span>{name ?? t('brand')}</span>
    </div>
  );
}
