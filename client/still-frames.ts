/**
 * Sends a screen's frames only when they changed. Chromium's screen capture on X11 hands over every frame at the
 * capture rate whether anything moved or not, and the encoder encodes each: a still desktop cost 14 KB/s and a
 * third of a core for nothing (bench figure 8). MeshCentral's agent sends nothing while nothing changes.
 *
 * Where the browser offers insertable streams (MediaStreamTrackProcessor and MediaStreamTrackGenerator: Chromium),
 * each captured frame is compared, byte for byte, with the last one passed on; a frame equal to it is dropped.
 * Not sampled nor hashed: one changed character must reach the technician. Still frames are not all dropped:
 * - all of them for `startMs` after sharing starts: the first frames may come before the sender has the track,
 *   and the technician's first image must not wait for the next change (it waited 150 ms more in the bench);
 * - for `settleMs` after a change, at `settleFps`, so the encoder can refine a picture it first sent coarse;
 * - then one every `idleRefreshMs`, so a key frame the receiver asks for (loss, a new viewer) gets a frame to
 *   encode: an encoder without input cannot answer;
 * - with `onIdle`, none once the screen has been still for `pauseAfterMs` more: the caller switches the encoding
 *   off (`onIdle(true)`), and on again before the next changed frame is passed on (`onIdle(false)`, awaited). An
 *   encoding left on costs about 12 KB/s on a still screen, frames or not (Chromium pads a screen share to its
 *   minimum bitrate); but one switched back on shows its first change 200-300 ms late (bench figure 8), so it is
 *   switched off only after a pause longer than the ones between a technician's clicks and keys.
 * Elsewhere (Firefox, Safari) the captured track is sent as it is.
 */

export interface StillFrameOptions {
  startMs?: number;
  pauseAfterMs?: number;
  settleMs?: number;
  settleFps?: number;
  idleRefreshMs?: number;
  now?: () => number;
  /** The screen went still after settling (true), or changes again (false; the frame waits for it). */
  onIdle?: (idle: boolean) => Promise<void>;
}

export interface StillFrameFilter {
  /** The track to send: the filtered one. */
  readonly track: MediaStreamTrack;
  /** Frames seen, passed on, and dropped as unchanged. */
  counts(): { seen: number; passed: number; dropped: number };
  /** Passes the next frame on, still or not, and ends a pause: a new connection needs a first picture. */
  refresh(): void;
  stop(): void;
}

interface FrameLike {
  format?: string | null;
  codedWidth?: number;
  codedHeight?: number;
  allocationSize(): number;
  copyTo(destination: Uint8Array): Promise<unknown>;
  close(): void;
}

type ProcessorConstructor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<FrameLike> };
type GeneratorConstructor = new (init: { kind: 'video' }) => MediaStreamTrack & { writable: WritableStream<FrameLike> };

const DEFAULTS = { startMs: 500, pauseAfterMs: 10_000, settleMs: 1000, settleFps: 5, idleRefreshMs: 1000 };

