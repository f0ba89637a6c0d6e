/**
 * The helper's own screen: a video track fed from the desktop (helper/x11-screen.ts) rather than through the
 * customer's browser, so the technician sees the desktop at the desktop's own pace and cost:
 *
 * - A frame goes out when the screen changed, as soon as it changed, at most `maxFps` a second: a still screen
 *   sends nothing but one repeat a second (the encoder's key frame when the console asks for one: with no new
 *   frame it could not make one).
 * - It runs only while `setActive(true)`: the app turns it on while the customer's grant of desktop control
 *   lasts, and off when it ends. Off sends one black frame first, so the last picture of the desktop does not
 *   stay on the technician's screen.
 */
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
  /** A still screen's frame is sent again this often (ms). */
  repeatMs?: number;
  now?: () => number;
}

const DEFAULT_MAX_FPS = 30;
const DEFAULT_REPEAT_MS = 1_000;

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
  private lastSentAt = -Infinity;
  private framesSent = 0;
  private readonly minIntervalMs: number;
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
      return;
    }
    this.clearTimers();
    this.wanted = null;
    // Black (Y 0, chroma 128): what the console shows until the browser's share or nothing takes over.
    const luma = this.width * this.height;
    this.i420.fill(0, 0, luma).fill(128, luma);
    this.push();
  }

  /** The console shows a new element, or lost a frame: send the whole screen now. */
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
    try {
      const changed = await this.options.source.read(this.rgba, whole);
      if (changed && this.active) {
        const { width, height } = this;
        this.options.rgbaToI420({ width, height, data: this.rgba }, { width, height, data: this.i420 });
        this.push();
      }
    } catch (error) {
      this.options.log('screen-read-failed', { error: errorText(error) });
    } finally {
      this.reading = false;
    }
    if (this.active) this.schedule();
  }

  /** Sends the current frame, and arms the repeat of a still screen. */
  private push(): void {
    this.options.sink.onFrame({ width: this.width, height: this.height, data: this.i420 });
    this.framesSent++;
    this.lastSentAt = this.now();
    if (this.repeatTimer) clearTimeout(this.repeatTimer);
    this.repeatTimer = null;
    if (!this.active) return;
    this.repeatTimer = setTimeout(() => {
      this.repeatTimer = null;
      if (this.active && !this.reading && !this.wanted) this.push();
    }, this.options.repeatMs ?? DEFAULT_REPEAT_MS);
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.repeatTimer) clearTimeout(this.repeatTimer);
    this.timer = null;
    this.repeatTimer = null;
  }
}
