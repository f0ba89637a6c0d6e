import * as z from 'zod';
import { toCsv } from '../../core/csv';
import { SESSION_LOG_MAX_LIMIT, SESSION_LOG_PAGE_LIMIT, type SessionLogEntry, type SessionLogFilter } from '../../core/support/session-log';
import { isoUtc } from '../lib/session-log-format';

/**
 * The log's filters as they travel in a URL (the page's GET form and the CSV link carry the same ones), checked
 * by zod and turned into the domain's filter. Dates are calendar days in UTC, `to` included.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
/** A GET form sends every field, empty ones as "": those mean "no filter". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const day = z.iso.date('Enter dates as YYYY-MM-DD.');

export const logParamsSchema = z
  .object({
    view: optional(z.enum(['active', 'closed'], 'Show sessions in progress (active) or ended (closed).')).transform((v) => v ?? 'active'),
    technician: optional(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a technician id.')),
    from: optional(day),
    to: optional(day),
    limit: optional(z.coerce.number().int().min(1).max(SESSION_LOG_MAX_LIMIT)),
  })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'The start date is after the end date.', path: ['to'] });
export type LogParams = z.output<typeof logParamsSchema>;

export type ParsedLogParams =
  | { ok: true; params: LogParams; filter: SessionLogFilter }
  | { ok: false; params: Partial<LogParams>; message: string; field?: string };

/** Reads the log's filters; the page shows the first problem, the CSV route answers it as a 400. */
export function parseLogParams(search: URLSearchParams, defaultLimit = SESSION_LOG_PAGE_LIMIT): ParsedLogParams {
  const raw = Object.fromEntries(['view', 'technician', 'from', 'to', 'limit'].map((key) => [key, search.get(key) ?? undefined]));
  const parsed = logParamsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // What was valid stays in the form, so the user fixes one field instead of starting over.
    const kept = Object.fromEntries(Object.entries(raw).filter(([key, value]) => typeof value === 'string' && logParamsSchema.safeParse({ [key]: value }).success));
    return { ok: false, params: kept, message: issue.message, field: issue.path.join('.') || undefined };
  }
  const params = parsed.data;
  return {
    ok: true,
    params,
    filter: {
      view: params.view,
      technicianId: params.technician,
      from: params.from ? Date.parse(`${params.from}T00:00:00Z`) : undefined,
      to: params.to ? Date.parse(`${params.to}T00:00:00Z`) + DAY_MS : undefined,
      limit: params.limit ?? defaultLimit,
    },
  };
}

/** The query string for the same filters (the CSV link, a way back from a session): only what is set. */
export function logQuery(params: Partial<LogParams>, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams();
  for (const key of ['view', 'technician', 'from', 'to'] as const) {
    const value = params[key];
    if (value) search.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const LOG_CSV_HEADER = [
  'session_id',
  'customer',
  'technician',
  'state',
  'created_utc',
  'joined_utc',
  'closed_utc',
  'duration_seconds',
  'end_reason',
  'chat_messages',
  'files',
  'channel',
  'rating',
  'rating_comment',
] as const;

/**
 * The log as CSV: machine values (state and end reason codes, ISO 8601 UTC times) for spreadsheets and scripts,
 * then one column per custom field label found in these sessions ("field: Order number").
 */
export function sessionLogCsv(entries: readonly SessionLogEntry[]): string {
  const labels = [...new Set(entries.flatMap((e) => e.customFields.map((f) => f.label)))];
  return toCsv(
    [...LOG_CSV_HEADER, ...labels.map((label) => `field: ${label}`)],
    entries.map((e) => [
      e.id,
      e.customerName,
      e.technicianName ?? '',
      e.state,
      isoUtc(e.createdAt),
      isoUtc(e.joinedAt),
      isoUtc(e.closedAt),
      e.durationMs === null ? null : Math.round(e.durationMs / 1000),
      e.endReason,
      e.chatMessages,
      e.files,
      e.channelName,
      e.rating,
      e.ratingComment,
      ...labels.map((label) => e.customFields.find((f) => f.label === label)?.value ?? null),
    ]),
  );
}

/** A file name that says what is inside: lifeline-sessions-ended-from-2025-03-01-to-2025-03-31.csv */
export function logCsvFileName(params: LogParams): string {
  const parts = ['lifeline-sessions', params.view === 'closed' ? 'ended' : 'in-progress'];
  if (params.from) parts.push('from', params.from);
  if (params.to) parts.push('to', params.to);
  return `${parts.join('-')}.csv`;
}
