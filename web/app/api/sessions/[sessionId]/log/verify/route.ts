import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { sessionParams } from '../../../../../../server/evidence-params';
import { callerRoute } from '../../../../../../server/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/sessions/<id>/log/verify: whether the session's log is still as it was written, and if not which
 * event breaks its chain. Whoever may read that session's log may ask (SupportSessions.verifyLog).
 */
export const GET = callerRoute({ body: z.object({}), params: sessionParams }, async ({ caller, params }) => {
  const verdict = await lifeline().supportSessions.verifyLog(caller.user, params.sessionId);
  return Response.json({ ok: true, verdict }, { headers: { 'Cache-Control': 'private, no-store' } });
});
