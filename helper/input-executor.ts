/**
 * Carries out the technician's input on the customer's whole desktop: the desktop counterpart of
 * cobrowse/page-executor.ts. Messages arrive as text on the `control` and `pointer` data channels; each is
 * validated, checked against the control epoch (the shared InputGate: nothing sent before a revoke runs after
 * it), mapped from normalised coordinates and browser key codes onto the injector, and answered on `control`.
 *
 * Injections run one at a time, in arrival order, and the gate is consulted when a message's turn comes (not
 * when it arrived), so a revoke stops whatever is still queued.
 */
import { controlMessageSchema, type ControlMessage, type ControlView } from '../protocol';
import { inputMessageSchema, type InputMessage, type InputPriority, type InputReport, type PointerButton } from '../protocol/input';
import type { ScreenGeometry } from '../protocol/helper';
import { toScreen } from '../input/coordinates';
import { InputGate } from '../input/input-gate';
import { COMBO_KEYS, keyIntent, x11Keysym } from '../input/keys';
import type { Injector, Point, WheelDirection } from './injector';
import { errorText, type Logger } from './log';

/** One `input-executed` per this many moves (every click, key and text is reported). */
export const MOVE_REPORT_EVERY = 8;
/** CSS pixels per wheel click: browsers scroll about 3 lines of 16-19 px per notch. */
export const WHEEL_PIXELS_PER_CLICK = 48;
/** A flick of 10,000 px is not 200 notches: cap what one message may inject. */
export const WHEEL_MAX_CLICKS = 30;
/** How often the physical pointer is compared with where the helper left it (customer priority). */
export const POINTER_POLL_MS = 100;
/** Pointer drift below this many pixels is rounding, not the customer's hand. */
const POINTER_SLACK_PX = 2;
/** A data channel message longer than this is not one of ours. */
const MESSAGE_MAX_CHARS = 16_384;

export type Outgoing = InputReport | ControlMessage;
type Refusal = Extract<InputReport, { type: 'input-refused' }>['reason'];

export interface InputExecutorOptions {
  injector: Injector;
  screen: ScreenGeometry;
  /** Sends on the `control` channel (reports and pongs); dropped silently when it is not open. */
  send: (message: Outgoing) => void;
  log: Logger;
  now?: () => number;
  /** For tests: a timer other than setInterval for the pointer poll. */
  pollEvery?: (callback: () => void, ms: number) => () => void;
}

/** Wheel deltas in CSS pixels as clicks per direction: at least one for any movement, at most WHEEL_MAX_CLICKS. */
export function wheelClicks(delta: number): number {
  if (delta === 0 || !Number.isFinite(delta)) return 0;
  return Math.min(WHEEL_MAX_CLICKS, Math.max(1, Math.round(Math.abs(delta) / WHEEL_PIXELS_PER_CLICK)));
}

export class InputExecutor {
  readonly gate: InputGate;
  private screen: ScreenGeometry;
  private priority: InputPriority = 'technician';
  private tail: Promise<void> = Promise.resolve();
  private movesExecuted = 0;
  /** Where the helper last put the pointer (or last saw the customer put it). */
  private lastPointer: Point | null = null;
  private readonly heldKeys = new Set<string>();
  private readonly heldButtons = new Set<PointerButton>();
  private stopPolling: (() => void) | null = null;
  private suspended = false;
  private closed = false;
  /** When the technician's input pressed Escape, oldest first: each may account for one press of the stop key. */
  private readonly injectedEscapes: number[] = [];
  private readonly now: () => number;

  constructor(private readonly options: InputExecutorOptions) {
    this.screen = options.screen;
    this.now = options.now ?? (() => performance.now());
    this.gate = new InputGate(() => this.priority, options.now);
  }

  setScreen(screen: ScreenGeometry): void {
    this.screen = screen;
  }

  /**
   * The control state from signaling (the hello's ack or a `control:state` event): input runs only while control
   * of the desktop is granted. A revoke takes effect at once; keys and buttons still held are released.
   */
  applyControl(control: ControlView | null): void {
    if (control) this.priority = control.priority;
    const granted = control?.state === 'granted' && control.mode === 'desktop';
    if (granted && this.gate.epoch === control.epoch) return;
    if (granted) {
      try {
        this.gate.grant(control.epoch);
      } catch (error) {
        // An epoch older than one already granted: a stale event. Nothing runs under it.
        this.gate.revoke();
        this.options.log('control-stale', { epoch: control.epoch, error: errorText(error) });
        this.afterRevoke();
        return;
      }
      this.options.log('control-granted', { epoch: control.epoch, priority: control.priority });
      this.lastPointer = null;
      this.startPolling();
      return;
    }
    const wasGranted = this.gate.epoch !== null;
    this.gate.revoke();
    if (wasGranted) this.options.log('control-revoked', {});
    this.afterRevoke();
  }

