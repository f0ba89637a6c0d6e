import { lifeline } from '../../../../../../../server/context';
import { recordingParams } from '../../../../../../../server/evidence-params';
import { sessionRoute } from '../../../../../../../server/route';

export const POST = sessionRoute(recordingParams, async ({ session, params }) => {
  await lifeline().evidence.stopRecording(session.id, params.recordingId);
  return Response.json({ ok: true });
});
