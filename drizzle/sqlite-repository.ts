import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AuthSession, EndReason, SessionEvent, SupportSession, User } from '../core/model';
import type { Repository } from '../core/repository';
import { eventHash, nextLink } from '../core/support/event-chain';
import type { Db } from './database';
import { groupRow } from './organisation-store';
import { authSessions, channels, organisation, sessionEvents, supportSessions, technicianGroups, users } from './schema';

/** The domain's Repository over drizzle + better-sqlite3 (synchronous underneath, async at the boundary). */
export function sqliteRepository(db: Db): Repository {
  // The customer's rating is read through ratingOf and the log, not carried by every session in memory.
  const toSession = ({ rating: _rating, ratingComment: _comment, ratedAt: _ratedAt, ...row }: typeof supportSessions.$inferSelect): SupportSession => ({
    ...row,
    endReason: row.endReason as EndReason | null,
    customFields: JSON.parse(row.customFields) as SupportSession['customFields'],
  });
  /** A session (or part of one) as its row stores it: the custom fields as JSON text. */
  const toRow = <T extends Partial<SupportSession>>(session: T) =>
    (session.customFields === undefined ? session : { ...session, customFields: JSON.stringify(session.customFields) }) as Omit<T, 'customFields'> & { customFields?: string };

  // The chain's links stay in the store and the verifier: the rest of the system sees plain events.
  const toEvent = ({ seq: _seq, prevHash: _prevHash, hash: _hash, ...row }: typeof sessionEvents.$inferSelect): SessionEvent => ({
    ...row,
    type: row.type as SessionEvent['type'],
    data: JSON.parse(row.data) as Record<string, unknown>,
  });

  return {
    users: {
      async count() {
        return db.select({ n: count() }).from(users).get()?.n ?? 0;
      },
      async insertFirstOwner(owner, org, firstGroup) {
        return db.transaction((tx) => {
          if ((tx.select({ n: count() }).from(users).get()?.n ?? 0) > 0) return false;
          tx.insert(organisation).values({ id: 1, name: org.name, createdAt: owner.createdAt }).onConflictDoUpdate({
            target: organisation.id,
            set: { name: org.name },
          }).run();
          if (firstGroup) tx.insert(technicianGroups).values(groupRow(firstGroup)).onConflictDoNothing().run();
          tx.insert(users).values(owner).run();
          return true;
        }, { behavior: 'immediate' });
      },
      async findByEmail(email) {
        return (db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).get() as User | undefined) ?? null;
      },
      async findById(id) {
        return (db.select().from(users).where(eq(users.id, id)).get() as User | undefined) ?? null;
      },
      async listNames() {
        return db.select({ id: users.id, name: users.name, role: users.role }).from(users).orderBy(asc(users.name), asc(users.id)).all();
      },
    },
    organisation: {
      async get() {
        const row = db.select().from(organisation).where(eq(organisation.id, 1)).get();
        return row ? { name: row.name } : null;
      },
      async setName(name) {
        db.update(organisation).set({ name }).where(eq(organisation.id, 1)).run();
      },
    },
    authSessions: {
      async insert(session) {
        db.insert(authSessions).values(session).run();
      },
      async findWithUser(id) {
        const row = db.select().from(authSessions).innerJoin(users, eq(users.id, authSessions.userId)).where(eq(authSessions.id, id)).get();
        return row ? { session: row.auth_sessions as AuthSession, user: row.users as User } : null;
      },
      async setExpiry(id, expiresAt) {
        db.update(authSessions).set({ expiresAt }).where(eq(authSessions.id, id)).run();
      },
      async delete(id) {
        db.delete(authSessions).where(eq(authSessions.id, id)).run();
      },
      async listForUser(userId, now) {
        return db.select().from(authSessions).where(and(eq(authSessions.userId, userId), gt(authSessions.expiresAt, now))).orderBy(desc(authSessions.createdAt)).all() as AuthSession[];
      },
    },
    supportSessions: {
      async insert(session) {
        const result = db.insert(supportSessions).values(toRow(session)).onConflictDoNothing({ target: supportSessions.code }).run();
        return result.changes === 1;
      },
      async findById(id) {
        const row = db.select().from(supportSessions).where(eq(supportSessions.id, id)).get();
        return row ? toSession(row) : null;
      },
      async findByCode(code) {
        const row = db.select().from(supportSessions).where(eq(supportSessions.code, code)).get();
        return row ? toSession(row) : null;
      },
      async findByPastCode(code, since) {
        const row = db.select({ session: supportSessions }).from(supportSessions)
          .innerJoin(sessionEvents, and(eq(sessionEvents.sessionId, supportSessions.id), eq(sessionEvents.type, 'created')))
          .where(and(
            sql`json_extract(${sessionEvents.data}, '$.code') = ${code}`,
            gte(supportSessions.createdAt, since),
            // Joined: a code nobody used (live, or expired unused) names nothing a customer was in.
            isNotNull(supportSessions.joinedAt),
          ))
          .orderBy(desc(supportSessions.createdAt))
          .limit(1)
          .get();
        return row ? toSession(row.session) : null;
      },
      async findByLinkHash(hash) {
        const row = db.select().from(supportSessions).where(eq(supportSessions.linkTokenHash, hash)).get();
        return row ? toSession(row) : null;
      },
      async findByCustomerTokenHash(hash) {
        const row = db.select().from(supportSessions).where(eq(supportSessions.customerTokenHash, hash)).get();
        return row ? toSession(row) : null;
      },
      async findByHelperTokenHash(hash) {
        const row = db.select().from(supportSessions).where(eq(supportSessions.helperTokenHash, hash)).get();
        return row ? toSession(row) : null;
      },
      async update(id, patch) {
        const row = db.update(supportSessions).set(toRow(patch)).where(eq(supportSessions.id, id)).returning().get();
        if (!row) throw new Error(`Support session ${id} vanished during an update`);
        return toSession(row);
      },
      async listQueue({ technicianId, groupId, channelIds, everyone, closedSince }) {
        const live = sql`${supportSessions.state} != 'closed'`;
        const visible: SQL[] = [and(eq(supportSessions.technicianId, technicianId), or(live, gt(supportSessions.closedAt, closedSince)))!];
        if (groupId !== null) visible.push(and(isNull(supportSessions.technicianId), eq(supportSessions.groupId, groupId), live)!);
        if (channelIds.length > 0) visible.push(and(isNull(supportSessions.technicianId), isNull(supportSessions.groupId), inArray(supportSessions.channelId, channelIds), live)!);
        if (everyone) visible.push(live);
        return db.select().from(supportSessions)
          .where(or(...visible))
          .orderBy(desc(supportSessions.createdAt))
          .all()
          .map(toSession);
      },
      async rate(id, { score, comment, at }) {
        // Once: the row changes only while it holds no rating, so two submissions race to one winner.
        const changed = db.update(supportSessions).set({ rating: score, ratingComment: comment, ratedAt: at })
          .where(and(eq(supportSessions.id, id), isNull(supportSessions.rating))).run().changes;
        return changed === 1;
      },
      async ratingOf(id) {
        const row = db.select({ score: supportSessions.rating, comment: supportSessions.ratingComment, at: supportSessions.ratedAt })
          .from(supportSessions).where(eq(supportSessions.id, id)).get();
        return row && row.score !== null ? { score: row.score, comment: row.comment ?? '', at: row.at ?? 0 } : null;
      },
      async reportRows({ from, to, groupIds }) {
        const conditions: SQL[] = [gte(supportSessions.createdAt, from), lt(supportSessions.createdAt, to)];
        if (groupIds) conditions.push(groupIds.length ? inArray(supportSessions.groupId, groupIds) : sql`0`);
        return db.select({
          technicianId: supportSessions.technicianId,
          technicianName: users.name,
          groupId: supportSessions.groupId,
          groupName: technicianGroups.name,
          createdAt: supportSessions.createdAt,
          joinedAt: supportSessions.joinedAt,
          queuedAt: supportSessions.queuedAt,
          pickedUpAt: supportSessions.pickedUpAt,
          closedAt: supportSessions.closedAt,
          endReason: supportSessions.endReason,
          rating: supportSessions.rating,
        })
          .from(supportSessions)
          .leftJoin(users, eq(users.id, supportSessions.technicianId))
          .leftJoin(technicianGroups, eq(technicianGroups.id, supportSessions.groupId))
          .where(and(...conditions))
          .all();
      },
      async pickUpTimes(owner, limit) {
        return db.select({ queuedAt: supportSessions.queuedAt, pickedUpAt: supportSessions.pickedUpAt })
          .from(supportSessions)
          .where(and(
            'technicianId' in owner ? eq(supportSessions.technicianId, owner.technicianId)
              : 'groupId' in owner ? eq(supportSessions.groupId, owner.groupId)
              : eq(supportSessions.channelId, owner.channelId),
            isNotNull(supportSessions.pickedUpAt),
            isNotNull(supportSessions.queuedAt),
          ))
          .orderBy(desc(supportSessions.pickedUpAt))
          .limit(limit)
          .all()
          .map((r) => Math.max(0, r.pickedUpAt! - r.queuedAt!));
      },
      async channelName(channelId) {
        return db.select({ name: channels.name }).from(channels).where(eq(channels.id, channelId)).get()?.name ?? null;
      },
      async waitingInChannel(channelId) {
        return db.select().from(supportSessions)
          .where(and(isNull(supportSessions.technicianId), isNull(supportSessions.groupId), eq(supportSessions.channelId, channelId), eq(supportSessions.request, false), sql`${supportSessions.state} != 'closed'`))
          // Same instant: first inserted first (rowid), not by the random id.
          .orderBy(asc(supportSessions.queuedAt), sql`rowid`)
          .all()
          .map(toSession);
      },
      async listWaitingUnpicked() {
        return db.select().from(supportSessions)
          .where(and(isNull(supportSessions.technicianId), isNull(supportSessions.groupId), isNotNull(supportSessions.channelId), isNull(supportSessions.pickedUpAt), eq(supportSessions.request, false), sql`${supportSessions.state} != 'closed'`, isNotNull(supportSessions.queuedAt)))
          .all()
          .map(toSession);
      },
      async listExpired(now) {
        return db.select().from(supportSessions)
          .where(and(eq(supportSessions.state, 'created'), isNotNull(supportSessions.code), lte(supportSessions.codeExpiresAt, now)))
          .all()
          .map(toSession);
      },
      async listLog({ view, technicianId, from, to, limit }) {
        const conditions: SQL[] = [view === 'closed' ? eq(supportSessions.state, 'closed') : ne(supportSessions.state, 'closed')];
        if (technicianId !== undefined) conditions.push(eq(supportSessions.technicianId, technicianId));
        if (from !== undefined) conditions.push(gte(supportSessions.createdAt, from));
        if (to !== undefined) conditions.push(lt(supportSessions.createdAt, to));
        // Counted per row by the (session_id, id) index; both sides report each file, so transfers count by their id.
        const chatMessages = sql<number>`(select count(*) from session_events e where e.session_id = ${supportSessions.id} and e.type = 'chat')`;
        const files = sql<number>`(select count(distinct json_extract(e.data, '$.id')) from session_events e where e.session_id = ${supportSessions.id} and e.type = 'file_transferred')`;
        return db.select({
          id: supportSessions.id,
          technicianId: supportSessions.technicianId,
          technicianName: users.name,
          customerName: supportSessions.customerName,
          state: supportSessions.state,
          createdAt: supportSessions.createdAt,
          joinedAt: supportSessions.joinedAt,
          consentedAt: supportSessions.consentedAt,
          closedAt: supportSessions.closedAt,
          endReason: supportSessions.endReason,
          chatMessages,
          files,
          channelName: channels.name,
          customFields: supportSessions.customFields,
          rating: supportSessions.rating,
          ratingComment: supportSessions.ratingComment,
        })
          .from(supportSessions)
          .leftJoin(users, eq(users.id, supportSessions.technicianId))
          .leftJoin(channels, eq(channels.id, supportSessions.channelId))
          .where(and(...conditions))
          .orderBy(desc(supportSessions.createdAt), desc(supportSessions.id))
          .limit(limit)
          .all()
          .map((row) => ({ ...row, endReason: row.endReason as EndReason | null, customFields: JSON.parse(row.customFields) as SupportSession['customFields'] }));
      },
    },
    sessionEvents: {
      async append(event) {
        // Hashed as it will be read back: what JSON keeps of the data (undefined fields vanish).
        const text = JSON.stringify(event.data);
        const data = JSON.parse(text) as Record<string, unknown>;
        // One immediate transaction: no other connection can append to this session between reading its newest
        // link and writing the next (better-sqlite3 runs it synchronously, so neither can this process).
        return db.transaction((tx) => {
          const last = tx.select({ seq: sessionEvents.seq, hash: sessionEvents.hash }).from(sessionEvents)
            .where(and(eq(sessionEvents.sessionId, event.sessionId), isNotNull(sessionEvents.seq)))
            .orderBy(desc(sessionEvents.id)).limit(1).get();
          const link = nextLink(event.sessionId, last && last.seq !== null && last.hash !== null ? { seq: last.seq, hash: last.hash } : null);
          const hash = eventHash(link.prevHash, { ...event, data, seq: link.seq });
          const row = tx.insert(sessionEvents).values({ ...event, data: text, ...link, hash }).returning({ id: sessionEvents.id }).get();
          return { ...event, data, id: row.id };
        }, { behavior: 'immediate' });
      },
      async chain(sessionId) {
        return db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, sessionId)).orderBy(asc(sessionEvents.id)).all()
          .map((row) => ({ ...toEvent(row), seq: row.seq, prevHash: row.prevHash, hash: row.hash }));
      },
      async sessionIds() {
        return db.select({ sessionId: sessionEvents.sessionId }).from(sessionEvents)
          .groupBy(sessionEvents.sessionId).orderBy(sql`min(${sessionEvents.id})`).all().map((row) => row.sessionId);
      },
      async findChat(sessionId, actor, clientId) {
        const row = db.select().from(sessionEvents)
          .where(and(
            eq(sessionEvents.sessionId, sessionId),
            eq(sessionEvents.type, 'chat'),
            eq(sessionEvents.actor, actor),
            sql`json_extract(${sessionEvents.data}, '$.clientId') = ${clientId}`,
          ))
          .get();
        return row ? toEvent(row) : null;
      },
      async list(sessionId, types, options = {}) {
        const where = and(
          eq(sessionEvents.sessionId, sessionId),
          types ? inArray(sessionEvents.type, [...types]) : undefined,
          options.before !== undefined ? lt(sessionEvents.id, options.before) : undefined,
        );
        if (options.last !== undefined) {
          // The newest first from the index, then back in order: a long session reads only what is asked for.
          return db.select().from(sessionEvents).where(where).orderBy(desc(sessionEvents.id)).limit(options.last).all().reverse().map(toEvent);
        }
        return db.select().from(sessionEvents).where(where).orderBy(asc(sessionEvents.id)).all().map(toEvent);
      },
    },
  };
}
