import { toCsv } from '../../../../../core/csv';
import { isDomainError } from '../../../../../core/errors';
import { isTimeZone } from '../../../../../core/time-zone';
import { TIME_ZONE_COOKIE } from '../../../../i18n/locales';
import { readCookie } from '../../../../../signaling/cookie';
import { auditEntries } from '../../../../server/audit-view';
import { errorResponse } from '../../../../server/route';
import { requestViewer } from '../../../../server/viewer';

/** The activity log as CSV, with the page's filters. */
export async function GET(request: Request): Promise<Response> {
  const viewer = await requestViewer(request);
  if (!viewer) return errorResponse('unauthorized', 'Sign in first.');
  try {
    // The days of the page's filter are the reader's days: the export must cover the same ones.
    const zone = readCookie(request.headers.get('cookie') ?? undefined, TIME_ZONE_COOKIE);
    const { entries, problem } = await auditEntries(viewer, new URL(request.url).searchParams, isTimeZone(zone) ? zone : 'UTC');
    if (problem) return errorResponse('bad_request', problem);
    const csv = toCsv(
      ['time_utc', 'person', 'action', 'target', 'address', 'details'],
      entries.map((e) => [new Date(e.at).toISOString(), e.actorName, e.action, e.target, e.address, JSON.stringify(e.details)]),
    );
    return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="lifeline-activity.csv"' } });
  } catch (error) {
    if (isDomainError(error)) return errorResponse(error.code, error.message);
    throw error;
  }
}
