import { ErrorCode, isDomainError } from '../../../../core/errors';
import { SESSION_LOG_MAX_LIMIT } from '../../../../core/support/session-log';
import { lifeline } from '../../../server/context';
import { errorResponse } from '../../../server/route';
import { logCsvFileName, parseLogParams, sessionLogCsv } from '../../../server/session-log';
import { requestViewer } from '../../../server/viewer';

export const dynamic = 'force-dynamic';

/**
 * GET /api/log.csv?view=closed&technician=…&from=YYYY-MM-DD&to=YYYY-MM-DD: the session log as CSV, with the
 * page's filters and the same rule on whose sessions a user may read. A GET changes nothing, so like the page it
 * needs no Origin check; the cookie is SameSite=Lax and another site cannot read the answer.
 */
export async function GET(request: Request): Promise<Response> {
  const { supportSessions, log } = lifeline();
  try {
    const viewer = await requestViewer(request);
    if (!viewer) return errorResponse(ErrorCode.unauthorized, 'Sign in first.');
    const parsed = parseLogParams(new URL(request.url).searchParams, SESSION_LOG_MAX_LIMIT);
    if (!parsed.ok) {
      return Response.json({ ok: false, code: ErrorCode.badRequest, message: parsed.message, field: parsed.field }, { status: 400 });
    }
    const entries = await supportSessions.log(viewer, parsed.filter);
    log.info('log: CSV exported', { user: viewer.id, rows: entries.length });
    // The byte order mark tells Excel the file is UTF-8 (customer names are not all ASCII).
    return new Response(`\uFEFF${sessionLogCsv(entries)}`, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="${logCsvFileName(parsed.params)}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    if (isDomainError(error)) {
      log.info('web: request refused', { url: '/api/log.csv', code: error.code });
      return errorResponse(error.code, error.message, error.retryAfterMs);
    }
    log.error('web: route failed', { url: request.url, error });
    return errorResponse(ErrorCode.internal, 'Something went wrong on the server.');
  }
}
