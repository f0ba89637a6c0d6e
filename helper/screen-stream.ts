/**
 * The helper's own screen: a video track fed from the desktop (helper/x11-screen.ts) rather than through the
 * customer's browser, so the technician sees the desktop at the desktop's own pace and cost:
 *
 * - A frame goes out when the screen changed, as soon as it changed, at most `maxFps` a second. After a change
 *   the frame is sent again once a second for `repeatForMs` (copies of the last picture in case one is lost, and
 *   frames for the encoder to answer a key frame request with), then nothing: libwebrtc counts an encoder idle
 *   after 2 s without frames, and only then stops padding the stream to its minimum screencast bitrate (about
 *   11 KB/s, measured). A console that needs a picture again says so (`refresh`).
 * - The pointer is drawn in (helper/cursor-overlay.ts): the stream asks where it is `cursorPollMs` apart (pointer
 *   motion damages nothing) and sends a frame when it moved or changed shape.
 * - It runs only while `setActive(true)`: the app turns it on while the customer's grant of desktop control
 *   lasts, and off when it ends. Off sends one black frame first, so the last picture of the desktop does not
 *   stay on the technician's screen.
 */
import { type Cursor, cursorChanged, CursorOverlay } from './cursor-overlay';
import { errorText, type Logger } from './log';
import type { ScreenSource } from './x11-screen';

/** @roamhq/wrtc's nonstandard frame source (the part used here). */
export interface VideoFrameSink {
  onFrame(frame: { width: number; height: number; data: Uint8ClampedArray }): void;
  createTrack(): MediaStreamTrack;
}

export type RgbaToI420 = (rgba: { width: number; height: number; data: Uint8ClampedArray }, i420: { width: number; height: number; data: Uint8ClampedArray }) => void;

export interface ScreenStreamOptions {
  source: ScreenSource;
  sink: VideoFrameSink;
  rgbaToI420: RgbaToI420;
  log: Logger;
  maxFps?: number;
  /** A still screen's frame is sent again this often (ms)... */
  repeatMs?: number;
  /** ...for this long after the last change (ms). */
  repeatForMs?: number;
  /** How often the pointer is looked up (ms). */
  cursorPollMs?: number;
  now?: () => number;
}

const DEFAULT_MAX_FPS = 30;
const DEFAULT_REPEAT_MS = 1_000;
/** Two repeats: the stream is quiet (no padding) about 4 s after the screen stopped changing. */
const DEFAULT_REPEAT_FOR_MS = 2_000;
/** 30 lookups a second: a moving pointer as smooth as the frames; one small round trip to the X server each. */
const DEFAULT_CURSOR_POLL_MS = 33;

