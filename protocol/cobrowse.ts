/**
 * DOM co-browse: what crosses the wire between the recorder in the customer's page (cobrowse/dom-recorder.ts)
 * and the mirror in the technician's console (client/dom-mirror.ts). The transport is not ours to choose here:
 * postMessage between the host page and the widget's frame, then a reliable ordered data channel. Both are
 * ordered, so pieces of one message arrive in order, and neither may see a message larger than 64 KiB.
 *
 * - Recorder -> mirror: rrweb events in envelopes (`mirror-events`), numbered per stream so the mirror sees a gap;
 *   an envelope whose text passes 64 KiB (a full snapshot) travels as `mirror-piece`s the mirror puts back
 *   together (protocol/cobrowse-pieces.ts). The envelope is checked here; an event's inside is rrweb's business.
 * - Mirror -> recorder: a request for a fresh full snapshot (a console that reconnects, a gap).
 * - Console -> executor: DOM input addressed by rrweb node id, not by pixels, stamped like protocol/input.ts
 *   (`seq`, `sentAt`, `epoch`) so the executor's InputGate drops anything from an epoch it did not grant.
 * - Executor -> console: done, or refused with a reason from a closed set.
 */
import * as z from 'zod';
import './zod-without-eval';
import { inputStampShape, keyCodeSchema, keyNameSchema, modifiersSchema, pointerButtonSchema } from './input';

// ---------------------------------------------------------------- limits

/** The largest wire message, in UTF-8 bytes: what every transport on the way takes without splitting. */
export const MIRROR_WIRE_MAX_BYTES = 64 * 1024;
/**
 * JSON text per piece, in UTF-16 code units. Encoded again as a JSON string a code unit takes at most 3 bytes
 * (`\"` is 2, U+2028 is 3, a surrogate pair 4 for two; control characters never occur raw in JSON text), so a
 * piece with its envelope stays under MIRROR_WIRE_MAX_BYTES whatever the page's language.
 */
export const MIRROR_PIECE_CHARS = 16 * 1024;
/** The largest envelope once put back together (a full snapshot of a very large page), in code units. */
export const MIRROR_MESSAGE_MAX_CHARS = 8 * 1024 * 1024;
export const MIRROR_PIECES_MAX = MIRROR_MESSAGE_MAX_CHARS / MIRROR_PIECE_CHARS;
/**
 * Envelopes being put back together at once. The transports are ordered and the recorder sends one envelope's
 * pieces back to back, so one is the norm; a second is allowed for a snapshot requested mid-way.
 */
export const MIRROR_OPEN_MAX = 2;
/** Events per envelope: the recorder batches what rrweb emits in one task. */
export const MIRROR_EVENTS_MAX = 2000;
/** Text the technician types or pastes at once (as protocol/input.ts's `text`). */
export const DOM_TEXT_MAX = 2000;

// ---------------------------------------------------------------- recorder -> mirror

/** One recording: the recorder picks it at start; `seq` counts envelopes within it from 0. */
export const mirrorStreamSchema = z.string().regex(/^[A-Za-z0-9_-]{8,32}$/);
const seq = inputStampShape.seq;

/**
 * An rrweb event (`eventWithTime`), checked only as far as the envelope needs: a type the recorder emits, a time,
 * a data object. rrweb's EventType: DomContentLoaded 0, Load 1, FullSnapshot 2, IncrementalSnapshot 3, Meta 4;
 * Custom (5), Plugin (6), Asset (7) and Annotation (8) come only from features the recorder does not use.
 */
export const mirrorEventSchema = z.looseObject({
  type: z.number().int().min(0).max(4),
  timestamp: z.number().nonnegative().max(1e13),
  data: z.looseObject({}),
});
export type MirrorEvent = z.infer<typeof mirrorEventSchema>;

/** rrweb's EventType values the mirror treats specially (the rest pass through). */
export const MirrorEventType = { FullSnapshot: 2, IncrementalSnapshot: 3, Meta: 4 } as const;

export const mirrorEventsSchema = z.object({
  type: z.literal('mirror-events'),
  stream: mirrorStreamSchema,
  seq,
  events: z.array(mirrorEventSchema).min(1).max(MIRROR_EVENTS_MAX),
});
export type MirrorEvents = z.infer<typeof mirrorEventsSchema>;

/** A slice of the JSON text of one `mirror-events` envelope too large for one wire message. */
export const mirrorPieceSchema = z.object({
  type: z.literal('mirror-piece'),
  stream: mirrorStreamSchema,
  /** The envelope's seq. */
  seq,
  index: z.number().int().nonnegative().max(MIRROR_PIECES_MAX - 1),
  count: z.number().int().min(2).max(MIRROR_PIECES_MAX),
  data: z.string().min(1).max(MIRROR_PIECE_CHARS),
}).refine((piece) => piece.index < piece.count, { message: 'piece index past its count' });
export type MirrorPiece = z.infer<typeof mirrorPieceSchema>;

/** Why the recorder cannot (or no longer does) feed the mirror. */
export const MirrorUnavailable = {
  /** The page's snapshot passes MIRROR_MESSAGE_MAX_CHARS even in pieces. */
  tooLarge: 'too-large',
  /** Recording stopped (the customer ended co-browse, or the page is going away). */
  stopped: 'stopped',
} as const;
export type MirrorUnavailableReason = (typeof MirrorUnavailable)[keyof typeof MirrorUnavailable];

export const mirrorUnavailableSchema = z.object({
  type: z.literal('mirror-unavailable'),
  reason: z.enum(MirrorUnavailable),
});
export type MirrorUnavailableMessage = z.infer<typeof mirrorUnavailableSchema>;

