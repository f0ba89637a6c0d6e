import * as z from 'zod';
import { evidenceIdPattern } from '../../core/support/evidence';
import { sessionIdSchema } from '../../protocol';

export const sessionParams = z.object({ sessionId: sessionIdSchema });
export const screenshotParams = z.object({ sessionId: sessionIdSchema, screenshotId: z.string().regex(evidenceIdPattern) });
export const recordingParams = z.object({ sessionId: sessionIdSchema, recordingId: z.string().regex(evidenceIdPattern) });


/** Streams a stored blob back with its type; private to the signed-in user, never cached by shared caches. */
export function blobResponse(blob: { stream: ReadableStream<Uint8Array>; size: number } | null, type: string): Response {
  if (!blob) return Response.json({ ok: false, code: 'not_found', message: 'Not found.' }, { status: 404 });
  return new Response(blob.stream, {
    headers: { 'Content-Type': type, 'Content-Length': String(blob.size), 'Cache-Control': 'private, no-store' },
  });
}
