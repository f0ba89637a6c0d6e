/**
 * Input through one long-lived `xdotool -` process that reads commands from its stdin, one line each.
 *
 * Measured under Xvfb on 2 cores (helper/measure-injection.ts): starting `xdotool` per event costs 5-6 ms at
 * the median and over 100 ms at p99; this persistent process answers a move in ~0.1 ms (p99 < 1 ms) and a key
 * in ~0.6 ms (p99 ~2 ms). It is also the only injector here that types any character on any layout: xdotool
 * looks each keysym up in the customer's keymap (Shift, AltGr) and binds a spare keycode for characters the
 * layout lacks. libnut (nut-js) types "@" as "2" on a US layout and drops "é" (see nut-injector.ts).
 *
 * Every command is followed by `getmouselocation`, whose output line is the proof that xdotool has run the
 * command and the X server has it (XQueryPointer is a round trip). `stdbuf -oL` makes xdotool's stdout line
 * buffered, or those lines would wait in a pipe buffer until exit.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { PointerButton } from '../protocol/input';
import type { ScreenGeometry } from '../protocol/helper';
import type { Injector, Point, PressAction, WheelDirection } from './injector';

const BUTTON: Record<PointerButton, number> = { left: 1, middle: 2, right: 3 };
const WHEEL: Record<WheelDirection, number> = { up: 4, down: 5, left: 6, right: 7 };
/** Keysym names as xdotool and XStringToKeysym take them: letters, digits, underscores. */
const KEYSYM_NAME = /^[A-Za-z0-9_]{1,32}$/;
/** Keysyms per `key` line: keeps lines short for long pasted text. */
const KEYS_PER_LINE = 64;
/** Lines handed to xdotool at once while typing: at most a quarter of a second of remapped characters. */
const LINES_PER_WRITE = 4;
/**
 * Characters a US layout has are typed back to back. Others usually make xdotool rebind a spare keycode, and an
 * application that has not yet read the MappingNotify sees the old keysym. Back to back about one in three was lost
 * (xev under Xvfb); several in one xdotool command, 12 ms apart, still lost one now and then while the test suite's
 * other displays were busy. Each on a command of its own held in 20 runs at 25 ms, yet lost one again in a full
 * test run with both cores busy: xdotool unbinds the key half the delay after pressing it (and again after
 * releasing it), so the delay is how late an application may read its key and still see the character.
 */
const REMAP_DELAY_MS = 60;