export class ScreenStream {
  readonly track: MediaStreamTrack;
  private readonly rgba: Uint8ClampedArray;
  private readonly i420: Uint8ClampedArray;
  private active = false;
  /** A read is under way; changes meanwhile wait for it. */
  private reading = false;
  private wanted: 'changed' | 'whole' | null = null;
  private timer: NodeJS.Timeout | null = null;
  private repeatTimer: NodeJS.Timeout | null = null;
  private cursorTimer: NodeJS.Timeout | null = null;
  private cursor: Cursor | null = null;
  /** The pointer moved since the last frame: the next capture sends one even if the screen did not change. */
  private cursorMoved = false;
  private cursorPolling = false;
  private readonly overlay = new CursorOverlay();
  private lastSentAt = -Infinity;
  /** When a frame last carried a change (the screen's or the pointer's), or a refresh. */
  private lastChangeAt = -Infinity;
  private framesSent = 0;
  private minIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ScreenStreamOptions) {
    const { source } = options;
    this.rgba = new Uint8ClampedArray(source.width * source.height * 4);
    this.i420 = new Uint8ClampedArray((source.width * source.height * 3) / 2);
    this.track = options.sink.createTrack();
    this.minIntervalMs = 1000 / (options.maxFps ?? DEFAULT_MAX_FPS);
    this.now = options.now ?? (() => performance.now());
    source.onChange = () => this.request('changed');
  }

  get width(): number {
    return this.options.source.width;
  }

  get height(): number {
    return this.options.source.height;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Frames sent since start (for the log and the tests). */
  get sent(): number {
    return this.framesSent;
  }

  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    this.options.log(active ? 'screen-stream-on' : 'screen-stream-off', { source: this.options.source.name, width: this.width, height: this.height, frames: this.framesSent });
    if (active) {
      this.request('whole');
      if (this.options.source.cursor) this.cursorTimer = setInterval(() => void this.pollCursor(), this.options.cursorPollMs ?? DEFAULT_CURSOR_POLL_MS);
      return;
    }
    this.clearTimers();
    this.wanted = null;
    // Black (Y 0, chroma 128): what the console shows until the browser's share or nothing takes over.
    const luma = this.width * this.height;
    this.i420.fill(0, 0, luma).fill(128, luma);
    this.push();
  }

  /** The technician's preset: at most this many frames a second. */
  setMaxFps(maxFps: number): void {
    this.minIntervalMs = 1000 / Math.max(1, maxFps);
  }

  /** A new viewer (a new connection, a new element in the console): send the whole screen now, and repeat it. */
  refresh(): void {
    if (this.active) this.request('whole');
  }

  close(): void {
    this.setActive(false);
    this.clearTimers();
    this.options.source.close();
    this.track.stop();
  }

  private request(kind: 'changed' | 'whole'): void {
    if (!this.active) return;
    if (this.wanted !== 'whole') this.wanted = kind;
    this.schedule();
  }

  private schedule(): void {
    if (this.reading || this.timer || !this.wanted) return;
    const wait = this.lastSentAt + this.minIntervalMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule();
      }, wait);
      return;
    }
    void this.capture();
  }

  private async capture(): Promise<void> {
    const whole = this.wanted === 'whole';
    this.wanted = null;
    this.reading = true;
    const { width, height } = this;
    try {
      // The pointer comes off before the read writes into the frame, and goes back on after.
      this.overlay.restore(this.rgba, width);
      const changed = await this.options.source.read(this.rgba, whole);
      this.overlay.draw(this.rgba, width, height, this.cursor);
      const moved = this.cursorMoved;
      this.cursorMoved = false;
      if ((changed || moved) && this.active) {
        this.options.rgbaToI420({ width, height, data: this.rgba }, { width, height, data: this.i420 });
        this.lastChangeAt = this.now();
        this.push();
      }
    } catch (error) {
      this.options.log('screen-read-failed', { error: errorText(error) });
    } finally {
      this.reading = false;
    }
    if (this.active) this.schedule();
  }

  private async pollCursor(): Promise<void> {
    if (this.cursorPolling || !this.active) return;
    this.cursorPolling = true;
    try {
      const cursor = (await this.options.source.cursor?.()) ?? null;
      if (this.active && cursorChanged(this.cursor, cursor)) {
        this.cursor = cursor;
        this.cursorMoved = true;
        this.request('changed');
      }
    } catch {
      // The next lookup tries again; the frames go on without a new pointer meanwhile.
    } finally {
      this.cursorPolling = false;
    }
  }

  /** Sends the current frame, and arms the repeat of a screen that was still changing lately. */
  private push(): void {
    this.options.sink.onFrame({ width: this.width, height: this.height, data: this.i420 });
    this.framesSent++;
    this.lastSentAt = this.now();
    if (this.repeatTimer) clearTimeout(this.repeatTimer);
    this.repeatTimer = null;
    if (!this.active || this.lastSentAt - this.lastChangeAt >= (this.options.repeatForMs ?? DEFAULT_REPEAT_FOR_MS)) return;
    this.repeatTimer = setTimeout(() => {
      this.repeatTimer = null;
      if (this.active && !this.reading && !this.wanted) this.push();
    }, this.options.repeatMs ?? DEFAULT_REPEAT_MS);
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.repeatTimer) clearTimeout(this.repeatTimer);
    if (this.cursorTimer) clearInterval(this.cursorTimer);
    this.timer = null;
    this.repeatTimer = null;
    this.cursorTimer = null;
  }
}
