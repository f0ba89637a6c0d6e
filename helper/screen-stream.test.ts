import wrtc from '@roamhq/wrtc';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from './log';
import { type RgbaToI420, ScreenStream, type VideoFrameSink } from './screen-stream';
import type { ScreenSource } from './x11-screen';

const { rgbaToI420 } = (wrtc as unknown as { nonstandard: { rgbaToI420: RgbaToI420 } }).nonstandard;

/** An in-memory desktop of one colour: `paint` changes it and tells the stream, as the X server's damage does. */
class PaintedScreen implements ScreenSource {
  readonly name = 'painted';
  onChange: (() => void) | null = null;
  colour: [number, number, number] = [0, 0, 0];
  reads: boolean[] = [];
  failNext = false;
  private changed = false;
  constructor(
    readonly width = 8,
    readonly height = 4,
  ) {}
  paint(colour: [number, number, number]): void {
    this.colour = colour;
    const first = !this.changed;
    this.changed = true;
    if (first) this.onChange?.();
  }
  async read(frame: Uint8ClampedArray, whole: boolean): Promise<boolean> {
    this.reads.push(whole);
    const changed = this.changed || whole;
    this.changed = false;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('the display went away');
    }
    if (!changed) return false;
    for (let i = 0; i < frame.length; i += 4) frame.set([...this.colour, 255], i);
    return true;
  }
  close(): void {}
}

/** The same desktop with a pointer: a 2x2 white cursor where `pointerAt` says. */
class PointedScreen extends PaintedScreen {
  pointerAt = { x: 0, y: 0 };
  lookups = 0;
  async cursor() {
    this.lookups++;
    return { ...this.pointerAt, xhot: 0, yhot: 0, width: 2, height: 2, serial: 1, pixels: new Uint8Array(16).fill(255) };
  }
}

/** What reached the encoder: each frame's luma (Y) of its first pixel, which tells the colours apart. */
class RecordingSink implements VideoFrameSink {
  lumas: number[] = [];
  onFrame(frame: { width: number; height: number; data: Uint8ClampedArray }): void {
    this.lumas.push(frame.data[0]);
  }
  createTrack(): MediaStreamTrack {
    return { stop: () => undefined } as unknown as MediaStreamTrack;
  }
}

const WHITE: [number, number, number] = [255, 255, 255];
const GREY: [number, number, number] = [128, 128, 128];
let source: PaintedScreen;
let sink: RecordingSink;
let logged: string[];

function stream(options: { maxFps?: number; repeatMs?: number; repeatForMs?: number } = {}): ScreenStream {
  const log: Logger = (event) => logged.push(event);
  // The fake timers' clock: it moves with the timers they run.
  return new ScreenStream({ source, sink, rgbaToI420, log, now: () => Date.now(), ...options });
}

/** Lets the stream's read promise and the timers run, `ms` of fake time. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
  source = new PaintedScreen();
  sink = new RecordingSink();
  logged = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the helper\'s screen stream', () => {
  it('sends nothing until it is on, then the whole screen at once', async () => {
    const screen = stream();
    source.paint(WHITE);
    await advance(100);
    expect(sink.lumas).toEqual([]);
    screen.setActive(true);
    await advance(0);
    expect(source.reads).toEqual([true]);
    expect(sink.lumas).toHaveLength(1);
    expect(sink.lumas[0]).toBeGreaterThan(200);
    screen.close();
  });

  it('sends a change as soon as it happens, and a burst of changes at most maxFps a second', async () => {
    const screen = stream({ maxFps: 10 });
    screen.setActive(true);
    await advance(200);
    const before = sink.lumas.length;
    source.paint(WHITE);
    await advance(0);
    expect(sink.lumas.length, 'the first change goes out at once').toBe(before + 1);
    for (let i = 0; i < 10; i++) {
      source.paint(i % 2 ? WHITE : GREY);
      await advance(10);
    }
    // 100 ms of changes, one frame per 100 ms allowed: the burst waits, then goes out as one frame.
    expect(sink.lumas.length).toBe(before + 2);
    await advance(100);
    expect(sink.lumas.length).toBe(before + 2);
    screen.close();
  });

  it('repeats a still screen once per repeatMs for repeatForMs, reading nothing, then sends nothing until it changes or is asked', async () => {
    const screen = stream({ repeatMs: 1000, repeatForMs: 2000 });
    screen.setActive(true);
    await advance(0);
    const reads = source.reads.length;
    await advance(1500);
    expect(sink.lumas).toHaveLength(2);
    await advance(10_000);
    // The first frame and two repeats: then the encoder goes idle, and WebRTC stops padding the stream.
    expect(sink.lumas).toHaveLength(3);
    expect(source.reads.length, 'a repeat does not read the screen').toBe(reads);
    // A change starts the repeats again.
    source.paint(GREY);
    await advance(10_000);
    expect(sink.lumas).toHaveLength(6);
    // So does a console that asks for the picture again.
    screen.refresh();
    await advance(10_000);
    expect(sink.lumas).toHaveLength(9);
    expect(source.reads.filter((whole) => whole)).toHaveLength(2);
    screen.close();
  });

  it('sends one black frame when it goes off, and nothing after, whatever changes', async () => {
    const screen = stream();
    source.paint(WHITE);
    screen.setActive(true);
    await advance(0);
    screen.setActive(false);
    expect(sink.lumas.at(-1)).toBe(0);
    const count = sink.lumas.length;
    source.paint(GREY);
    await advance(5000);
    expect(sink.lumas).toHaveLength(count);
    expect(logged).toEqual(['screen-stream-on', 'screen-stream-off']);
    screen.close();
  });

  it('draws the pointer in, and sends a frame when it moves though the screen did not change', async () => {
    const pointed = new PointedScreen();
    source = pointed;
    const screen = stream({ repeatMs: 60_000 });
    screen.setActive(true);
    await advance(100);
    // The first frame was read before the first lookup; the lookup's pointer came as a frame of its own.
    expect(pointed.lookups).toBeGreaterThan(0);
    expect(sink.lumas.at(-1), 'the white pointer at (0, 0) on a black screen').toBeGreaterThan(200);
    const frames = sink.lumas.length;
    const reads = pointed.reads.length;
    await advance(200);
    expect(sink.lumas.length, 'a still pointer sends nothing').toBe(frames);
    pointed.pointerAt = { x: 4, y: 2 };
    await advance(100);
    expect(sink.lumas.length).toBe(frames + 1);
    expect(sink.lumas.at(-1), 'the pointer left (0, 0): black again there').toBeLessThan(30);
    expect(pointed.reads.length - reads, 'one read, which found no change').toBe(1);
    screen.setActive(false);
    const lookups = pointed.lookups;
    await advance(500);
    expect(pointed.lookups, 'no lookups while off').toBe(lookups);
    screen.close();
  });

  it('reads the whole screen again when asked (a new viewer), and goes on after a failed read', async () => {
    const screen = stream();
    screen.setActive(true);
    await advance(100);
    screen.refresh();
    await advance(0);
    expect(source.reads.filter((whole) => whole)).toHaveLength(2);
    source.failNext = true;
    source.paint(GREY);
    await advance(100);
    expect(logged).toContain('screen-read-failed');
    source.paint(WHITE);
    await advance(100);
    expect(sink.lumas.at(-1)).toBeGreaterThan(200);
    screen.close();
  });
});
