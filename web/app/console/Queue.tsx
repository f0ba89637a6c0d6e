'use client';

import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../../signaling/protocol';
import { stateLabels } from '../../lib/messages';
import type { TechnicianClient } from '../../rtc/technician-client';

type QueueFilter = 'all' | 'mine' | 'unassigned' | 'waiting' | 'closed';
const filterLabels: Record<QueueFilter, string> = { all: 'All open', mine: 'Mine', unassigned: 'Unassigned', waiting: 'Customer waiting', closed: 'Recently closed' };

/** "3 min", "1 h 05 min": how long a customer has waited, at a glance. */
export function formatWait(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
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
        <h2 id="queue-title">Queue {unassigned > 0 && <span className="badge waiting" aria-label={`${unassigned} unassigned`}>{unassigned}</span>}</h2>
        <label htmlFor="queue-filter" className="visually-hidden">Show</label>
        <select id="queue-filter" className="queue-filter" value={filter} onChange={(e) => setFilter(e.target.value as QueueFilter)} data-testid="queue-filter">
          {(Object.keys(filterLabels) as QueueFilter[]).map((f) => <option key={f} value={f}>{filterLabels[f]}</option>)}
        </select>
      </div>
      {shown.length === 0 ? (
        <p className="muted" data-testid="queue-empty">
          {sessions.length === 0 ? (canSeeAll ? 'No sessions in the organisation right now.' : 'No sessions yet. Create one to get a code for your customer.') : 'No session matches this filter.'}
        </p>
      ) : (
        <ul className="session-list" data-testid="queue-list" aria-label="Sessions in your queue">
          {shown.map((session) => {
            const since = waitingSince(session);
            const mine = client.isMine(session);
            return (
              <li key={session.id} className="queue-row" data-testid="queue-row" data-session-id={session.id} data-assignee={session.assignee?.id ?? ''}>
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
                      {mine ? 'You' : session.assignee ? session.assignee.name : `Unassigned · ${session.group?.name ?? 'queue'}`}
                      {since !== null && <> · waiting <span data-testid="queue-wait">{formatWait(now - since)}</span></>}
                    </span>
                  </span>
                  <span className={`badge ${session.state}`}>{stateLabels[session.state]}</span>
                </button>
                {session.assignee === null && session.state !== 'closed' && (
                  <button type="button" className="small assign" data-testid="assign-to-me" onClick={() => void client.assignToMe(session.id)} aria-label={`Assign to me: ${session.customerName}`}>
                    Assign to me
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
export function QueueDetail({ client, session, canTakeOver }: { client: TechnicianClient; session: SessionSummary; canTakeOver: boolean }) {
  const since = waitingSince(session);
  const now = useNow(15_000);
  return (
    <main className="empty queue-detail" data-testid="queue-detail">
      <h2>{session.customerName}</h2>
      <p>
        <span className={`badge ${session.state}`}>{stateLabels[session.state]}</span>{' '}
        {session.assignee ? `Worked by ${session.assignee.name}.` : `Waiting in the ${session.group?.name ?? ''} queue.`}
        {since !== null && ` The customer has waited ${formatWait(now - since)}.`}
      </p>
      {(session.assignee === null || canTakeOver) && session.state !== 'closed' && (
        <button type="button" data-testid={session.assignee === null ? 'assign-to-me' : 'take-over'} onClick={() => void client.assignToMe(session.id)}>
          {session.assignee === null ? 'Assign to me' : 'Take over this session'}
        </button>
      )}
    </main>
  );
}
