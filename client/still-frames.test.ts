import { describe, expect, it } from 'vitest';
import { filterStillFrames, sameBytes, StillFrameGate } from './still-frames';

const frame = (fill: number, size = 64) => new Uint8Array(size).fill(fill);

describe('sameBytes', () => {
  it('compares every byte, the tail after the last whole word included', () => {
    const a = frame(7, 67);
    const b = frame(7, 67);
    expect(sameBytes(a, b, 67)).toBe(true);
    b[66] = 8;
    expect(sameBytes(a, b, 67)).toBe(false);
    b[66] = 7;
    b[0] = 1;
    expect(sameBytes(a, b, 67)).toBe(false);
  });

  it('finds one changed byte anywhere in a screen-sized frame, aligned or not', () => {
    const size = 1280 * 720 * 4;
    const a = new Uint8Array(size);
    const b = new Uint8Array(size);
    b[size - 5] = 1;
    expect(sameBytes(a, b, size)).toBe(false);
    const shifted = new Uint8Array(new ArrayBuffer(size + 1), 1);
    expect(sameBytes(a, shifted, size)).toBe(true);
    shifted[123_457] = 9;
    expect(sameBytes(a, shifted, size)).toBe(false);
  });

  it('is false when a buffer is shorter than the length compared', () => {
    expect(sameBytes(frame(0, 8), frame(0, 4), 8)).toBe(false);
  });
});

describe('StillFrameGate', () => {
  it('passes every changed frame, whatever the rate', () => {
    const gate = new StillFrameGate();
    for (let i = 0; i < 60; i++) expect(gate.offer(frame(i), 64, i * 16)).toBe(true);
  });

  it('passes every frame for the first half second of sharing, still or not', () => {
    const gate = new StillFrameGate();
    const still = frame(3);
    for (let at = 0; at < 500; at += 33) expect(gate.offer(still, 64, at)).toBe(true);
    expect(gate.offer(still, 64, 533)).toBe(false);
  });

  it('passes a still picture at 5 frames a second for a second after it settles, then one a second', () => {
    const gate = new StillFrameGate({ startMs: 0 });
    const still = frame(3);
    const passed: number[] = [];
    for (let at = 0; at <= 4000; at += 33) if (gate.offer(still, 64, at)) passed.push(at);
    const settling = passed.filter((at) => at < 1000);
    const idle = passed.filter((at) => at >= 1000);
    expect(settling.length).toBeGreaterThanOrEqual(5);
    expect(settling.length).toBeLessThanOrEqual(6);
    expect(idle.length).toBeGreaterThanOrEqual(3);
    expect(idle.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < idle.length; i++) expect(idle[i] - idle[i - 1]).toBeGreaterThanOrEqual(1000);
  });

  it('keeps its own copy: a caller reusing its buffer cannot make a change look still', () => {
    const gate = new StillFrameGate({ startMs: 0, settleMs: 0, idleRefreshMs: 60_000 });
    const buffer = frame(1);
    expect(gate.offer(buffer, 64, 0)).toBe(true);
    buffer.fill(2);
    expect(gate.offer(buffer, 64, 10)).toBe(true);
    expect(gate.offer(buffer, 64, 20)).toBe(false);
  });

  it('counts equal bytes in another shape (format, width x height) as a change', () => {
    const gate = new StillFrameGate({ startMs: 0, settleMs: 0, idleRefreshMs: 60_000 });
    expect(gate.offer(frame(0), 64, 0, 'I420:8x4')).toBe(true);
    expect(gate.offer(frame(0), 64, 10, 'I420:4x8')).toBe(true);
    expect(gate.offer(frame(0), 64, 20, 'I420:4x8')).toBe(false);
  });

  it('counts a new frame size as a change (the customer picked another screen)', () => {
    const gate = new StillFrameGate({ startMs: 0, settleMs: 0, idleRefreshMs: 60_000 });
    expect(gate.offer(frame(0, 64), 64, 0)).toBe(true);
    expect(gate.offer(frame(0, 64), 32, 10)).toBe(true);
    expect(gate.offer(frame(0, 64), 32, 20)).toBe(false);
  });
});

describe('filterStillFrames', () => {
  it('leaves the track alone where the browser has no insertable streams (Firefox, Safari, Node)', () => {
    expect(filterStillFrames({ kind: 'video' } as MediaStreamTrack)).toBeNull();
  });
});

