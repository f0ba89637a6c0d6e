import type { AuthSession, Organisation, SessionEvent, SupportSession, TechnicianGroup, User } from './model';
import type { ChainedEvent } from './support/event-chain';
import type { SessionRating } from './support/ratings';
import type { ReportRow } from './support/reports';
import type { SessionLogFilter, SessionLogRow } from './support/session-log';

/**
 * What the domain needs from storage. Async so a PostgreSQL implementation fits the same shape; the embedded
 * SQLite one (drizzle/sqlite-repository.ts) answers synchronously underneath.
 */
export interface Repository {
  users: {
    count(): Promise<number>;
    /**
     * Inserts the owner, the organisation and its first technician group only if no user exists yet,
     * atomically. False when one exists.
     */
    insertFirstOwner(owner: User, organisation: Organisation, firstGroup?: TechnicianGroup): Promise<boolean>;
    findByEmail(email: string): Promise<User | null>;
    findById(id: string): Promise<User | null>;
    /** Everyone's id, name and role, by name: what a picker of technicians needs (no hashes, no e-mails). */
    listNames(): Promise<Pick<User, 'id' | 'name' | 'role'>[]>;
  };
  organisation: {
    get(): Promise<Organisation | null>;
    setName(name: string): Promise<void>;
  };
  authSessions: {
    insert(session: AuthSession): Promise<void>;
    findWithUser(id: string): Promise<{ session: AuthSession; user: User } | null>;
    setExpiry(id: string, expiresAt: number): Promise<void>;
    delete(id: string): Promise<void>;
    /** A person's sign-ins that have not expired, newest first. */
    listForUser(userId: string, now: number): Promise<AuthSession[]>;
  };
  supportSessions: {
    /** False when the code collides with a live session's (the caller draws another). */
    insert(session: SupportSession): Promise<boolean>;
    findById(id: string): Promise<SupportSession | null>;
    findByCode(code: string): Promise<SupportSession | null>;
    findByLinkHash(hash: string): Promise<SupportSession | null>;
    findByCustomerTokenHash(hash: string): Promise<SupportSession | null>;
    findByHelperTokenHash(hash: string): Promise<SupportSession | null>;
    /**
     * The newest session created since `since` with this code that a customer joined (the code is spent): what a
     * customer's abuse report names. A code nobody used is never found, so this tells nothing of live codes.
     */
    findByPastCode(code: string, since: number): Promise<SupportSession | null>;
    update(id: string, patch: Partial<Omit<SupportSession, 'id'>>): Promise<SupportSession>;
    /**
     * A technician's queue: their own sessions (live, or closed after `closedSince`), the live unassigned ones
     * of `groupId`, those waiting in one of `channelIds` (unassigned and in no group's queue), and with
     * `everyone` every live session. Newest first.
     */
    listQueue(query: { technicianId: string; groupId: string | null; channelIds: string[]; everyone: boolean; closedSince: number }): Promise<SupportSession[]>;
    /** Stores the customer's rating; false when the session already has one (a rating is given once). */
    rate(id: string, rating: SessionRating): Promise<boolean>;
    ratingOf(id: string): Promise<SessionRating | null>;
    /** Sessions created in [from, to), of those groups when given, with their technician's and group's names. */
    reportRows(query: { from: number; to: number; groupIds?: string[] }): Promise<ReportRow[]>;
    /** How long customers waited to be picked up (ms), most recent first: one technician's sessions or one group's. */
    pickUpTimes(owner: { technicianId: string } | { groupId: string } | { channelId: string }, limit: number): Promise<number[]>;
    /** A channel's name, also of a removed one (the log of its sessions still names it). */
    channelName(channelId: string): Promise<string | null>;
    /** The live sessions waiting in a channel's queue (not requests), first come first. */
    waitingInChannel(channelId: string): Promise<SupportSession[]>;
    /** Live sessions waiting in a channel's queue that nobody picked up yet (not requests): the waiting-timeout sweep reads them. */
    listWaitingUnpicked(): Promise<SupportSession[]>;
    /** Unjoined sessions whose code expired at or before `now`. */
    listExpired(now: number): Promise<SupportSession[]>;
    /**
     * The session log: sessions in the view (live or closed), of one technician or all, created in
     * [from, to), newest first, at most `limit`, each with its technician's name and its chat and file counts.
     */
    listLog(filter: SessionLogFilter): Promise<SessionLogRow[]>;
  };
  sessionEvents: {
    /**
     * Stores an event as the next link of its session's chain (core/support/event-chain.ts): reading the newest
     * link and writing the new one is one transaction, so concurrent appends (from any process) stay one chain.
     */
    append(event: Omit<SessionEvent, 'id'>): Promise<SessionEvent>;
    /** A session's events in stored order with their chain links, for verification. */
    chain(sessionId: string): Promise<ChainedEvent[]>;
    /** Every session that has events, oldest first (`npm run verify-log -- --all`). */
    sessionIds(): Promise<string[]>;
    /**
     * A session's events in order; with `last`, only the latest so many (still oldest first), and with `before`
     * only those older than that event id (a page further back).
     */
    list(sessionId: string, types?: readonly SessionEvent['type'][], options?: { last?: number; before?: number }): Promise<SessionEvent[]>;
    /** The chat message `actor` sent with this client id, if it was stored already. */
    findChat(sessionId: string, actor: SessionEvent['actor'], clientId: string): Promise<SessionEvent | null>;
  };
}
