'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../../protocol';
import { waitText } from '../../i18n/units';
import type { TechnicianClient } from '../../../client/technician-client';
import { CustomFieldsPanel, CustomFieldsSummary } from './CustomFields';

const FILTERS = ['all', 'mine', 'unassigned', 'waiting', 'closed'] as const;
type QueueFilter = (typeof FILTERS)[number];

/** How long a customer has waited ("3 min", "1 h 05 min"), in the technician's language. */
function useWaitText(): (ms: number) => string {
  const t = useTranslations('units');
  const format = useFormatter();
  return (ms) => waitText(t, format, ms);
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
export function Queue({ client, sessions, selectedId, canSeeAll }: { client: TechnicianClient; sessions: SessionSummary[]; selectedId: string | null; canSeeAll: boolean }) {
  const [filter, setFilter] = useState<QueueFilter>('all');
  const now = useNow(15_000);
  const t = useTranslations('queue');
  const tStates = useTranslations('sessionStates');
  const wait = useWaitText();
  // Resolved and ended sessions leave the queue; their technician finds them under "Recently closed" and in the log.
  const shown = sessions.filter((s) => {
    if (filter === 'closed') return s.state === 'closed';
    if (s.state === 'closed') return false;
    if (filter === 'mine') return client.isMine(s);
    if (filter === 'unassigned') return s.assignee === null;
    if (filter === 'waiting') return waitingSince(s) !== null;
    return true;
  });
  const unassigned = sessions.filter((s) => s.assignee === null && s.state !== 'closed').length;

  return (
    <section aria-labelledby="queue-title" className="queue">
      <div className="spread">
        <h2 id="queue-title">{t('title')} {unassigned > 0 && <span className="badge waiting" aria-label={t('unassignedCount', { count: unassigned })}>{unassigned}</span>}</h2>
        <label htmlFor="queue-filter" className="visually-hidden">{t('show')}</label>
        <select id="queue-filter" className="queue-filter" value={filter} onChange={(e) => setFilter(e.target.value as QueueFilter)} data-testid="queue-filter">
          {FILTERS.map((f) => <option key={f} value={f}>{t(`filters.${f}`)}</option>)}
        </select>
      </div>
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
                      {since !== null && <> · {t.rich('waiting', { time: wait(now - since), wait: (chunks) => <span data-testid="queue-wait">{chunks}</span> })}</>}
                    </span>
                  </span>
                  <span className={`badge ${session.state}`}>{tStates(session.state)}</span>
                </button>
                {(session.request || session.customFields.length > 0) && (
                  <div className="queue-fields">
                    {session.request && <span className="badge waiting" data-testid="queue-channel">{t('requestFrom', { channel: session.channel?.name ?? '' })}</span>}
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
  const now = useNow(15_000);
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