// ---------------------------------------------------------------- mirror -> recorder

export const mirrorSnapshotRequestSchema = z.object({ type: z.literal('mirror-snapshot-request') });
export type MirrorSnapshotRequest = z.infer<typeof mirrorSnapshotRequestSchema>;

// ---------------------------------------------------------------- console -> executor: DOM input

/** rrweb's id of a serialised node: the same number names the node in the page and its copy in the mirror. */
export const nodeIdSchema = z.number().int().min(1).max(2 ** 31 - 1);
const delta = z.number().min(-10_000).max(10_000);

export const domInputSchema = z.discriminatedUnion('type', [
  /** A click on a node: press, release and click (or contextmenu / auxclick) on the element itself. */
  z.object({
    type: z.literal('dom-click'),
    node: nodeIdSchema,
    button: pointerButtonSchema,
    modifiers: modifiersSchema,
    /** 2 for the second click of a double click (a `dblclick` follows it). */
    detail: z.union([z.literal(1), z.literal(2)]),
    ...inputStampShape,
  }),
  /**
   * Text into a field or an editable region: `insert` at the caret as typing would (an IME's composition, a
   * paste), `set` replaces the value (a select's choice, a date picker).
   */
  z.object({ type: z.literal('dom-text'), node: nodeIdSchema, mode: z.enum(['insert', 'set']), text: z.string().max(DOM_TEXT_MAX), ...inputStampShape }),
  /**
   * One key pressed and released. `node`: where the technician's focus was in the mirror; null sends it to
   * whatever has the focus in the page (as a keyboard would: a page that moved the focus itself is followed).
   */
  z.object({ type: z.literal('dom-key'), node: nodeIdSchema.nullable(), code: keyCodeSchema, key: keyNameSchema, modifiers: modifiersSchema, ...inputStampShape }),
  /** Scroll a node (or the window, `node: null`) by CSS pixels, as a wheel would. */
  z.object({ type: z.literal('dom-scroll'), node: nodeIdSchema.nullable(), dx: delta, dy: delta, ...inputStampShape }),
  /** The laser pointer: the customer sees the element outlined for a moment. Changes nothing on the page. */
  z.object({ type: z.literal('dom-highlight'), node: nodeIdSchema, ...inputStampShape }),
]).refine((message) => message.type !== 'dom-text' || message.mode === 'set' || message.text.length > 0, { message: 'nothing to insert' });
export type DomInput = z.infer<typeof domInputSchema>;
/** A DOM input message before the console stamps it. */
export type DomInputAction = DomInput extends infer M ? (M extends DomInput ? Omit<M, 'seq' | 'sentAt' | 'epoch'> : never) : never;

// ---------------------------------------------------------------- executor -> console

/** Why the page did not carry out a DOM input message. */
export const DomRefusal = {
  /** No grant covers this epoch: control was never given, ended, or was given anew since. */
  revoked: 'revoked',
  /** The customer is using their own mouse or keyboard and has priority. */
  paused: 'paused',
  /** A password field, a `data-lifeline-private` element, a channel's private selector, or a label of one. */
  private: 'private',
  /** Lifeline's own controls on the page (consent, stop, chat): the customer's alone. */
  lifelineOwn: 'lifeline-own',
  /** No live node has this id any more (removed, or from an older recording). */
  gone: 'gone',
  /** It would have taken the page to another origin (a link, a form, a script reacting to the click). */
  navigation: 'navigation',
  /** The node cannot take this input (text into a button, a value for a div). */
  unsupported: 'unsupported',
} as const;
export type DomRefusalReason = (typeof DomRefusal)[keyof typeof DomRefusal];

export const domInputReportSchema = z.discriminatedUnion('type', [
  /** Carried out; `executedAt` as protocol/input.ts's report (wall clock, sub-millisecond), for latency figures. */
  z.object({ type: z.literal('dom-done'), seq, sentAt: inputStampShape.sentAt, epoch: inputStampShape.epoch, executedAt: z.number().nonnegative().optional() }),
  z.object({
    type: z.literal('dom-refused'),
    seq,
    epoch: inputStampShape.epoch,
    reason: z.enum(DomRefusal),
  }),
]);
export type DomInputReport = z.infer<typeof domInputReportSchema>;

// ---------------------------------------------------------------- telling them apart

const kinds = {
  'mirror-events': 'mirror',
  'mirror-piece': 'mirror',
  'mirror-unavailable': 'mirror',
  'mirror-snapshot-request': 'mirror-request',
  'dom-click': 'dom-input',
  'dom-text': 'dom-input',
  'dom-key': 'dom-input',
  'dom-scroll': 'dom-input',
  'dom-highlight': 'dom-input',
  'dom-done': 'dom-report',
  'dom-refused': 'dom-report',
} as const;
export type CobrowseMessageKind = (typeof kinds)[keyof typeof kinds] | 'other';

/**
 * Which co-browse kind a parsed message claims to be, from its type alone, so one channel can carry them all
 * and each is validated once by its own schema (a full snapshot is not worth parsing twice).
 */
export function cobrowseMessageKind(raw: unknown): CobrowseMessageKind {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(kinds, type) ? kinds[type as keyof typeof kinds] : 'other';
}

/** A message as it arrives on a channel or in a postMessage: its JSON and kind, or null for anything else. */
export function readCobrowseWire(wire: unknown): { raw: unknown; kind: CobrowseMessageKind } | null {
  if (typeof wire !== 'string') return null;
  try {
    const raw: unknown = JSON.parse(wire);
    return { raw, kind: cobrowseMessageKind(raw) };
  } catch {
    return null;
  }
}
