import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { AuditAction, AuditEntry, AuditStore } from '../core/audit/audit-log';
import type { Db } from './database';
import { auditLog } from './schema';

const toEntry = (row: typeof auditLog.$inferSelect): AuditEntry => ({
  ...row,
  action: row.action as AuditAction,
  details: JSON.parse(row.details) as Record<string, unknown>,
});

/** Only inserts and reads: nothing here updates or deletes an audit entry. */
export function sqliteAuditStore(db: Db): AuditStore {
  return {
    async append(entry) {
      const row = db.insert(auditLog).values({ ...entry, details: JSON.stringify(entry.details) }).returning().get();
      return toEntry(row);
    },
    async list(filter) {
      const conditions: SQL[] = [];
      if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
      if (filter.groupId) conditions.push(eq(auditLog.targetGroupId, filter.groupId));
      if (filter.from !== undefined) conditions.push(gte(auditLog.at, filter.from));
      if (filter.to !== undefined) conditions.push(lt(auditLog.at, filter.to));
      if (filter.groupIds) conditions.push(filter.groupIds.length ? inArray(auditLog.targetGroupId, filter.groupIds) : sql`0`);
      return db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(filter.limit).all().map(toEntry);
    },
  };
}