  /** Control of the desktop is granted now (what the helper's other services need besides their rights). */
  controlGranted(): boolean {
    return this.gate.epoch !== null;
  }

  /** The grant input runs under now, or null. */
  grantedEpoch(): number | null {
    return this.gate.epoch;
  }

  /**
   * While signaling is down the helper cannot hear a revoke: input waits (refused as paused) until the server has
   * confirmed the control state again. Not a revoke, so the same epoch can resume.
   */
  setSuspended(suspended: boolean): void {
    this.suspended = suspended;
  }

  /** A text message from the `control` or `pointer` channel. */
  receive(data: unknown): void {
    if (this.closed) return;
    if (typeof data !== 'string' || data.length > MESSAGE_MAX_CHARS) {
      this.options.log('message-ignored', { reason: typeof data === 'string' ? 'too-long' : 'not-text' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.options.log('message-ignored', { reason: 'not-json' });
      return;
    }
    const input = inputMessageSchema.safeParse(json);
    if (input.success) {
      this.enqueue(input.data);
      return;
    }
    const control = controlMessageSchema.safeParse(json);
    if (control.success) {
      if (control.data.type === 'ping') this.options.send({ type: 'pong', seq: control.data.seq, sentAt: control.data.sentAt });
      return;
    }
    const type = typeof json === 'object' && json !== null && 'type' in json ? String((json as { type: unknown }).type).slice(0, 32) : undefined;
    this.options.log('message-ignored', { reason: 'invalid', type, issue: input.error.issues[0]?.message });
  }

  /** Resolves when everything received so far has run (tests, and an orderly shutdown). */
  idle(): Promise<void> {
    return this.tail;
  }

  /** Releases what is held and stops: nothing runs after this. */
  async close(): Promise<void> {
    this.gate.revoke();
    this.afterRevoke();
    this.closed = true;
    await this.tail;
  }

  private enqueue(message: InputMessage): void {
    this.tail = this.tail.then(() => this.run(message));
  }

  private schedule(task: () => Promise<void>): Promise<void> {
    this.tail = this.tail.then(task).catch((error: unknown) => this.options.log('injector-failed', { error: errorText(error) }));
    return this.tail;
  }

  private async run(message: InputMessage): Promise<void> {
    if (this.closed) return;
    const verdict = this.gate.check(message.epoch);
    if (process.env.LIFELINE_HELPER_TRACE) this.options.log('input', { type: message.type, seq: message.seq, epoch: message.epoch, gate: verdict.run ? 'run' : verdict.reason, suspended: this.suspended });
    if (!verdict.run) {
      // A refused move is not worth a message each: the next click's refusal says the same.
      if (message.type !== 'move') this.refuse(message, verdict.reason);
      return;
    }
    if (this.suspended) {
      if (message.type !== 'move') this.refuse(message, 'paused');
      return;
    }
    let refusal: Refusal | null = null;
    try {
      refusal = await this.inject(message);
    } catch (error) {
      this.options.log('injector-failed', { type: message.type, error: errorText(error) });
      refusal = 'unsupported';
    }
    if (refusal) {
      this.refuse(message, refusal);
      return;
    }
    if (message.type === 'move' && ++this.movesExecuted % MOVE_REPORT_EVERY !== 0) return;
    this.options.send({ type: 'input-executed', seq: message.seq, sentAt: message.sentAt, epoch: message.epoch, executedAt: performance.timeOrigin + performance.now() });
  }

  private refuse(message: InputMessage, reason: Refusal): void {
    this.options.send({ type: 'input-refused', seq: message.seq, epoch: message.epoch, reason });
  }

  /** The injector calls for one message; a refusal reason when it cannot be carried out. */
  private async inject(message: InputMessage): Promise<Refusal | null> {
    const { injector } = this.options;
    switch (message.type) {
      case 'move':
        await this.moveTo(message.x, message.y);
        return null;
      case 'button':
        await this.moveTo(message.x, message.y);
        await injector.button(message.button, message.action);
        if (message.action === 'down') this.heldButtons.add(message.button);
        else this.heldButtons.delete(message.button);
        return null;
      case 'wheel': {
        await this.moveTo(message.x, message.y);
        const steps: [WheelDirection, number][] = [
          [message.dy > 0 ? 'down' : 'up', wheelClicks(message.dy)],
          [message.dx > 0 ? 'right' : 'left', wheelClicks(message.dx)],
        ];
        for (const [direction, clicks] of steps) if (clicks > 0) await injector.wheel(direction, clicks);
        return null;
      }
      case 'key':
        return this.key(message.action, message.code, message.key, message.modifiers);
      case 'text':
        return (await injector.type(message.text)) ? null : 'unsupported';
      case 'combo': {
        const keys = COMBO_KEYS[message.combo] ?? [];
        const pressed: string[] = [];
        try {
          for (const keysym of keys) {
            if (!(await injector.key(keysym, 'down'))) return 'unsupported';
            pressed.push(keysym);
          }
        } finally {
          for (const keysym of pressed.reverse()) await injector.key(keysym, 'up');
        }
        return null;
      }
    }
  }

  /**
   * A key is typed as the character it produced on the technician's keyboard (so layouts may differ), or pressed
   * as a physical key (Enter, arrows, anything with Ctrl/Alt/Meta). A release undoes whatever the press held,
   * even if the modifiers changed in between.
   */
  private async key(action: 'down' | 'up', code: string, key: string, modifiers: Parameters<typeof keyIntent>[1]): Promise<Refusal | null> {
    const keysym = x11Keysym(code);
    if (action === 'up') {
      if (keysym !== null && this.heldKeys.has(keysym)) {
        this.heldKeys.delete(keysym);
        await this.options.injector.key(keysym, 'up');
      }
      return null;
    }
    if (keyIntent(key, modifiers) === 'text') return (await this.options.injector.type(key)) ? null : 'unsupported';
    if (keysym === null) return 'unsupported';
    if (keysym === 'Escape') this.injectedEscapes.push(this.now());
    if (!(await this.options.injector.key(keysym, 'down'))) return 'unsupported';
    this.heldKeys.add(keysym);
    return null;
  }

  /**
   * Whether a press of the stop key was the technician's own Escape, injected a moment ago: the X server cannot
   * tell injected keys from the customer's. Each injected press accounts for one press of the key at most, so a
   * technician pressing Escape again and again cannot keep the customer's own press from counting.
   */
  takeInjectedEscape(withinMs = 500): boolean {
    const now = this.now();
    while (this.injectedEscapes.length > 0 && now - this.injectedEscapes[0] > withinMs) this.injectedEscapes.shift();
    return this.injectedEscapes.shift() !== undefined;
  }

  private async moveTo(x: number, y: number): Promise<void> {
    const point = toScreen(x, y, this.screen);
    await this.options.injector.move(point.x, point.y);
    this.lastPointer = point;
  }

  private afterRevoke(): void {
    this.stopPolling?.();
    this.stopPolling = null;
    this.options.injector.cancelTyping?.();
    this.releaseHeld();
  }

  /**
   * Releases every key and button the technician pressed and has not released: on a revoke, and when their
   * connection drops mid-press (the "up" will never come).
   */
  releaseHeld(): void {
    if (this.heldKeys.size === 0 && this.heldButtons.size === 0) return;
    const keys = [...this.heldKeys].reverse();
    const buttons = [...this.heldButtons];
    this.heldKeys.clear();
    this.heldButtons.clear();
    void this.schedule(async () => {
      for (const keysym of keys) await this.options.injector.key(keysym, 'up');
      for (const button of buttons) await this.options.injector.button(button, 'up');
    });
  }

  /** With customer priority, the customer's own pointer movement pauses remote input (InputGate.customerActed). */
  private startPolling(): void {
    if (this.stopPolling) return;
    const every = this.options.pollEvery ?? ((callback, ms) => {
      const timer = setInterval(callback, ms);
      timer.unref();
      return () => clearInterval(timer);
    });
    let busy = false;
    this.stopPolling = every(() => {
      if (busy || this.priority !== 'customer' || this.gate.epoch === null) return;
      busy = true;
      void this.schedule(async () => {
        const seen = await this.options.injector.pointer();
        const last = this.lastPointer;
        if (last && (Math.abs(seen.x - last.x) > POINTER_SLACK_PX || Math.abs(seen.y - last.y) > POINTER_SLACK_PX)) {
          this.gate.customerActed();
        }
        this.lastPointer = seen;
      }).finally(() => {
        busy = false;
      });
    }, POINTER_POLL_MS);
  }
}
