/**
 * Cutting a mirror envelope into wire messages of at most 64 KiB, and putting it back together on the other side
 * (protocol/cobrowse.ts has the limits). Both ends are here so they cannot drift apart; neither knows the
 * transport. A receiver keeps at most MIRROR_OPEN_MAX envelopes open and MIRROR_MESSAGE_MAX_CHARS buffered, so
 * a broken or hostile sender costs it a bounded amount of memory, and anything it cannot place throws a
 * MirrorWireError: the mirror then drops what it holds and asks for a fresh snapshot.
 */
import {
  MIRROR_MESSAGE_MAX_CHARS,
  MIRROR_OPEN_MAX,
  MIRROR_PIECE_CHARS,
  MIRROR_WIRE_MAX_BYTES,
  type MirrorEvent,
  type MirrorEvents,
  mirrorEventsSchema,
  type MirrorPiece,
  mirrorPieceSchema,
  type MirrorUnavailableMessage,
  mirrorUnavailableSchema,
} from './cobrowse';

export const MirrorWireFault = {
  /** Not JSON, or not a mirror envelope or piece. */
  malformed: 'malformed',
  /** A wire message over 64 KiB, or an envelope over the total. */
  tooLarge: 'too-large',
  /** A piece that does not follow the previous one of its envelope. */
  outOfOrder: 'out-of-order',
  /** More envelopes open at once than MIRROR_OPEN_MAX. */
  tooManyOpen: 'too-many-open',
} as const;
export type MirrorWireFaultCode = (typeof MirrorWireFault)[keyof typeof MirrorWireFault];

export class MirrorWireError extends Error {
  constructor(
    readonly code: MirrorWireFaultCode,
    message: string,
  ) {
    super(message);
    this.name = 'MirrorWireError';
  }
}

/** Bytes of a string in UTF-8, as the transport will send it (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function fitsOnWire(text: string): boolean {
  // A code unit is 1 to 3 bytes: only strings near the limit need counting.
  return text.length * 3 <= MIRROR_WIRE_MAX_BYTES || (text.length <= MIRROR_WIRE_MAX_BYTES && utf8Length(text) <= MIRROR_WIRE_MAX_BYTES);
}

/**
 * The wire messages for one envelope: itself when it fits in 64 KiB, else its JSON text in pieces of at most
 * MIRROR_PIECE_CHARS, never splitting a surrogate pair (each piece is valid text on its own). Throws
 * MirrorWireError(too-large) past MIRROR_MESSAGE_MAX_CHARS: the caller tells the mirror the page cannot be shown.
 */
export function encodeMirrorEvents(stream: string, seq: number, events: readonly MirrorEvent[]): string[] {
  const envelope: MirrorEvents = { type: 'mirror-events', stream, seq, events: events as MirrorEvent[] };
  const text = JSON.stringify(envelope);
  if (fitsOnWire(text)) return [text];
  if (text.length > MIRROR_MESSAGE_MAX_CHARS) throw new MirrorWireError(MirrorWireFault.tooLarge, `an envelope of ${text.length} characters passes ${MIRROR_MESSAGE_MAX_CHARS}`);
  const slices: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + MIRROR_PIECE_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    slices.push(text.slice(start, end));
    start = end;
  }
  return slices.map((data, index) => {
    const piece: MirrorPiece = { type: 'mirror-piece', stream, seq, index, count: slices.length, data };
    const wire = JSON.stringify(piece);
    // Holds by MIRROR_PIECE_CHARS's arithmetic; checked so a change of limits cannot pass unnoticed.
    if (!fitsOnWire(wire)) throw new MirrorWireError(MirrorWireFault.tooLarge, `piece ${index} is ${utf8Length(wire)} bytes`);
    return wire;
  });
}

interface OpenEnvelope {
  stream: string;
  seq: number;
  count: number;
  parts: string[];
  chars: number;
}

/** Puts envelopes back together from the wire messages of one ordered transport. */
export class MirrorReassembler {
  private readonly open = new Map<string, OpenEnvelope>();
  private buffered = 0;

