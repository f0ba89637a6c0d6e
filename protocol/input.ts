/**
 * Remote control input: what the technician's console sends and an executor (the customer's page, or the
 * Lifeline Helper on the customer's desktop) carries out. Re-exported by protocol/index.ts.
 *
 * - Coordinates are normalised to 0..1 over the shared surface (the tab's viewport, or the whole screen), so the
 *   console needs to know nothing of the customer's resolution or pixel ratio.
 * - Every message carries `seq` (per sender, increasing) and `sentAt` (the sender's performance clock, for
 *   latency figures), and the control `epoch` it was sent under: an executor drops anything from an epoch it did
 *   not grant, so input queued before a revoke never runs after it, not even once control is granted again.
 * - Moves go on the `pointer` channel (unordered, no retransmits) at most once per animation frame; a lost move
 *   is replaced by the next. Everything else goes on `control` (reliable, ordered): a lost click or key is a bug.
 */
import * as z from 'zod';

const unit = z.number().min(0).max(1);
const seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const sentAt = z.number().nonnegative().max(1e12);
const epoch = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const stamp = { seq, sentAt, epoch };
/** The stamp every input message carries (seq, sentAt, epoch): shared with co-browse's DOM input (protocol/cobrowse.ts). */
export const inputStampShape = stamp;

export const modifiersSchema = z.object({ alt: z.boolean(), ctrl: z.boolean(), meta: z.boolean(), shift: z.boolean() });
export type Modifiers = z.infer<typeof modifiersSchema>;
export const NO_MODIFIERS: Modifiers = { alt: false, ctrl: false, meta: false, shift: false };

export const pointerButtonSchema = z.enum(['left', 'middle', 'right']);
export type PointerButton = z.infer<typeof pointerButtonSchema>;

/** The combinations a browser cannot send from a keyboard (the operating system takes them first), offered from a menu. */
export const SPECIAL_COMBOS = ['ctrl-alt-delete', 'alt-tab', 'alt-f4', 'super', 'ctrl-escape', 'print-screen'] as const;
export type SpecialCombo = (typeof SPECIAL_COMBOS)[number];

/** KeyboardEvent.code: the physical key ("KeyA", "Enter", "ArrowLeft"). */
export const keyCodeSchema = z.string().regex(/^[A-Za-z0-9]{1,32}$/);
/** KeyboardEvent.key: what it produces with the technician's layout ("a", "A", "Enter", "é"). */
export const keyNameSchema = z.string().min(1).max(32);

export const pointerMoveSchema = z.object({ type: z.literal('move'), x: unit, y: unit, ...stamp });
export type PointerMove = z.infer<typeof pointerMoveSchema>;

export const inputMessageSchema = z.discriminatedUnion('type', [
  pointerMoveSchema,
  z.object({ type: z.literal('button'), action: z.enum(['down', 'up']), button: pointerButtonSchema, x: unit, y: unit, modifiers: modifiersSchema, ...stamp }),
  /** Wheel deltas in CSS pixels, as the console's WheelEvent gave them (line and page deltas are converted). */
  z.object({ type: z.literal('wheel'), x: unit, y: unit, dx: z.number().min(-10_000).max(10_000), dy: z.number().min(-10_000).max(10_000), modifiers: modifiersSchema, ...stamp }),
  z.object({
    type: z.literal('key'),
    action: z.enum(['down', 'up']),
    code: keyCodeSchema,
    key: keyNameSchema,
    modifiers: modifiersSchema,
    repeat: z.boolean(),
    ...stamp,
  }),
  /** Committed text (an IME's composition, or a paste the technician typed): inserted as it is. */
  z.object({ type: z.literal('text'), text: z.string().min(1).max(2000), ...stamp }),
  z.object({ type: z.literal('combo'), combo: z.enum(SPECIAL_COMBOS), ...stamp }),
]);
export type InputMessage = z.infer<typeof inputMessageSchema>;
/** An input message before it is stamped by the sender. */
export type InputAction = InputMessage extends infer M ? (M extends InputMessage ? Omit<M, 'seq' | 'sentAt' | 'epoch'> : never) : never;

/** What an executor answers on `control`: proof of execution for latency figures, or why it refused. */
export const inputReportSchema = z.discriminatedUnion('type', [
  /**
   * Sent for every message but moves (and every 8th move), after it was carried out. `executedAt`: wall-clock
   * milliseconds with sub-millisecond precision (performance.timeOrigin + performance.now()), for latency figures
   * across processes on one machine; the console itself only uses the echoed `sentAt`.
   */
  z.object({ type: z.literal('input-executed'), seq, sentAt, epoch, executedAt: z.number().nonnegative().optional() }),
  z.object({ type: z.literal('input-refused'), seq, epoch, reason: z.enum(['not-granted', 'private-field', 'off-origin', 'paused', 'unsupported']) }),
]);
export type InputReport = z.infer<typeof inputReportSchema>;

const INPUT_TYPES: ReadonlySet<string> = new Set(inputMessageSchema.options.map((option) => option.shape.type.value));
const REPORT_TYPES: ReadonlySet<string> = new Set(inputReportSchema.options.map((option) => option.shape.type.value));

/**
 * Which of the `control` channel's kinds a message claims to be, from its type alone, so each is parsed once by its
 * own schema: input runs on every keystroke, and a failed parse against another schema first costs time there.
 */
export function controlChannelKind(raw: unknown): 'input' | 'report' | 'other' {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') return 'other';
  return INPUT_TYPES.has(type) ? 'input' : REPORT_TYPES.has(type) ? 'report' : 'other';
}

/** How remote control is carried out: on the customer's own tab, or on their whole desktop through the helper. */
export const controlModeSchema = z.enum(['page', 'desktop']);
export type ControlMode = z.infer<typeof controlModeSchema>;

/** Whose input wins when both act at once (a group setting): with `customer`, their own mouse or keyboard pauses remote input. */
export const inputPrioritySchema = z.enum(['technician', 'customer']);
export type InputPriority = z.infer<typeof inputPrioritySchema>;
/** How long the customer's own input pauses the technician's, with customer priority. */
export const CUSTOMER_PRIORITY_PAUSE_MS = 1000;
