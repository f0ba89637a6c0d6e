'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { SessionSummary, TeamMember } from '../../../protocol';
import { liveWaitText } from '../../i18n/units';
import type { TechnicianClient } from '../../../client/technician-client';
import { CustomFieldsPanel, CustomFieldsSummary } from './CustomFields';

const FILTERS = ['all', 'mine', 'unassigned', 'waiting', 'closed'] as const;
type QueueFilter = (typeof FILTERS)[number];
const SORTS = ['newest', 'longestWait'] as const;
type QueueSort = (typeof SORTS)[number];

/** When a wait turns amber and red, as the administrator set them (Settings in the admin center). */
export interface WaitThresholds {
  warnMs: number;
  lateMs: number;
}

/** How long a customer has waited, ticking: "1 second", "2 minutes", in the technician's language. */
function useWaitText(): (ms: number) => string {
  const t = useTranslations('units');
  return (ms) => liveWaitText(t, ms);
}

/** The colour a wait has reached: ok, warn (amber) or late (red). */
export function waitLevel(ms: number, thresholds: WaitThresholds): 'ok' | 'warn' | 'late' {
  return ms >= thresholds.lateMs ? 'late' : ms >= thresholds.warnMs ? 'warn' : 'ok';
}

/** A live wait: its words, its colour, and the colour said in words for those who do not see it. */
function Wait({ ms, thresholds }: { ms: number; thresholds: WaitThresholds }) {
  const t = useTranslations('queue');
  const wait = useWaitText();
  const level = waitLevel(ms, thresholds);
  return t.rich('waiting', {
    time: wait(ms),
    wait: (chunks) => (
      <span className="queue-wait" data-testid="queue-wait" data-level={level} data-ms={Math.floor(ms / 1000) * 1000}>
        {chunks}{level !== 'ok' && <span className="visually-hidden"> ({t(level === 'late' ? 'waitLate' : 'waitWarn')})</span>}
      </span>
    ),
  });
}

/** Ticks every `ms` so waiting times stay current without a server round trip. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** The customer has arrived and nobody has picked them up yet (since joining, or the last hand-over). */
export function waitingSince(session: SessionSummary): number | null {
  return session.state !== 'closed' && session.joinedAt !== null && session.pickedUpAt === null ? (session.queuedAt ?? session.joinedAt) : null;
}

/**
 * The service queue: every session this console may see, with state, customer, waiting time and assignee,
 * filtered; unassigned ones carry "Assign to me" right in the list.
 */
