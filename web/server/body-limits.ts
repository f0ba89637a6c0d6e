import { ErrorCode } from '../../core/errors';

const KiB = 1024;
const MiB = 1024 * KiB;

/** How much each kind of request body may hold: one table, read by the routes and by the server's front door. */
export const BODY_LIMITS = {
  /** A JSON form (most routes). */
  json: 64 * KiB,
  /** A channel, with its fields, hours and texts. */
  channel: 128 * KiB,
  /** A CSV of people to invite. */
  csvImport: 512 * KiB,
  /** A screenshot of the customer's screen (PNG). */
  screenshot: 20 * MiB,
  /** One piece of a session recording (WebM). */
  recordingChunk: 32 * MiB,
} as const;

/**
 * The most any route at this path accepts: the server refuses a larger declared body before reading a byte of it
 * (server/start.ts), whatever the route would have done.
 */
export function outerBodyLimit(pathname: string): number {
  if (/^\/api\/sessions\/[^/]+\/recordings\/[^/]+\/chunks\/?$/.test(pathname)) return BODY_LIMITS.recordingChunk;
  if (/^\/api\/sessions\/[^/]+\/screenshots\/?$/.test(pathname)) return BODY_LIMITS.screenshot;
  return BODY_LIMITS.csvImport;
}

/** Too large: what it was, in a JSON body like every other refusal. */
export function tooLargeBody(limit: number): { status: 413; body: { ok: false; code: ErrorCode; message: string; reasons: { key: string; values: { maximum: number } }[] } } {
  return {
    status: 413,
    body: { ok: false, code: ErrorCode.tooLarge, message: 'Request body too large.', reasons: [{ key: 'bodyTooLarge', values: { maximum: Math.round(limit / KiB) } }] },
  };
}

/**
 * A request's body, read as it arrives and given up at `limit` bytes: a declared length over it is refused before
 * anything is read, and a body that runs past it (chunked, or lying about its length) is cancelled there. Never
 * holds more than `limit` bytes of it in memory.
 */
export async function readBounded(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= limit)) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