  /**
   * One wire message of the recorder's stream: the envelope it is or completes (or the recorder's word that it
   * stopped), or null while pieces are missing. A caller multiplexing one channel passes only the `mirror` kind
   * here (protocol/cobrowse.ts's cobrowseMessageKind).
   */
  accept(wire: string): MirrorEvents | MirrorUnavailableMessage | null {
    if (!fitsOnWire(wire)) throw this.fail(MirrorWireFault.tooLarge, `a wire message of ${wire.length} characters passes ${MIRROR_WIRE_MAX_BYTES} bytes`);
    const raw = parse(wire);
    if (raw === undefined) throw this.fail(MirrorWireFault.malformed, 'not JSON');
    const type = (raw as { type?: unknown }).type;
    if (type === 'mirror-events') return this.envelope(raw);
    if (type === 'mirror-unavailable') {
      const unavailable = mirrorUnavailableSchema.safeParse(raw);
      if (!unavailable.success) throw this.fail(MirrorWireFault.malformed, 'not a mirror-unavailable message');
      this.reset();
      return unavailable.data;
    }
    const piece = mirrorPieceSchema.safeParse(raw);
    if (!piece.success) throw this.fail(MirrorWireFault.malformed, `not a mirror envelope or piece: ${piece.error.issues[0]?.message ?? ''}`);
    return this.add(piece.data);
  }

  /** Drops everything half received (a new console, a reset transport). */
  reset(): void {
    this.open.clear();
    this.buffered = 0;
  }

  /** Bytes held for unfinished envelopes, for tests and diagnostics. */
  get pending(): { envelopes: number; chars: number } {
    return { envelopes: this.open.size, chars: this.buffered };
  }

  private add(piece: MirrorPiece): MirrorEvents | null {
    const key = `${piece.stream}:${piece.seq}`;
    let current = this.open.get(key);
    if (!current) {
      if (piece.index !== 0) throw this.fail(MirrorWireFault.outOfOrder, `piece ${piece.index} of ${key} without its first`);
      if (this.open.size >= MIRROR_OPEN_MAX) throw this.fail(MirrorWireFault.tooManyOpen, `a piece of ${key} while ${this.open.size} envelopes are open`);
      current = { stream: piece.stream, seq: piece.seq, count: piece.count, parts: [], chars: 0 };
      this.open.set(key, current);
    } else if (piece.index !== current.parts.length || piece.count !== current.count) {
      throw this.fail(MirrorWireFault.outOfOrder, `piece ${piece.index}/${piece.count} of ${key} after ${current.parts.length}/${current.count}`);
    }
    if (this.buffered + piece.data.length > MIRROR_MESSAGE_MAX_CHARS) throw this.fail(MirrorWireFault.tooLarge, `more than ${MIRROR_MESSAGE_MAX_CHARS} characters buffered`);
    current.parts.push(piece.data);
    current.chars += piece.data.length;
    this.buffered += piece.data.length;
    if (current.parts.length < current.count) return null;
    this.open.delete(key);
    this.buffered -= current.chars;
    const whole = parse(current.parts.join(''));
    if (whole === undefined) throw this.fail(MirrorWireFault.malformed, `${key} put back together is not JSON`);
    const result = this.envelope(whole);
    if (result.stream !== current.stream || result.seq !== current.seq) throw this.fail(MirrorWireFault.malformed, `${key} holds ${result.stream}:${result.seq}`);
    return result;
  }

  private envelope(raw: unknown): MirrorEvents {
    const result = mirrorEventsSchema.safeParse(raw);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw this.fail(MirrorWireFault.malformed, `not a mirror envelope: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
  }

  /** Anything wrong loses everything half received: a gap is a gap, the mirror resynchronises. */
  private fail(code: MirrorWireFaultCode, message: string): MirrorWireError {
    this.reset();
    return new MirrorWireError(code, message);
  }
}

function parse(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

