import { type AuditEntry, auditFilterSchema } from '../../core/audit/audit-log';
import type { User } from '../../core/model';
import { lifeline } from './context';

const DAY = 24 * 60 * 60 * 1000;

/** Reads the activity log's filters from a query string (dates as YYYY-MM-DD, UTC, `to` inclusive). */
export function auditQuery(search: URLSearchParams) {
  const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : undefined);
  const from = day(search.get('from'));
  const to = day(search.get('to'));
  return auditFilterSchema.safeParse({
    actorId: search.get('actor') || undefined,
    groupId: search.get('group') || undefined,
    from,
    to: to !== undefined ? to + DAY : undefined,
    limit: search.get('limit') ?? undefined,
  });
}

export async function auditEntries(viewer: User, search: URLSearchParams): Promise<{ entries: AuditEntry[]; problem: string | null }> {
  const parsed = auditQuery(search);
  if (!parsed.success) return { entries: [], problem: 'These filters are not valid.' };
  const { audit, organisation } = lifeline();
  const { manageable } = await organisation.snapshot(viewer);
  return { entries: await audit.listFor(viewer, manageable, parsed.data), problem: null };
}
