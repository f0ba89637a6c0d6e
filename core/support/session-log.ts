import type { CustomFieldEntry, EndReason, SessionEvent, SessionState } from '../model';

/**
 * The technician's session log: support sessions listed with what a row of the log shows. Types and limits only;
 * the query itself is the repository's (supportSessions.listLog); who sees what is decided by SupportSessions
 * (seesAllSessions, log, logEntry): the master administrator sees every technician's sessions, anyone else only
 * their own.
 */

/** "Remote access" (sessions still in progress: created, waiting or active) and "resolved" (closed). */
export const SessionLogView = { active: 'active', closed: 'closed' } as const;
export type SessionLogView = (typeof SessionLogView)[keyof typeof SessionLogView];

/** The most rows one query returns: the page shows the newest ones, the CSV export may ask for more. */
export const SESSION_LOG_PAGE_LIMIT = 200;
export const SESSION_LOG_MAX_LIMIT = 10_000;

export interface SessionLogFilter {
  view: SessionLogView;
  /** Only this technician's sessions; for a non-master-admin viewer it can only be their own id. */
  technicianId?: string;
  /** Period on createdAt, UTC milliseconds: from inclusive, to exclusive. */
  from?: number;
  to?: number;
  /** At most this many rows (the web caps it at SESSION_LOG_MAX_LIMIT). */
  limit: number;
}

/** What the repository answers for one session of the log (newest first). */
export interface SessionLogRow {
  id: string;
  /** Null while the session waits unassigned in a group's queue. */
  technicianId: string | null;
  /** Null when unassigned. */
  technicianName: string | null;
  customerName: string;
  state: SessionState;
  createdAt: number;
  joinedAt: number | null;
  consentedAt: number | null;
  closedAt: number | null;
  endReason: EndReason | null;
  chatMessages: number;
  /** Distinct transfers: each side reports the same transfer, the log counts it once. */
  files: number;
  /** The channel the customer started it from; null for a private session. */
  channelName: string | null;
  /** The custom fields' answers, as they are now. */
  customFields: CustomFieldEntry[];
  /** The customer's rating (1-5) from the ended page, and what they wrote with it; nulls until they rate. */
  rating: number | null;
  ratingComment: string | null;
}

export interface SessionLogEntry extends SessionLogRow {
  /**
   * From the customer's arrival to the end (or to now while it runs); null when no customer ever joined, since
   * a code nobody used is not support time.
   */
  durationMs: number | null;
}

/** One session of the log opened: its row, the technician's notes and every event of its timeline. */
export interface SessionLogDetail {
  entry: SessionLogEntry;
  notes: string;
  events: SessionEvent[];
}
