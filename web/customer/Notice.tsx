import { useTranslations } from 'next-intl';

/** The sentences a customer page may answer with when there is nothing to do there. */
export const NOTICES = {
  /** The widget's frame on a site that is not one of the channel's allowed origins (or a disabled channel). */
  'widget-refused': { testId: 'widget-refused', message: 'notHere' },
  /** A channel's address that leads nowhere: no such channel, or it is switched off. */
  'channel-not-found': { testId: 'channel-not-found', message: 'notFound' },
} as const;
export type NoticeKey = keyof typeof NOTICES;

export function Notice({ notice }: { notice: NoticeKey }) {
  const t = useTranslations('channel');
  return (
    <main className="center-page">
      <p role="alert" data-testid={NOTICES[notice].testId}>{t(NOTICES[notice].message)}</p>
    </main>
  );
}
