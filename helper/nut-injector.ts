/**
 * Input in-process through libnut, the native layer of @nut-tree-fork/nut-js (it needs only libXtst on Linux):
 * the fallback when xdotool is not installed. Pointer, buttons, wheel and named keys are as fast as xdotool's
 * persistent process. Typing is not: libnut looks a character's keycode up but never presses the Shift or AltGr
 * it needs ("@" comes out as "2" on a US layout) and cannot type characters the layout lacks ("é" on US), so
 * this injector types only letters, digits, space and newline there, and refuses other text as unsupported
 * rather than type the wrong character.
 *
 * On Windows libnut's typeString looks each character up in the keyboard layout (VkKeyScan) and presses the
 * Shift, Ctrl or AltGr the layout says: printable ASCII types on any layout that has it. Not beyond ASCII: it
 * cuts every decoded character to one byte first ("é" would press another key), so such text is refused. Unicode
 * key events (SendInput with KEYEVENTF_UNICODE), which would type anything, need a call libnut does not offer.
 */
import type { PointerButton } from '../protocol/input';
import type { ScreenGeometry } from '../protocol/helper';
import type { Injector, Point, PressAction, WheelDirection } from './injector';
import { loadNative } from './native';

/** The part of libnut's native API used here (see @nut-tree-fork/libnut-linux/index.d.ts). */
export interface Libnut {
  setMouseDelay(ms: number): void;
  setKeyboardDelay(ms: number): void;
  moveMouse(x: number, y: number): void;
  mouseToggle(down: 'down' | 'up', button: 'left' | 'middle' | 'right'): void;
  scrollMouse(x: number, y: number): void;
  keyToggle(key: string, down: 'down' | 'up', modifiers: string[]): void;
  getMousePos(): Point;
  getScreenSize(): { width: number; height: number };
  keyTap(key: string, modifiers?: string[]): void;
  typeString(text: string): void;
}

/** X keysym names (input/keys.ts) as libnut calls the same keys. */
const NAMED: Record<string, string> = {
  Return: 'return', KP_Enter: 'enter', Escape: 'escape', BackSpace: 'backspace', Tab: 'tab', space: 'space',
  Left: 'left', Right: 'right', Up: 'up', Down: 'down', Home: 'home', End: 'end', Prior: 'pageup', Next: 'pagedown',
  Insert: 'insert', Delete: 'delete', Shift_L: 'shift', Shift_R: 'right_shift', Control_L: 'control', Control_R: 'right_control',
  Alt_L: 'alt', Alt_R: 'right_alt', Super_L: 'meta', Super_R: 'right_meta', Caps_Lock: 'caps_lock', Num_Lock: 'num_lock',
  Scroll_Lock: 'scroll_lock', Print: 'printscreen', Menu: 'menu',
  minus: '-', equal: '=', bracketleft: '[', bracketright: ']', backslash: '\\', less: '<', semicolon: ';', apostrophe: "'",
  grave: '`', comma: ',', period: '.', slash: '/',
  KP_Add: 'add', KP_Subtract: 'subtract', KP_Multiply: 'multiply', KP_Divide: 'divide', KP_Decimal: 'numpad_decimal', KP_Equal: 'numpad_equal',
};

/** The libnut key name for an X keysym name; null for keys libnut has no name for (Pause, F13-F24 on some builds). */
export function libnutKey(keysym: string): string | null {
  if (/^[a-z0-9]$/.test(keysym)) return keysym;
  const pad = /^KP_([0-9])$/.exec(keysym);
  if (pad) return `numpad_${pad[1]}`;
  const fn = /^F([1-9]|1[0-9]|2[0-4])$/.exec(keysym);
  if (fn) return `f${fn[1]}`;
  return NAMED[keysym] ?? null;
}

/** Characters libnut types correctly on any Latin layout of X11. */
const TYPABLE = /^[A-Za-z0-9 \n]*$/;
/** What libnut's typeString types right on Windows: printable ASCII, tab and newline. */
const LAYOUT_TYPABLE = /^[\t\n\u0020-\u007e]*$/;

export class NutInjector implements Injector {
  readonly name = 'libnut';

  constructor(
    private readonly nut: Libnut = loadNative('libnut') as Libnut,
    /** Text through libnut's typeString, which finds Shift and AltGr in the layout (Windows), rather than key by key (X11). */
    private readonly layoutText = process.platform === 'win32',
  ) {
    // libnut sleeps 10 ms after every event by default.
    nut.setMouseDelay(0);
    nut.setKeyboardDelay(0);
  }

  async screen(): Promise<ScreenGeometry> {
    const { width, height } = this.nut.getScreenSize();
    return { x: 0, y: 0, width, height };
  }

  async pointer(): Promise<Point> {
    const { x, y } = this.nut.getMousePos();
    return { x, y };
  }

  async move(x: number, y: number): Promise<void> {
    this.nut.moveMouse(Math.round(x), Math.round(y));
  }

  async button(button: PointerButton, action: PressAction): Promise<void> {
    this.nut.mouseToggle(action, button);
  }

  async wheel(direction: WheelDirection, clicks: number): Promise<void> {
    const n = Math.floor(clicks);
    if (n <= 0) return;
    // libnut: positive y is X button 4 (up), positive x is button 6 (left).
    if (direction === 'up') this.nut.scrollMouse(0, n);
    else if (direction === 'down') this.nut.scrollMouse(0, -n);
    else if (direction === 'left') this.nut.scrollMouse(n, 0);
    else this.nut.scrollMouse(-n, 0);
  }

  async key(keysym: string, action: PressAction): Promise<boolean> {
    const key = libnutKey(keysym);
    if (key === null) return false;
    this.nut.keyToggle(key, action, []);
    return true;
  }

  async type(text: string): Promise<boolean> {
    if (this.layoutText) {
      if (!LAYOUT_TYPABLE.test(text)) return false;
      // A line break as the Enter key (VkKeyScan has no key for a line feed).
      text.split('\n').forEach((line, i) => {
        if (i > 0) this.nut.keyTap('enter');
        if (line) this.nut.typeString(line);
      });
      return true;
    }
    if (!TYPABLE.test(text)) return false;
    for (const char of text) {
      const key = char === '\n' ? 'return' : char === ' ' ? 'space' : char.toLowerCase();
      // keyToggle, unlike libnut's typeString, does not add Shift for a capital by itself.
      const modifiers = /[A-Z]/.test(char) ? ['shift'] : [];
      this.nut.keyToggle(key, 'down', modifiers);
      this.nut.keyToggle(key, 'up', modifiers);
    }
    return true;
  }

  async close(): Promise<void> {}
}
