import type { ErrorCode } from '../protocol';

/** How sending a report went: refusals name the field they are about (the page shows them next to it). */
export type AbuseReportResult = { ok: true; matched: boolean } | { ok: false; code: ErrorCode | 'network'; field?: string; retryAfterMs?: number };

/** Sends a customer's abuse report (POST /api/abuse-reports): by the session's code, or from its page by its id. */
export async function sendAbuseReport(report: { code: string; sessionId: string | null; text: string }): Promise<AbuseReportResult> {
  let response: Response;
  try {
    response = await fetch('/api/abuse-reports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: report.code, text: report.text, ...(report.sessionId ? { sessionId: report.sessionId } : {}) }),
    });
  } catch {
    return { ok: false, code: 'network' };
  }
  const body = (await response.json().catch(() => ({}))) as { matched?: boolean; code?: ErrorCode; field?: string; retryAfterMs?: number };
  if (!response.ok) return { ok: false, code: body.code ?? 'internal', field: body.field, retryAfterMs: body.retryAfterMs };
  return { ok: true, matched: Boolean(body.matched) };
}

/** The report page's address for a session: from its own page, the code the customer typed and the session. */
export function abuseReportAddress(session: { sessionId: string | null; code: string | null }): string {
  const query = new URLSearchParams();
  if (session.code) query.set('code', session.code);
  if (session.sessionId) query.set('session', session.sessionId);
  const search = query.toString();
  return search ? `/report?${search}` : '/report';
}
