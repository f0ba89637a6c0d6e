/**
 * The pairing the helper carries: which server, which support session, and the one-time token that proves it
 * was downloaded for that session. The server appends it to the executable it serves as a trailer line,
 *
 *     "\nLIFELINE-PAIRING:" + base64url(JSON { v: 1, server, sessionId, token }) + "\n"
 *
 * so one signed binary serves every session (signing covers the file up to its signature; bytes appended after
 * it are not part of the image). The helper reads the end of its own executable; for development and tests it
 * also takes the same base64url JSON as `--pairing <value>`.
 *
 * The server (which builds the trailer) and the helper (which reads it) share this format; Node only (Buffer).
 */
import * as z from 'zod';
import { pairingTokenSchema } from './helper';
import { sessionIdSchema } from '.';

export const pairingDataSchema = z.object({
  v: z.literal(1),
  server: z.url({ protocol: /^https?$/ }).max(2048),
  sessionId: sessionIdSchema,
  token: pairingTokenSchema,
});
export type PairingData = z.infer<typeof pairingDataSchema>;

const MARKER = '\nLIFELINE-PAIRING:';
/** How much of its own executable the helper reads looking for the trailer. */
export const TRAILER_SEARCH_BYTES = 64 * 1024;
const ENCODED_MAX = 4096;

/** The line the server appends to the helper executable it serves for one session. */
export function pairingTrailer(data: PairingData): Buffer {
  const valid = pairingDataSchema.parse(data);
  return Buffer.from(`${MARKER}${encodePairing(valid)}\n`, 'ascii');
}

/** The base64url JSON of a pairing, as in the trailer and in `--pairing`. */
export function encodePairing(data: PairingData): string {
  return Buffer.from(JSON.stringify(pairingDataSchema.parse(data)), 'utf8').toString('base64url');
}

/**
 * The pairing in the last trailer of `bytes` (the end of an executable), or null when there is none or the last
 * one does not parse. An earlier trailer is never used in place of a broken last one: it would belong to another
 * session.
 */
export function readPairing(bytes: Buffer): PairingData | null {
  const marker = Buffer.from(MARKER, 'ascii');
  const at = bytes.lastIndexOf(marker);
  if (at < 0) return null;
  const start = at + marker.length;
  const end = bytes.indexOf(0x0a, start);
  if (end < 0) return null;
  return decodePairing(bytes.subarray(start, end).toString('latin1'));
}

/** A base64url pairing (the trailer's payload or the `--pairing` argument), or null if it is not a valid one. */
export function decodePairing(encoded: string): PairingData | null {
  if (encoded.length === 0 || encoded.length > ENCODED_MAX || !/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = pairingDataSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
