/**
 * Clipboard text both ways ("clipboardSync" right). On X11 the clipboard is owned by a running client, so it
 * takes a program: xclip (Debian `xclip`), which works under any X server, desktop or not. Reading runs
 * `xclip -o` every 500 ms; writing keeps one `xclip -quiet` in the foreground as the owner until something else
 * takes the clipboard or the helper ends (then the text the technician sent is gone with it, like everything
 * else the helper brought).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { errorText, type Logger } from './log';

/** The largest text synchronised (the protocol's limit). */
export const CLIPBOARD_MAX_CHARS = 100_000;
export const CLIPBOARD_POLL_MS = 500;
/** After writing, how long a read may still return the previous owner's text. */
const WRITE_SETTLE_MS = 1000;

export interface Clipboard {
  /** The clipboard's text, or null when it holds none (empty, an image, no owner). */
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
  close(): void;
}

export class XclipClipboard implements Clipboard {
  private owner: ChildProcess | null = null;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** Whether xclip runs here (it is not installed by default on most desktops). */
  static async available(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
    return new Promise((resolve) => {
      execFile('xclip', ['-version'], { env, timeout: 2000 }, (error) => resolve(error === null || (error as { code?: unknown }).code !== 'ENOENT'));
    });
  }

  read(): Promise<string | null> {
    return new Promise((resolve) => {
      execFile(
        'xclip',
        ['-selection', 'clipboard', '-o', '-t', 'UTF8_STRING'],
        { env: this.env, timeout: 2000, maxBuffer: CLIPBOARD_MAX_CHARS * 4, encoding: 'utf8' },
        (error, stdout) => resolve(error ? null : stdout),
      );
    });
  }

  write(text: string): Promise<void> {
    this.owner?.kill();
    return new Promise((resolve, reject) => {
      const child = spawn('xclip', ['-selection', 'clipboard', '-i', '-quiet'], { env: this.env, stdio: ['pipe', 'ignore', 'ignore'] });
      this.owner = child;
      child.once('error', reject);
      child.once('exit', () => {
        if (this.owner === child) this.owner = null;
      });
      child.stdin?.end(text, 'utf8', () => resolve());
    });
  }

  close(): void {
    this.owner?.kill();
    this.owner = null;
  }
}

/**
 * Watches the local clipboard and reports changes; applies the technician's text without echoing it back.
 */
export class ClipboardSync {
  private last: string | null = null;
  private pending: { text: string; until: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly clipboard: Clipboard,
    private readonly onLocalChange: (text: string) => void,
    private readonly log: Logger,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  /** Starts watching; what the clipboard holds now is not sent (only changes are). */
  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), CLIPBOARD_POLL_MS);
    this.timer.unref();
    this.busy = true;
    try {
      this.last = await this.clipboard.read();
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The technician's clipboard text. */
  async applyRemote(text: string): Promise<void> {
    if (text === this.last) return;
    this.last = text;
    this.pending = { text, until: this.now() + WRITE_SETTLE_MS };
    try {
      await this.clipboard.write(text);
    } catch (error) {
      this.log('clipboard-write-failed', { error: errorText(error) });
    }
  }

  /** One look at the clipboard (the timer calls it; tests call it directly). */
  async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const text = await this.clipboard.read();
      if (this.pending) {
        if (text === this.pending.text || this.now() >= this.pending.until) this.pending = null;
        else return;
      }
      if (text === null || text === this.last) return;
      this.last = text;
      if (text.length > CLIPBOARD_MAX_CHARS) {
        this.log('clipboard-too-long', { chars: text.length });
        return;
      }
      this.onLocalChange(text);
    } finally {
      this.busy = false;
    }
  }
}
