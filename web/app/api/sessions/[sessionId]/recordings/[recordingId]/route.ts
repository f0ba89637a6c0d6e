import { lifeline } from '../../../../../../server/context';
import { blobResponse, recordingParams } from '../../../../../../server/evidence-params';
import { sessionRoute } from '../../../../../../server/route';

/** The recording as WebM, playable in the browser (also while it is still being recorded). */
export const GET = sessionRoute(recordingParams, async ({ session, params }) =>
  blobResponse(await lifeline().evidence.readRecording(session.id, params.recordingId), 'video/webm'),
);