export function Queue({ client, sessions, selectedId, canSeeAll, thresholds, team, groupId }: {
  client: TechnicianClient;
  sessions: SessionSummary[];
  selectedId: string | null;
  canSeeAll: boolean;
  thresholds: WaitThresholds;
  /** Colleagues with a console open: the queue says who of the technician's group is available. */
  team: TeamMember[];
  groupId: string | null;
}) {
  const [filter, setFilter] = useState<QueueFilter>('all');
  const [sort, setSort] = useState<QueueSort>('newest');
  const now = useNow(1_000);
  const t = useTranslations('queue');
  const tStates = useTranslations('sessionStates');
  // Resolved and ended sessions leave the queue; their technician finds them under "Recently closed" and in the log.
  const shown = sessions.filter((s) => {
    if (filter === 'closed') return s.state === 'closed';
    if (s.state === 'closed') return false;
    if (filter === 'mine') return client.isMine(s);
    if (filter === 'unassigned') return s.assignee === null;
    if (filter === 'waiting') return waitingSince(s) !== null;
    return true;
  });
  // Longest wait first: waiting customers by how long, then the others as they were (newest first).
  if (sort === 'longestWait') shown.sort((a, b) => (waitingSince(a) ?? Infinity) - (waitingSince(b) ?? Infinity));
  const available = team.filter((m) => m.status === 'available' && (canSeeAll || m.groupId === groupId)).map((m) => m.name);
  const unassigned = sessions.filter((s) => s.assignee === null && s.state !== 'closed').length;

  return (
    <section aria-labelledby="queue-title" className="queue">
      <div className="spread">
        <h2 id="queue-title">{t('title')} {unassigned > 0 && <span className="badge waiting" aria-label={t('unassignedCount', { count: unassigned })}>{unassigned}</span>}</h2>
        <label htmlFor="queue-filter" className="visually-hidden">{t('show')}</label>
        <div className="row queue-controls">
          <select id="queue-filter" className="queue-filter" value={filter} onChange={(e) => setFilter(e.target.value as QueueFilter)} data-testid="queue-filter">
            {FILTERS.map((f) => <option key={f} value={f}>{t(`filters.${f}`)}</option>)}
          </select>
          <label htmlFor="queue-sort" className="visually-hidden">{t('sortLabel')}</label>
          <select id="queue-sort" className="queue-filter" value={sort} onChange={(e) => setSort(e.target.value as QueueSort)}>
            {SORTS.map((s) => <option key={s} value={s}>{t(`sort.${s}`)}</option>)}
          </select>
        </div>
      </div>
      <p className="muted queue-available">{available.length > 0 ? t('available', { names: available.join(', ') }) : t('nobodyAvailable')}</p>
      {shown.length === 0 ? (
        <p className="muted" data-testid="queue-empty">
          {sessions.length === 0 ? (canSeeAll ? t('emptyOrganisation') : t('empty')) : t('noMatch')}
        </p>
      ) : (
        <ul className="session-list" data-testid="queue-list" aria-label={t('listLabel')}>
          {shown.map((session) => {
            const since = waitingSince(session);
            const mine = client.isMine(session);
            return (
              <li key={session.id} className="queue-row" data-testid="queue-row" data-session-id={session.id} data-assignee={session.assignee?.id ?? ''} data-channel={session.channel?.name ?? ''}>
                <button
                  type="button"
                  className="session-item"
                  aria-current={session.id === selectedId}
                  data-testid="session-item"
                  data-session-id={session.id}
                  onClick={() => void client.select(session.id)}
                >
                  <span className="queue-main">
                    <span className="queue-customer">{session.customerName}</span>
                    <span className="queue-meta muted">
                      {mine ? t('you') : session.assignee ? session.assignee.name : session.group ? t('unassignedIn', { group: session.group.name }) : session.channel ? t('unassignedIn', { group: session.channel.name }) : t('unassigned')}
                    </span>
                    {since !== null && <span className="queue-meta"><Wait ms={now - since} thresholds={thresholds} /></span>}
                  </span>
                  <span className={`badge ${session.state}`}>{tStates(session.state)}</span>
                </button>
                {(session.channel || session.customFields.length > 0) && (
                  <div className="queue-fields">
                    {session.channel && (
                      <span className={`badge${session.request ? ' waiting' : ''}`} data-testid="queue-channel" data-request={session.request ? 'true' : undefined}>
                        {session.request ? t('requestFrom', { channel: session.channel.name }) : t('channel', { channel: session.channel.name })}
                      </span>
                    )}
                    <CustomFieldsSummary session={session} />
                  </div>
                )}
                {session.assignee === null && session.state !== 'closed' && (
                  <button type="button" className="small assign" data-testid="assign-to-me" onClick={() => void client.assignToMe(session.id)} aria-label={t('assignLabel', { customer: session.customerName })}>
                    {t('assign')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** A session of the queue that is not this technician's: what it is, and the way to take it. */
export function QueueDetail({ client, session, canTakeOver, canEditFields }: { client: TechnicianClient; session: SessionSummary; canTakeOver: boolean; canEditFields: boolean }) {
  const since = waitingSince(session);
  const now = useNow(1_000);
  const t = useTranslations('queue');
  const tStates = useTranslations('sessionStates');
  const wait = useWaitText();
  return (
    <main className="empty queue-detail" data-testid="queue-detail">
      <h2>{session.customerName}</h2>
      <p>
        <span className={`badge ${session.state}`}>{tStates(session.state)}</span>{' '}
        {session.assignee ? t('workedBy', { name: session.assignee.name }) : session.group ? t('waitingInQueue', { group: session.group.name }) : session.channel ? t('waitingInQueue', { group: session.channel.name }) : t('waitingUnassigned')}
        {since !== null && ` ${t('waitedFor', { time: wait(now - since) })}`}
      </p>
      {(session.assignee === null || canTakeOver) && session.state !== 'closed' && (
        <button type="button" data-testid={session.assignee === null ? 'assign-to-me' : 'take-over'} onClick={() => void client.assignToMe(session.id)}>
          {session.assignee === null ? t('assign') : t('takeOver')}
        </button>
      )}
      <CustomFieldsPanel client={client} session={session} canEdit={canEditFields} />
    </main>
  );
}