/** The X keysym name for one character (XStringToKeysym reads "U20AC" as the euro sign); null for controls. */
export function charKeysym(char: string): string | null {
  if (char === '\n' || char === '\r') return 'Return';
  if (char === '\t') return 'Tab';
  const code = char.codePointAt(0);
  if (code === undefined || code < 0x20 || (code >= 0x7f && code < 0xa0)) return null;
  return `U${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The xdotool lines that type `text`, or null if it holds a character that cannot be typed: runs of US-layout
 * characters, and every other character on a line of its own.
 */
export function typeCommands(text: string): string[] | null {
  const runs: { ascii: boolean; keys: string[] }[] = [];
  for (const char of text.replace(/\r\n/g, '\n')) {
    const keysym = charKeysym(char);
    if (keysym === null) return null;
    const ascii = char.charCodeAt(0) < 0x80;
    const last = runs.at(-1);
    if (last && ascii && last.ascii && last.keys.length < KEYS_PER_LINE) last.keys.push(keysym);
    else runs.push({ ascii, keys: [keysym] });
  }
  // --clearmodifiers: a Shift or Ctrl the technician holds must not change the character typed.
  return runs.map((run) => `key --clearmodifiers --delay ${run.ascii ? 0 : REMAP_DELAY_MS} ${run.keys.join(' ')}`);
}

type XdotoolProcess = ChildProcessByStdio<Writable, Readable, Readable>;

export class XdoInjector implements Injector {
  readonly name = 'xdotool';
  private child: XdotoolProcess | null = null;
  private waiters: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  private closed = false;
  /** Bumped by cancelTyping: a type() started under an older value stops at its next write. */
  private typing = 0;

  /** Starts xdotool and asks for the screen: fails fast when xdotool, stdbuf or the display is missing. */
  static async start(env: NodeJS.ProcessEnv = process.env): Promise<XdoInjector> {
    const injector = new XdoInjector(env);
    await injector.screen();
    return injector;
  }

  private constructor(private readonly env: NodeJS.ProcessEnv) {}

  async screen(): Promise<ScreenGeometry> {
    const line = await this.query([], 'getdisplaygeometry');
    const match = /^(\d+) (\d+)$/.exec(line.trim());
    if (!match) throw new Error(`unexpected display geometry "${line.slice(0, 80)}"`);
    return { x: 0, y: 0, width: Number(match[1]), height: Number(match[2]) };
  }

  async pointer(): Promise<Point> {
    return parseLocation(await this.query([], 'getmouselocation'));
  }

  async move(x: number, y: number): Promise<void> {
    await this.run(`mousemove ${Math.round(x)} ${Math.round(y)}`);
  }

  async button(button: PointerButton, action: PressAction): Promise<void> {
    await this.run(`${action === 'down' ? 'mousedown' : 'mouseup'} ${BUTTON[button]}`);
  }

  async wheel(direction: WheelDirection, clicks: number): Promise<void> {
    if (clicks <= 0) return;
    await this.run(`click --repeat ${Math.floor(clicks)} --delay 0 ${WHEEL[direction]}`);
  }

  async key(keysym: string, action: PressAction): Promise<boolean> {
    if (!KEYSYM_NAME.test(keysym)) return false;
    // keydown and keyup wait 12 ms after the event unless told otherwise.
    await this.run(`${action === 'down' ? 'keydown' : 'keyup'} --delay 0 ${keysym}`);
    return true;
  }

  async type(text: string): Promise<boolean> {
    const lines = typeCommands(text);
    if (lines === null) return false;
    // A few lines at a time, so that a revoke stops a long paste within a fraction of a second (a line of
    // characters the layout lacks takes 25 ms each) instead of after everything already handed to xdotool.
    const generation = this.typing;
    for (let i = 0; i < lines.length && generation === this.typing; i += LINES_PER_WRITE) {
      await this.query(lines.slice(i, i + LINES_PER_WRITE), 'getmouselocation');
    }
    return true;
  }

  cancelTyping(): void {
    this.typing++;
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    this.child = null;
    if (!child) return;
    child.stdin.end();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, 1000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async run(command: string): Promise<void> {
    await this.query([command], 'getmouselocation');
  }

  /** Writes `commands` then `question`, and resolves with the one line `question` prints. */
  private query(commands: string[], question: string): Promise<string> {
    if (this.closed) return Promise.reject(new Error('injector closed'));
    const child = this.process();
    return new Promise<string>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      child.stdin.write(`${[...commands, question].join('\n')}\n`);
    });
  }

  /** The xdotool process, started again if it died (the X server restarted, or it crashed). */
  private process(): XdotoolProcess {
    if (this.child) return this.child;
    const child = spawn('stdbuf', ['-oL', 'xdotool', '-'], { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => this.waiters.shift()?.resolve(line));
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-500);
    });
    child.stdin.on('error', () => {
      // EPIPE after xdotool died: 'exit' below fails the waiters.
    });
    const fail = (error: Error) => {
      if (this.child === child) this.child = null;
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    };
    child.once('error', (error) => fail(new Error(`cannot start xdotool (${error.message}): install xdotool and coreutils`)));
    child.once('exit', (code, signal) => fail(new Error(`xdotool exited (${signal ?? code}): ${stderr.trim().slice(0, 200)}`)));
    return child;
  }
}

function parseLocation(line: string): Point {
  const match = /x:(-?\d+) y:(-?\d+)/.exec(line);
  if (!match) throw new Error(`unexpected pointer location "${line.slice(0, 80)}"`);
  return { x: Number(match[1]), y: Number(match[2]) };
}
