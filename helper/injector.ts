/**
 * What carries out input on the customer's desktop, in X terms: absolute device pixels on the X screen, keys by
 * keysym name (as input/keys.ts gives them), wheel clicks by X's wheel buttons. The executor
 * (input-executor.ts) maps the technician's messages onto these calls; implementations only inject.
 *
 * Each call resolves once the display server has the event (not when an application has handled it): that is
 * the moment the executor reports `input-executed`, and what the latency budget (p99 <= 10 ms) measures.
 */
import type { PointerButton } from '../protocol/input';
import type { ScreenGeometry } from '../protocol/helper';

export type PressAction = 'down' | 'up';
/** X's wheel buttons 4-7. */
export type WheelDirection = 'up' | 'down' | 'left' | 'right';

export interface Point {
  x: number;
  y: number;
}

export interface Injector {
  /** For the log: which injector runs ("xdotool", "libnut"). */
  readonly name: string;
  /** The whole X screen in device pixels (the helper reports it; the customer's browser shares it). */
  screen(): Promise<ScreenGeometry>;
  /** Where the pointer is now, whoever put it there (for customer priority). */
  pointer(): Promise<Point>;
  move(x: number, y: number): Promise<void>;
  button(button: PointerButton, action: PressAction): Promise<void>;
  wheel(direction: WheelDirection, clicks: number): Promise<void>;
  /** A key by X keysym name ("a", "Return", "Control_L"); false when this injector cannot press that key. */
  key(keysym: string, action: PressAction): Promise<boolean>;
  /** Characters as they are, whatever the customer's keyboard layout; false when it cannot type them all. */
  type(text: string): Promise<boolean>;
  /** Stops text still being typed (control was revoked): what is already typed stays, the rest is dropped. */
  cancelTyping?(): void;
  close(): Promise<void>;
}
