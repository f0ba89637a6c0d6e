import * as z from 'zod';
import { DomainError } from '../errors';
import { EndReason, Role, type User } from '../model';
import type { Repository } from '../repository';

/** One session as the reports count it. */
export interface ReportRow {
  technicianId: string | null;
  technicianName: string | null;
  groupId: string | null;
  groupName: string | null;
  createdAt: number;
  joinedAt: number | null;
  /** When the wait for the technician who picked it up began (joining, or the last hand-over). */
  queuedAt: number | null;
  pickedUpAt: number | null;
  closedAt: number | null;
  endReason: string | null;
  /** The customer's rating, 1-5; null when they gave none. */
  rating: number | null;
}

export interface ReportLine {
  key: string;
  name: string;
  /** Sessions created in the period. */
  sessions: number;
  /** Sessions a customer joined (the others were codes nobody used). */
  joined: number;
  resolved: number;
  /** Mean customer wait for the technician who picked them up, over sessions picked up; null without any. */
  averagePickUpMs: number | null;
  /** Mean time from joining to the end, over closed sessions a customer joined; null without any. */
  averageDurationMs: number | null;
  /** How many sessions customers rated, and their mean rating (one decimal); null without any. */
  ratings: number;
  averageRating: number | null;
}

export const reportQuerySchema = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().positive(),
  groupId: z.string().max(64).optional(),
}).refine((q) => q.to > q.from, { message: 'The period must end after it starts.' });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

const mean = (values: number[]) => (values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length));

function line(key: string, name: string, rows: ReportRow[]): ReportLine {
  const joined = rows.filter((r) => r.joinedAt !== null);
  const ratings = rows.flatMap((r) => (r.rating === null ? [] : [r.rating]));
  return {
    key,
    name,
    sessions: rows.length,
    joined: joined.length,
    resolved: rows.filter((r) => r.endReason === EndReason.resolved).length,
    averagePickUpMs: mean(joined.filter((r) => r.pickedUpAt !== null).map((r) => Math.max(0, r.pickedUpAt! - (r.queuedAt ?? r.joinedAt!)))),
    averageDurationMs: mean(joined.filter((r) => r.closedAt !== null).map((r) => Math.max(0, r.closedAt! - r.joinedAt!))),
    ratings: ratings.length,
    averageRating: ratings.length === 0 ? null : Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 10) / 10,
  };
}

/** The report of a period: totals, then one line per technician and one per group, busiest first. */
export function summarise(rows: ReportRow[]): { total: ReportLine; byTechnician: ReportLine[]; byGroup: ReportLine[] } {
  const groupBy = (keyOf: (r: ReportRow) => string, nameOf: (r: ReportRow) => string) => {
    const buckets = new Map<string, ReportRow[]>();
    for (const row of rows) buckets.set(keyOf(row), [...(buckets.get(keyOf(row)) ?? []), row]);
    return [...buckets.entries()].map(([key, bucket]) => line(key, nameOf(bucket[0]), bucket)).sort((a, b) => b.sessions - a.sessions || a.name.localeCompare(b.name));
  };
  return {
    total: line('total', 'All sessions', rows),
    byTechnician: groupBy((r) => r.technicianId ?? 'unassigned', (r) => r.technicianName ?? 'Unassigned'),
    byGroup: groupBy((r) => r.groupId ?? 'none', (r) => r.groupName ?? 'No group'),
  };
}

/** Reports for managers: master administrators over everything, administrators over the groups they manage. */
export class SessionReports {
  constructor(private readonly repo: Repository) {}

  async forViewer(viewer: User, manageable: string[], input: z.input<typeof reportQuerySchema>) {
    const query = reportQuerySchema.parse(input);
    if (viewer.role === Role.technician) throw DomainError.forbidden('Reports are for administrators.');
    if (query.groupId && viewer.role !== Role.masterAdmin && !manageable.includes(query.groupId)) throw DomainError.forbidden('You do not manage that group.');
    const groupIds = query.groupId ? [query.groupId] : viewer.role === Role.masterAdmin ? undefined : manageable;
    return summarise(await this.repo.supportSessions.reportRows({ from: query.from, to: query.to, groupIds }));
  }
}
