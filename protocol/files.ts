/**
 * The `files` data channel: JSON text messages for the conversation about each file, binary frames for its bytes.
 * Shared by the technician console and the customer page (protocol/index.ts re-exports it). Every field is
 * bounded: the other browser is not trusted any more than a socket is.
 *
 * A transfer, seen from the wire (S = the side with the file, R = the side receiving it):
 *   S offer{id,n,...}   -> R accept{id,offset} | decline{id} | cancel{id,reason:'too_large'}
 *   S chunk frames (n, offset, bytes)...       <- R ack{id,offset} every so often
 *   S done{id,sha256,md5}                      -> R verdict{id,ok,sha256,md5}   (R's own hashes)
 * After a drop, on the new channel S offers again every unfinished transfer; R answers resume{id,offset} with what
 * it has kept (or repeats its verdict / decline / cancel if it already settled), and S carries on from there.
 * Requests: request{id,note} -> the other side answers with offer{...,requestId} or decline{id}.
 */
import * as z from 'zod';

/** Label and options of the channel. Reliable and ordered: the receiver hashes bytes in the order they come. */
export const FILES_CHANNEL = { label: 'files', init: { ordered: true } } as const;

/** Transfer and request ids: 16 characters of lower-case base32 (80 random bits), made by the side that starts. */
export const FILE_ID_PATTERN = /^[a-z2-7]{16}$/;
export const FILE_NAME_MAX = 255;
export const FILE_NOTE_MAX = 500;
export const FILE_MIME_MAX = 255;
/** Text messages longer than this are refused before JSON.parse sees them. */
export const FILES_TEXT_MAX = 4096;

/** Binary frame: 16-byte header, then the bytes. Version byte first so a later layout can be told apart. */
export const CHUNK_HEADER_BYTES = 16;
export const CHUNK_FRAME_VERSION = 1;
/** Largest payload a receiver accepts in one frame (Chrome's SCTP maxMessageSize is 256 KiB). */
export const CHUNK_PAYLOAD_MAX = 256 * 1024 - CHUNK_HEADER_BYTES;
/** Transfer numbers in frames are 32-bit and never 0. */
export const TRANSFER_NUMBER_MAX = 0xffff_ffff;

/** Why a transfer failed: crosses the wire in `cancel`, and the UI picks its sentence by it. */
export const FileErrorCode = {
  /** The receiver refuses files this large (its configured maximum travels in `maxSize`). */
  tooLarge: 'too_large',
  /** The receiver already has too many undecided offers. */
  tooMany: 'too_many',
  /** The receiver's SHA-256 or MD5 differ from the sender's: the file is not offered as good. */
  hashMismatch: 'hash_mismatch',
  /** Someone cancelled it. */
  cancelled: 'cancelled',
  /** The sender could not read its file (moved, deleted, permission revoked). */
  readFailed: 'read_failed',
  /** The other side broke the protocol (bytes out of place, a frame past the end). */
  protocol: 'protocol',
  /** The technician's group does not allow files in this direction (the side that refuses is the receiver). */
  notAllowed: 'not_allowed',
} as const;
export type FileErrorCode = (typeof FileErrorCode)[keyof typeof FileErrorCode];
const fileErrorCodeSchema = z.enum(Object.values(FileErrorCode) as [FileErrorCode, ...FileErrorCode[]]);

export const fileIdSchema = z.string().regex(FILE_ID_PATTERN, 'not a file transfer id');
/** A byte count or offset: a non-negative integer JavaScript can hold exactly. */
export const byteCountSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/**
 * What the receiver will show and save under: no path separators, no control characters, not "." or "..".
 * See `safeFileName` for how a sender turns any name into one of these.
 */
export const fileNameSchema = z
  .string()
  .min(1)
  .max(FILE_NAME_MAX)
  .regex(/^[^\u0000-\u001f\u007f/\\]+$/, 'not a plain file name')
  .refine((name) => name !== '.' && name !== '..', 'not a plain file name');
/** Blob.type as the browser reports it: printable ASCII, possibly empty, possibly with parameters. */
export const mimeSchema = z.string().max(FILE_MIME_MAX).regex(/^[\x20-\x7e]*$/, 'not a media type');
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 in hex');
const md5Schema = z.string().regex(/^[0-9a-f]{32}$/, 'not an MD5 in hex');

