import { useTranslations } from 'next-intl';
import type { CustomerClient } from '../../client/customer-client';
import type { SessionView } from '../../protocol';

/** Who helps the customer, as a sentence needs it: the nickname, or "your technician" while nobody is assigned. */
export function useHelper(view: SessionView) {
  const t = useTranslations('common');
  return (start = false) => view.technicianNickname ?? (start ? t('YourTechnician') : t('yourTechnician'));
}

/** "Report abuse", in a new tab: the session goes on (or the customer reads what ended) where it is. */
export function ReportLink({ client }: { client: CustomerClient }) {
  const t = useTranslations('join');
  return (
    <a href={client.reportAddress()} target="_blank" rel="noopener" className="muted" data-testid="report-abuse">
      {t('reportAbuse')}
    </a>
  );
}
