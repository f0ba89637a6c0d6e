import * as z from 'zod';
import { lifeline } from '../../../../../../../server/context';
import { BODY_LIMITS, readBounded } from '../../../../../../../server/body-limits';
import { recordingParams } from '../../../../../../../server/evidence-params';
import { errorResponse, sessionRoute } from '../../../../../../../server/route';

const seqSchema = z.coerce.number().int().min(0).max(1_000_000);

/** One WebM chunk of a running recording, numbered by `seq` so retries and order are checked. */
export const POST = sessionRoute(recordingParams, async ({ request, session, params }) => {
  const seq = seqSchema.safeParse(new URL(request.url).searchParams.get('seq'));
  if (!seq.success) return errorResponse('bad_request', 'seq must be a chunk number.');
  const chunk = await readBounded(request, BODY_LIMITS.recordingChunk);
  if (!chunk) return errorResponse('too_large', 'The chunk is too large.');
  const { bytes } = await lifeline().evidence.appendRecording(session.id, params.recordingId, seq.data, chunk);
  return Response.json({ ok: true, bytes });
});
