import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { isDomainError } from '../../../../../core/errors';
import type { SessionLogDetail } from '../../../../../core/support/session-log';
import { sessionIdSchema } from '../../../../../signaling/protocol';
import { stateLabels } from '../../../../lib/messages';
import { endReasonLabels, formatDuration, formatUtc, isoUtc } from '../../../../lib/session-log-format';
import { lifeline } from '../../../../server/context';
import { logQuery, parseLogParams } from '../../../../server/session-log';
import { pageViewer, searchParamsOf } from '../../../../server/viewer';
import { LoginForm } from '../../LoginForm';
import { PageFrame } from '../../../../components/PageFrame';
import { Timeline } from './Timeline';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Session timeline · Lifeline' };

interface Props {
  params: Promise<{ sessionId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** One session of the log: its facts, the technician's notes and everything that happened, in order. */
export default async function SessionLogEntryPage({ params, searchParams }: Props) {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const { supportSessions, repo } = lifeline();
  const organisation = await repo.organisation.get();
  // The log's filters ride along, so "back" returns to the same list.
  const filters = parseLogParams(searchParamsOf(await searchParams));
  const back = `/console/log${logQuery(filters.params)}`;

  const id = sessionIdSchema.safeParse((await params).sessionId);
  let detail: SessionLogDetail | null = null;
  let problem = 'This session does not exist.';
  if (id.success) {
    try {
      detail = await supportSessions.logEntry(viewer, id.data);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      problem = error.code === 'forbidden' ? 'This session belongs to another technician.' : 'This session does not exist.';
    }
  }

  return (
    <PageFrame organisationName={organisation?.name ?? 'Lifeline'} user={viewer} current="other">
      <p className="log-back">
        <a href={back} data-testid="log-back">← Back to the session log</a>
      </p>
      {detail ? <SessionDetail detail={detail} /> : (
        <section className="card" aria-labelledby="missing-title">
          <h1 id="missing-title">Session not available</h1>
          <p className="error" role="alert">{problem}</p>
        </section>
      )}
    </PageFrame>
  );
}

function SessionDetail({ detail }: { detail: SessionLogDetail }) {
  const { entry, notes, events } = detail;
  const facts: [string, ReactNode][] = [
    ['Technician', entry.technicianName ?? 'Unassigned'],
    ['Created', <Time key="c" at={entry.createdAt} />],
    ['Customer joined', entry.joinedAt === null ? 'Never' : <Time key="j" at={entry.joinedAt} />],
    ['Consented', entry.consentedAt === null ? 'Never' : <Time key="a" at={entry.consentedAt} />],
    ['Ended', entry.closedAt === null ? 'Still in progress' : <Time key="e" at={entry.closedAt} />],
    ['Duration', formatDuration(entry.durationMs)],
    ['End reason', entry.endReason ? endReasonLabels[entry.endReason] : '–'],
    ['Chat messages', entry.chatMessages],
    ['Files', entry.files],
    ['Session ID', <code key="id">{entry.id}</code>],
  ];
  return (
    <>
      <div className="spread log-heading">
        <h1>{entry.customerName}</h1>
        <span className={`badge ${entry.state}`} data-testid="log-session-state" data-state={entry.state}>{stateLabels[entry.state]}</span>
      </div>
      <div className="log-detail">
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">Details</h2>
          <dl className="log-facts">
            {facts.map(([label, value]) => (
              <div key={label} className={label === 'Session ID' ? 'wide' : undefined}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="card" aria-labelledby="notes-title" data-testid="session-notes">
          <h2 id="notes-title">Notes</h2>
          {notes.trim() ? <p className="log-notes">{notes}</p> : <p className="muted">No notes were taken.</p>}
        </section>
      </div>
      <section className="card log-timeline" aria-labelledby="timeline-title">
        <div className="spread">
          <h2 id="timeline-title">Timeline</h2>
          <p className="muted">Times are in UTC.</p>
        </div>
        <Timeline entry={entry} events={events} />
      </section>
    </>
  );
}

function Time({ at }: { at: number }) {
  return <time dateTime={isoUtc(at)!}>{formatUtc(at)}</time>;
}