export const filesMessageSchema = z.discriminatedUnion('type', [
  /** Sender: here is a file; `n` is the number its chunk frames will carry. */
  z.object({
    type: z.literal('offer'),
    id: fileIdSchema,
    n: z.number().int().min(1).max(TRANSFER_NUMBER_MAX),
    name: fileNameSchema,
    size: byteCountSchema,
    mime: mimeSchema,
    /** Present when the file answers a `request` from the other side. */
    requestId: fileIdSchema.optional(),
  }),
  /** Receiver: send it, starting at `offset` (0 for a fresh accept). */
  z.object({ type: z.literal('accept'), id: fileIdSchema, offset: byteCountSchema }),
  /** Receiver: no thanks (an offer), or: I will not send one (a request). */
  z.object({ type: z.literal('decline'), id: fileIdSchema }),
  /** Either side: please send me a file; the note says which. */
  z.object({ type: z.literal('request'), id: fileIdSchema, note: z.string().max(FILE_NOTE_MAX).optional() }),
  /** Receiver: I have hashed and kept everything before `offset`. */
  z.object({ type: z.literal('ack'), id: fileIdSchema, offset: byteCountSchema }),
  /** Sender: that was the last byte; these are the hashes of the whole file as I read it. */
  z.object({ type: z.literal('done'), id: fileIdSchema, sha256: sha256Schema, md5: md5Schema }),
  /** Receiver: my hashes of what arrived, and whether they equal yours. Not ok means the file is thrown away. */
  z.object({ type: z.literal('verdict'), id: fileIdSchema, ok: z.boolean(), sha256: sha256Schema, md5: md5Schema }),
  /** Either side: this transfer is over and failed. */
  z.object({ type: z.literal('cancel'), id: fileIdSchema, reason: fileErrorCodeSchema, maxSize: byteCountSchema.optional() }),
  /** Receiver, on a new channel: I kept everything before `offset`; carry on from there. */
  z.object({ type: z.literal('resume'), id: fileIdSchema, offset: byteCountSchema }),
]);
export type FilesMessage = z.infer<typeof filesMessageSchema>;
export type FilesMessageType = FilesMessage['type'];

export type FilesParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A text message from the channel, checked. Never throws: the caller warns and ignores on `ok: false`. */
export function parseFilesMessage(data: unknown): FilesParseResult<FilesMessage> {
  if (typeof data !== 'string') return { ok: false, reason: 'not text' };
  if (data.length > FILES_TEXT_MAX) return { ok: false, reason: `longer than ${FILES_TEXT_MAX} characters` };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = filesMessageSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ') };
  return { ok: true, value: parsed.data };
}

// ---------------------------------------------------------------- binary chunk frames

/**
 * One chunk of a file. Header (big-endian): byte 0 version, bytes 1-3 zero, bytes 4-7 transfer number `n`,
 * bytes 8-15 offset of the first byte in the file (uint64, at most 2^53-1).
 */
export interface ChunkFrame {
  n: number;
  offset: number;
  bytes: Uint8Array<ArrayBuffer>;
}

export function encodeChunkFrame(n: number, offset: number, bytes: Uint8Array): ArrayBuffer {
  if (!Number.isInteger(n) || n < 1 || n > TRANSFER_NUMBER_MAX) throw new RangeError(`transfer number out of range: ${n}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset out of range: ${offset}`);
  if (bytes.byteLength < 1 || bytes.byteLength > CHUNK_PAYLOAD_MAX) throw new RangeError(`chunk of ${bytes.byteLength} bytes`);
  const frame = new ArrayBuffer(CHUNK_HEADER_BYTES + bytes.byteLength);
  const view = new DataView(frame);
  view.setUint8(0, CHUNK_FRAME_VERSION);
  view.setUint32(4, n);
  view.setBigUint64(8, BigInt(offset));
  new Uint8Array(frame, CHUNK_HEADER_BYTES).set(bytes);
  return frame;
}

/** A binary message from the channel, checked. `bytes` is a view into `data`, not a copy. */
export function parseChunkFrame(data: unknown): FilesParseResult<ChunkFrame> {
  let buffer: ArrayBuffer;
  let start = 0;
  let length: number;
  if (data instanceof ArrayBuffer) {
    buffer = data;
    length = data.byteLength;
  } else if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer) {
    buffer = data.buffer;
    start = data.byteOffset;
    length = data.byteLength;
  } else {
    return { ok: false, reason: 'not binary' };
  }
  if (length <= CHUNK_HEADER_BYTES) return { ok: false, reason: 'frame shorter than its header' };
  if (length - CHUNK_HEADER_BYTES > CHUNK_PAYLOAD_MAX) return { ok: false, reason: 'frame too long' };
  const view = new DataView(buffer, start, length);
  if (view.getUint8(0) !== CHUNK_FRAME_VERSION) return { ok: false, reason: `unknown frame version ${view.getUint8(0)}` };
  if (view.getUint8(1) !== 0 || view.getUint8(2) !== 0 || view.getUint8(3) !== 0) return { ok: false, reason: 'reserved bytes set' };
  const n = view.getUint32(4);
  if (n === 0) return { ok: false, reason: 'transfer number 0' };
  const offset = view.getBigUint64(8);
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'offset out of range' };
  return { ok: true, value: { n, offset: Number(offset), bytes: new Uint8Array(buffer, start + CHUNK_HEADER_BYTES, length - CHUNK_HEADER_BYTES) } };
}

/**
 * Any name a person picked turned into one `fileNameSchema` accepts: the last path segment, control characters
 * replaced, cut to 255 characters without splitting a surrogate pair. Empty results become "file".
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).filter(Boolean).pop() ?? '';
  let clean = base.replace(/[\u0000-\u001f\u007f]/g, '_').trim();
  if (clean.length > FILE_NAME_MAX) {
    clean = clean.slice(0, FILE_NAME_MAX);
    if (/[\ud800-\udbff]$/.test(clean)) clean = clean.slice(0, -1);
  }
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}
