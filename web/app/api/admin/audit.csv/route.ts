import { toCsv } from '../../../../../core/csv';
import { isDomainError } from '../../../../../core/errors';
import { auditEntries } from '../../../../server/audit-view';
import { errorResponse } from '../../../../server/route';
import { requestViewer } from '../../../../server/viewer';

/** The activity log as CSV, with the page's filters. */
export async function GET(request: Request): Promise<Response> {
  const viewer = await requestViewer(request);
  if (!viewer) return errorResponse('unauthorized', 'Sign in first.');
  try {
    const { entries, problem } = await auditEntries(viewer, new URL(request.url).searchParams);
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