/** Insertable streams as Chromium has them, reduced to what the filter uses: frames of bytes, a track that collects. */
function fakeInsertableStreams() {
  const scope = globalThis as Record<string, unknown>;
  let push: ((frame: { bytes: Uint8Array; unreadable?: boolean; slow?: Promise<void> } | null) => void) | null = null;
  const written: number[] = [];
  const closed: number[] = [];
  let stopped = false;
  class Processor {
    readable = new ReadableStream({
      start(controller) {
        push = (frame) => (frame ? controller.enqueue(makeFrame(frame.bytes, frame.unreadable, frame.slow)) : controller.close());
      },
    });
  }
  class Generator {
    kind = 'video';
    writable = new WritableStream<{ bytes: Uint8Array; close(): void }>({
      write(frame) {
        written.push(frame.bytes[0]);
        frame.close();
      },
    });
    stop() {
      stopped = true;
    }
  }
  function makeFrame(bytes: Uint8Array, unreadable = false, slow?: Promise<void>) {
    return {
      bytes,
      allocationSize: () => bytes.byteLength,
      copyTo: async (destination: Uint8Array) => {
        await slow;
        if (unreadable) throw new Error('cannot read this frame');
        destination.set(bytes);
      },
      close: () => closed.push(bytes[0]),
    };
  }
  scope.MediaStreamTrackProcessor = Processor;
  scope.MediaStreamTrackGenerator = Generator;
  return {
    send: (fill: number, extra: { unreadable?: boolean; slow?: Promise<void> } = {}) => push!({ bytes: frame(fill), ...extra }),
    closed,
    end: () => push!(null),
    written,
    stopped: () => stopped,
    restore: () => {
      delete scope.MediaStreamTrackProcessor;
      delete scope.MediaStreamTrackGenerator;
    },
  };
}

describe('filterStillFrames with insertable streams', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  /** The captured track: the fake processor reads it, the filter only listens for its end. */
  const track = { kind: 'video', addEventListener: () => undefined } as unknown as MediaStreamTrack;

  it('drops still frames, pauses the encoding once still for long, and resumes it before the next change is passed on', async () => {
    const fake = fakeInsertableStreams();
    try {
      let clock = 0;
      const idle: boolean[] = [];
      const filter = filterStillFrames(track, { now: () => clock, startMs: 0, settleMs: 100, pauseAfterMs: 200, onIdle: async (value) => void idle.push(value) })!;
      expect(filter).not.toBeNull();
      fake.send(1); // a change: passed
      await settle();
      for (clock = 40; clock <= 400; clock += 40) {
        fake.send(1); // still: passed at 5 a second while settling, then dropped; the encoding pauses
        await settle();
      }
      expect(idle).toEqual([true]);
      const before = fake.written.length;
      clock += 40;
      fake.send(2); // a change: the encoding resumes first, then the frame goes
      await settle();
      expect(idle).toEqual([true, false]);
      expect(fake.written.slice(before)).toEqual([2]);
      expect(filter.counts().dropped).toBeGreaterThan(5);

      // A new connection (or viewer) needs a first picture even on a still screen.
      for (clock += 200; clock <= 1400; clock += 40) {
        fake.send(2);
        await settle();
      }
      expect(idle.at(-1)).toBe(true);
      const written = fake.written.length;
      filter.refresh();
      clock += 40;
      fake.send(2);
      await settle();
      expect(fake.written.length).toBe(written + 1);
      expect(idle.at(-1)).toBe(false);

      fake.end();
      await settle();
      await settle();
      expect(fake.stopped()).toBe(true);
    } finally {
      fake.restore();
    }
  });

  it('sends a frame it cannot read, even while paused: it may be a change', async () => {
    const fake = fakeInsertableStreams();
    try {
      let clock = 0;
      const idle: boolean[] = [];
      filterStillFrames(track, { now: () => clock, startMs: 0, settleMs: 0, pauseAfterMs: 0, idleRefreshMs: 60_000, onIdle: async (value) => void idle.push(value) });
      fake.send(1);
      await settle();
      clock = 50;
      fake.send(1);
      await settle();
      expect(idle).toEqual([true]);
      clock = 100;
      fake.send(1, { unreadable: true });
      await settle();
      await settle();
      expect(idle).toEqual([true, false]);
      expect(fake.written).toEqual([1, 1]);
    } finally {
      fake.restore();
    }
  });

  it('writes nothing once stopped, and closes the frame it was reading', async () => {
    const fake = fakeInsertableStreams();
    try {
      const filter = filterStillFrames(track)!;
      let release!: () => void;
      const slow = new Promise<void>((resolve) => (release = resolve));
      fake.send(7, { slow });
      await settle();
      filter.stop();
      release();
      await settle();
      await settle();
      expect(fake.written).toEqual([]);
      expect(fake.closed).toContain(7);
      expect(fake.stopped()).toBe(true);
    } finally {
      fake.restore();
    }
  });
});
