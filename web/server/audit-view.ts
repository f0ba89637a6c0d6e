import { type AuditEntry, auditFilterSchema } from '../../core/audit/audit-log';
import type { User } from '../../core/model';
import { startOfDay } from '../../core/time-zone';
import { lifeline } from './context';

const DAY = 24 * 60 * 60 * 1000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** The calendar day after `day` ('2026-03-29' → '2026-03-30'). */
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

/**
 * Reads the activity log's filters from a query string: dates as YYYY-MM-DD, calendar days in `timeZone` (the
 * reader's, on the page; UTC by default), `to` inclusive.
 */
export function auditQuery(search: URLSearchParams, timeZone = 'UTC') {
  const day = (value: string | null) => (value && DAY_PATTERN.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? value : undefined);
  const from = day(search.get('from'));
  const to = day(search.get('to'));
  return auditFilterSchema.safeParse({
    actorId: search.get('actor') || undefined,
    groupId: search.get('group') || undefined,
    from: from !== undefined ? startOfDay(from, timeZone) : undefined,
    to: to !== undefined ? startOfDay(nextDay(to), timeZone) : undefined,
    limit: search.get('limit') ?? undefined,
  });
}

/** The entries `viewer` may read under the filters; `problem` (for logs and the CSV route) when the filters are not valid. */
export async function auditEntries(viewer: User, search: URLSearchParams, timeZone = 'UTC'): Promise<{ entries: AuditEntry[]; problem: string | null }> {
  const parsed = auditQuery(search, timeZone);
  if (!parsed.success) return { entries: [], problem: 'These filters are not valid.' };
  const { audit, organisation } = lifeline();
  const { manageable } = await organisation.snapshot(viewer);
  return { entries: await audit.listFor(viewer, manageable, parsed.data), problem: null };
}
