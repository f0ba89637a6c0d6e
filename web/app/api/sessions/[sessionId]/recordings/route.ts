import { lifeline } from '../../../../../server/context';
import { sessionParams } from '../../../../../server/evidence-params';
import { sessionRoute } from '../../../../../server/route';

/** Starts recording the session; the customer is told at once that recording is on. */
export const POST = sessionRoute(sessionParams, async ({ session, user }) => {
  await lifeline().organisation.require(user, 'recordSessions');
  const { recordingId } = await lifeline().evidence.startRecording(session.id);
  return Response.json({ ok: true, recordingId }, { status: 201 });
});
