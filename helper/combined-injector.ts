/**
 * The injector the helper runs when it can: libnut in-process for the pointer, buttons, wheel and named keys
 * (the bulk of events, and the fastest under load: p99 1-4 ms against xdotool's 5-10 ms with both cores busy,
 * helper/measure-injection.ts), xdotool for text, which only it types correctly on any keyboard layout.
 *
 * Two X connections, one order: before xdotool's turn after libnut's, a pointer query on libnut's connection
 * (a round trip) makes sure the X server has processed libnut's events, so xdotool's cannot overtake them. The
 * other way round needs nothing: xdotool's calls already end with a round trip (xdo-injector.ts).
 */
import type { PointerButton } from '../protocol/input';
import type { ScreenGeometry } from '../protocol/helper';
import type { Injector, Point, PressAction, WheelDirection } from './injector';

export class CombinedInjector implements Injector {
  readonly name: string;
  private fastPending = false;

  constructor(
    private readonly fast: Injector,
    private readonly typist: Injector,
  ) {
    this.name = `${fast.name}+${typist.name}`;
  }

  screen(): Promise<ScreenGeometry> {
    return this.fast.screen();
  }

  pointer(): Promise<Point> {
    return this.fast.pointer();
  }

  cancelTyping(): void {
    this.typist.cancelTyping?.();
    this.fast.cancelTyping?.();
  }

  move(x: number, y: number): Promise<void> {
    this.fastPending = true;
    return this.fast.move(x, y);
  }

  button(button: PointerButton, action: PressAction): Promise<void> {
    this.fastPending = true;
    return this.fast.button(button, action);
  }

  wheel(direction: WheelDirection, clicks: number): Promise<void> {
    this.fastPending = true;
    return this.fast.wheel(direction, clicks);
  }

  /** libnut names most keys; the few it does not (Pause) go to xdotool. */
  async key(keysym: string, action: PressAction): Promise<boolean> {
    if (await this.fast.key(keysym, action)) {
      this.fastPending = true;
      return true;
    }
    await this.settle();
    return this.typist.key(keysym, action);
  }

  async type(text: string): Promise<boolean> {
    await this.settle();
    return this.typist.type(text);
  }

  private async settle(): Promise<void> {
    if (!this.fastPending) return;
    this.fastPending = false;
    await this.fast.pointer();
  }

  async close(): Promise<void> {
    await Promise.all([this.fast.close(), this.typist.close()]);
  }
}
