import type { Metadata } from 'next';
import { getFormatter, getTimeZone, getTranslations } from 'next-intl/server';
import { PageFrame } from '../../../components/PageFrame';
import { lifeline } from '../../../server/context';
import { pageViewer } from '../../../server/viewer';
import { LoginForm } from '../../console/LoginForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('outbox'))('metaTitle') };
}

/** Splits mail text so its links become links; everything else stays text (never HTML). */
function withLinks(text: string) {
  return text.split(/(https?:\/\/[^\s]+)/g).map((part, i) => (/^https?:\/\//.test(part) ? <a key={i} href={part}>{part}</a> : part));
}

/**
 * Mail Lifeline would have sent had SMTP been configured (the embedded default): invitations and security mail
 * still reach a master administrator, who passes them on.
 */
export default async function OutboxPage() {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const [t, format, timeZone] = await Promise.all([getTranslations('outbox'), getFormatter(), getTimeZone()]);
  const { outbox, repo } = lifeline();
  const organisationName = (await repo.organisation.get())?.name ?? 'Lifeline';
  if (viewer.role !== 'master_admin') {
    return (
      <PageFrame organisationName={organisationName} user={viewer} current="outbox">
        <h1>{t('title')}</h1>
        <p role="alert">{t('onlyMasters')}</p>
      </PageFrame>
    );
  }
  const mails = await outbox.list(200);
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="outbox">
      <div className="spread">
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro', { zone: timeZone })}</p>
      </div>
      {mails.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <ul className="outbox">
          {mails.map((mail) => (
            <li key={mail.id} className="card outbox-mail" data-testid="outbox">
              <p className="spread"><strong>{t('to', { address: mail.to })}</strong><time dateTime={new Date(mail.createdAt).toISOString()}>{format.dateTime(mail.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</time></p>
              <p className="outbox-subject">{mail.subject}</p>
              <pre className="outbox-text">{withLinks(mail.text)}</pre>
            </li>
          ))}
        </ul>
      )}
    </PageFrame>
  );
}
