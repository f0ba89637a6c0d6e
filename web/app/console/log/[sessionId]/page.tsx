import type { Metadata } from 'next';
import { getFormatter, getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { isDomainError } from '../../../../../core/errors';
import type { SessionLogDetail } from '../../../../../core/support/session-log';
import { sessionIdSchema } from '../../../../../protocol';
import { durationText, timeZoneLabel } from '../../../../i18n/units';
import { isoUtc } from '../../../../lib/session-log-format';
import { lifeline } from '../../../../server/context';
import { logQuery, parseLogParams } from '../../../../server/session-log';
import { pageViewer, searchParamsOf } from '../../../../server/viewer';
import { LoginForm } from '../../LoginForm';
import { PageFrame } from '../../../../components/PageFrame';
import { Timeline } from './Timeline';
import { VerifyLog } from './VerifyLog';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('sessionLog'))('detailMetaTitle') };
}

interface Props {
  params: Promise<{ sessionId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** One session of the log: its facts, the technician's notes and everything that happened, in order. */
export default async function SessionLogEntryPage({ params, searchParams }: Props) {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const t = await getTranslations('sessionLog');
  const { supportSessions, repo } = lifeline();
  const organisation = await repo.organisation.get();
  // The log's filters ride along, so "back" returns to the same list.
  const filters = parseLogParams(searchParamsOf(await searchParams));
  const back = `/console/log${logQuery(filters.params)}`;

  const id = sessionIdSchema.safeParse((await params).sessionId);
  let detail: SessionLogDetail | null = null;
  let problem = t('missing');
  if (id.success) {
    try {
      detail = await supportSessions.logEntry(viewer, id.data);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      problem = error.code === 'forbidden' ? t('someoneElses') : t('missing');
    }
  }

  return (
    <PageFrame organisationName={organisation?.name ?? 'Lifeline'} user={viewer} current="other">
      <p className="log-back">
        <a href={back} data-testid="log-back">{t('back')}</a>
      </p>
      {detail ? <SessionDetail detail={detail} /> : (
        <section className="card" aria-labelledby="missing-title">
          <h1 id="missing-title">{t('notAvailable')}</h1>
          <p className="error" role="alert">{problem}</p>
        </section>
      )}
    </PageFrame>
  );
}

async function SessionDetail({ detail }: { detail: SessionLogDetail }) {
  const [t, tStates, tUnits, format] = await Promise.all([getTranslations('sessionLog'), getTranslations('sessionStates'), getTranslations('units'), getFormatter()]);
  const zone = timeZoneLabel(await getLocale(), await getTimeZone());
  const { entry, notes, events } = detail;
  const time = (at: number) => <time dateTime={isoUtc(at)!}>{format.dateTime(at, { dateStyle: 'medium', timeStyle: 'medium' })}</time>;
  const facts: { key: string; label: string; value: ReactNode }[] = [
    { key: 'technician', label: t('facts.technician'), value: entry.technicianName ?? t('unassigned') },
    { key: 'created', label: t('facts.created'), value: time(entry.createdAt) },
    { key: 'joined', label: t('facts.joined'), value: entry.joinedAt === null ? t('never') : time(entry.joinedAt) },
    { key: 'consented', label: t('facts.consented'), value: entry.consentedAt === null ? t('never') : time(entry.consentedAt) },
    { key: 'ended', label: t('facts.ended'), value: entry.closedAt === null ? t('inProgress') : time(entry.closedAt) },
    { key: 'duration', label: t('facts.duration'), value: durationText(tUnits, format, entry.durationMs) },
    { key: 'endReason', label: t('facts.endReason'), value: entry.endReason ? t(`endReasons.${entry.endReason}`) : '–' },
    { key: 'chat', label: t('facts.chatMessages'), value: format.number(entry.chatMessages) },
    { key: 'files', label: t('facts.files'), value: format.number(entry.files) },
    ...(entry.channelName ? [{ key: 'channel', label: t('facts.channel'), value: entry.channelName }] : []),
    {
      key: 'rating',
      label: t('facts.rating'),
      value: entry.rating === null ? t('notRated') : <span data-testid="log-session-rating" data-rating={entry.rating}>{t('ratingValue', { score: entry.rating })}</span>,
    },
    ...(entry.ratingComment ? [{ key: 'ratingComment', label: t('facts.ratingComment'), value: <q data-testid="log-rating-comment">{entry.ratingComment}</q> }] : []),
    ...entry.customFields.map((f) => ({ key: `field-${f.id}`, label: f.label, value: f.value })),
    { key: 'id', label: t('facts.sessionId'), value: <code>{entry.id}</code> },
  ];
  return (
    <>
      <div className="spread log-heading">
        <h1>{entry.customerName}</h1>
        <span className={`badge ${entry.state}`} data-testid="log-session-state" data-state={entry.state}>{tStates(entry.state)}</span>
      </div>
      <div className="log-detail">
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">{t('details')}</h2>
          <dl className="log-facts">
            {facts.map(({ key, label, value }) => (
              <div key={key} className={key === 'id' || key === 'ratingComment' ? 'wide' : undefined}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="card" aria-labelledby="notes-title" data-testid="session-notes">
          <h2 id="notes-title">{t('notes')}</h2>
          {notes.trim() ? <p className="log-notes">{notes}</p> : <p className="muted">{t('noNotes')}</p>}
        </section>
      </div>
      <section className="card log-timeline" aria-labelledby="timeline-title">
        <div className="spread">
          <h2 id="timeline-title">{t('timeline')}</h2>
          <p className="muted">{t('zone', { zone })}</p>
        </div>
        <VerifyLog sessionId={entry.id} />
        <Timeline entry={entry} events={events} />
      </section>
    </>
  );
}
