/**
 * Test support: a private Xvfb display, and an `xev` window that records what arrives at it. Used by the
 * injector test and helper/measure-injection.ts; not part of the helper.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';

export function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Display {
  /** ":N" */
  name: string;
  /** The Xvfb process (the bench counts its CPU). */
  pid: number;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Starts Xvfb on a free display number (Xvfb picks it: -displayfd). -noreset: the pointer stays put between clients. */
export async function startXvfb(size = '1280x720x24'): Promise<Display> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', size, '-nolisten', 'tcp', '-noreset'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start: ${err.slice(-300)}`)), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err.slice(-300)}`)));
  });
  const name = `:${number}`;
  return { name, pid: child.pid!, env: { ...process.env, DISPLAY: name }, stop: () => stopProcess(child) };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface XevEvent {
  kind: 'KeyPress' | 'KeyRelease' | 'ButtonPress' | 'ButtonRelease';
  /** KeyPress: the text it produced (decoded from XLookupString's bytes); "" for modifiers. */
  text: string;
  keysym: string | null;
  button: number | null;
}

/** An xev window at the top left of the screen, recording keyboard and button events. */
export class XevWindow {
  private output = '';
  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  static async open(display: Display, width = 400, height = 300): Promise<XevWindow> {
    const child = spawn('xev', ['-geometry', `${width}x${height}+0+0`, '-event', 'keyboard', '-event', 'button', '-event', 'structure'], {
      env: display.env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const window = new XevWindow(child);
    await window.waitFor(() => window.output.includes('MapNotify'), 'xev window mapped');
    return window;
  }

  events(): XevEvent[] {
    const blocks = this.output.split(/\n\s*\n/);
    const events: XevEvent[] = [];
    for (const block of blocks) {
      const kind = /^(KeyPress|KeyRelease|ButtonPress|ButtonRelease) event/m.exec(block)?.[1] as XevEvent['kind'] | undefined;
      if (!kind) continue;
      const bytes = /XLookupString gives \d+ bytes: (?:\(([0-9a-f ]+)\))?/.exec(block)?.[1];
      const text = bytes ? Buffer.from(bytes.trim().split(/\s+/).map((hex) => parseInt(hex, 16))).toString('utf8') : '';
      events.push({ kind, text, keysym: /\(keysym 0x[0-9a-f]+, ([^)]+)\)/.exec(block)?.[1] ?? null, button: Number(/button (\d+)/.exec(block)?.[1] ?? NaN) || null });
    }
    return events;
  }

  /** The text typed into the window: what each KeyPress produced, Return as "\n". */
  typed(): string {
    return this.events()
      .filter((event) => event.kind === 'KeyPress')
      .map((event) => (event.keysym === 'Return' ? '\n' : event.text))
      .join('');
  }

  async waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    await waitUntil(condition, what, timeoutMs).catch((error: Error) => {
      throw new Error(`${error.message}; xev printed:\n${this.output.slice(-1500)}`);
    });
  }

  close(): Promise<void> {
    return stopProcess(this.child);
  }
}

/** Polls `condition` (for effects outside this process: X events, files, another client's clipboard). */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The pointer as xdotool reads it, independently of the injector under test. */
export function pointerLocation(display: Display): { x: number; y: number } {
  const out = execFileSync('xdotool', ['getmouselocation'], { env: display.env }).toString();
  const match = /x:(-?\d+) y:(-?\d+)/.exec(out);
  if (!match) throw new Error(`unexpected getmouselocation output: ${out}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}