/** True when the two buffers hold the same bytes (compared a 32-bit word at a time where both are aligned). */
export function sameBytes(a: Uint8Array, b: Uint8Array, length: number): boolean {
  if (a.byteLength < length || b.byteLength < length) return false;
  const words = length >> 2;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    for (let i = 0; i < words; i++) if (wa[i] !== wb[i]) return false;
  } else {
    for (let i = 0; i < words << 2; i++) if (a[i] !== b[i]) return false;
  }
  for (let i = words << 2; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Decides frame by frame whether to pass it on. Kept apart from the streams so it can be tested with plain
 * buffers: `offer` gets the frame's bytes and answers true to send it.
 */
export class StillFrameGate {
  private last: Uint8Array = new Uint8Array(0);
  private lastLength = -1;
  private lastShape = '';
  private lastChangeAt = -Infinity;
  private lastSentAt = -Infinity;
  private firstAt: number | null = null;
  private readonly options: Required<Omit<StillFrameOptions, 'now' | 'onIdle'>>;

  constructor(options: StillFrameOptions = {}) {
    this.options = { startMs: options.startMs ?? DEFAULTS.startMs, pauseAfterMs: options.pauseAfterMs ?? DEFAULTS.pauseAfterMs, settleMs: options.settleMs ?? DEFAULTS.settleMs, settleFps: options.settleFps ?? DEFAULTS.settleFps, idleRefreshMs: options.idleRefreshMs ?? DEFAULTS.idleRefreshMs };
  }

  /** The next frame counts as a change (a new receiver needs a picture). */
  refresh(): void {
    this.lastLength = -1;
  }

  /** Still long enough at `at` to switch the encoding off: nothing changed for the settling time and `pauseAfterMs`. */
  pausable(at: number): boolean {
    return this.firstAt !== null && at - this.firstAt >= this.options.startMs && at - this.lastChangeAt >= this.options.settleMs + this.options.pauseAfterMs;
  }

  /**
   * `bytes` may be reused by the caller after this returns: a changed frame is copied. `shape` (format and size)
   * tells apart two frames of equal bytes and different dimensions.
   */
  offer(bytes: Uint8Array, length: number, at: number, shape = ''): boolean {
    this.firstAt ??= at;
    const changed = at - this.firstAt < this.options.startMs || length !== this.lastLength || shape !== this.lastShape || !sameBytes(bytes, this.last, length);
    if (changed) {
      if (this.last.byteLength < length) this.last = new Uint8Array(length);
      this.last.set(bytes.subarray(0, length));
      this.lastLength = length;
      this.lastShape = shape;
      this.lastChangeAt = at;
      this.lastSentAt = at;
      return true;
    }
    const settling = at - this.lastChangeAt < this.options.settleMs;
    const gap = settling ? 1000 / this.options.settleFps : this.options.idleRefreshMs;
    if (at - this.lastSentAt >= gap) {
      this.lastSentAt = at;
      return true;
    }
    return false;
  }
}

/** The filtered track, or null where the browser cannot filter (the captured track is then sent as it is). */
export function filterStillFrames(track: MediaStreamTrack, options: StillFrameOptions = {}): StillFrameFilter | null {
  const scope = globalThis as unknown as { MediaStreamTrackProcessor?: ProcessorConstructor; MediaStreamTrackGenerator?: GeneratorConstructor };
  const Processor = scope.MediaStreamTrackProcessor;
  const Generator = scope.MediaStreamTrackGenerator;
  if (!Processor || !Generator || track.kind !== 'video') return null;
  let processor: InstanceType<ProcessorConstructor>;
  let generator: InstanceType<GeneratorConstructor>;
  try {
    processor = new Processor({ track });
    generator = new Generator({ kind: 'video' });
  } catch {
    return null;
  }
  const now = options.now ?? (() => performance.now());
  const gate = new StillFrameGate(options);
  const counts = { seen: 0, passed: 0, dropped: 0 };
  const onIdle = options.onIdle;
  let idle = false;
  const reader = processor.readable.getReader();
  const writer = generator.writable.getWriter();
  let scratch = new Uint8Array(0);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    void reader.cancel().catch(() => undefined);
    void writer.close().catch(() => undefined);
    generator.stop();
  };
  // The filtered track ends with the captured one (the browser's own "Stop sharing" bar).
  track.addEventListener('ended', stop, { once: true });

  const pump = async () => {
    while (!stopped) {
      const { value: frame, done } = await reader.read();
      if (done || !frame) break;
      counts.seen++;
      let pass = true;
      let read = false;
      const at = now();
      try {
        const size = frame.allocationSize();
        if (scratch.byteLength < size) scratch = new Uint8Array(size);
        await frame.copyTo(scratch.subarray(0, size));
        pass = gate.offer(scratch, size, at, `${frame.format}:${frame.codedWidth}x${frame.codedHeight}`);
        read = true;
      } catch {
        // A frame we cannot read is sent as it is: never hold back what may be a change.
      }
      if (stopped) {
        frame.close();
        break;
      }
      if (read && onIdle && pass && idle && gate.pausable(at)) pass = false; // an idle refresh: the encoding is off
      if (!pass) {
        counts.dropped++;
        frame.close();
        if (onIdle && !idle && gate.pausable(at)) {
          idle = true;
          await onIdle(true).catch(() => undefined);
        }
        continue;
      }
      if (idle) {
        idle = false;
        await onIdle!(false).catch(() => undefined);
        if (stopped) {
          frame.close();
          break;
        }
      }
      counts.passed++;
      try {
        // write() takes the frame over (and closes it) once it reaches the track.
        await writer.write(frame);
      } catch (error) {
        frame.close();
        throw error;
      }
    }
  };
  pump()
    .catch((error: unknown) => {
      if (!stopped) console.warn('Lifeline: the still-frame filter stopped', error);
    })
    .finally(stop);

  return { track: generator, counts: () => ({ ...counts }), refresh: () => gate.refresh(), stop };
}
