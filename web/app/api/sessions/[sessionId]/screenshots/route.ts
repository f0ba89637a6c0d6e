import { lifeline } from '../../../../../server/context';
import { BODY_LIMITS, readBounded } from '../../../../../server/body-limits';
import { sessionParams } from '../../../../../server/evidence-params';
import { errorResponse, sessionRoute } from '../../../../../server/route';

/** The technician's screenshot of the customer's screen: a PNG, stored and listed in the session's timeline. */
export const POST = sessionRoute(sessionParams, async ({ request, session, user }) => {
  await lifeline().organisation.require(user, 'screenView');
  const png = await readBounded(request, BODY_LIMITS.screenshot);
  if (!png) return errorResponse('too_large', 'The screenshot is too large.');
  const saved = await lifeline().evidence.saveScreenshot(session.id, png);
  return Response.json({ ok: true, ...saved, url: `/api/sessions/${session.id}/screenshots/${saved.screenshotId}` }, { status: 201 });
});
