import { describe, expect, it } from 'vitest';
import { type Cursor, cursorChanged, CursorOverlay } from './cursor-overlay';

/** A 2x2 cursor with its hot spot at its top-left pixel: opaque red, half-transparent white (premultiplied), clear, opaque blue. */
function cursor(x: number, y: number): Cursor {
  // Bytes B, G, R, A per pixel.
  const pixels = new Uint8Array([0, 0, 255, 255, 128, 128, 128, 128, 0, 0, 0, 0, 255, 0, 0, 255]);
  return { x, y, xhot: 0, yhot: 0, width: 2, height: 2, serial: 1, pixels };
}

const grey = (width: number, height: number) => new Uint8ClampedArray(width * height * 4).fill(100);
const at = (frame: Uint8ClampedArray, width: number, x: number, y: number) => [...frame.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];

describe('the pointer drawn into frames', () => {
  it('draws at the pointer (minus the hot spot), blends premultiplied alpha, and restores what it covered', () => {
    const frame = grey(4, 4);
    const before = frame.slice();
    const overlay = new CursorOverlay();
    overlay.draw(frame, 4, 4, cursor(1, 1));
    expect(at(frame, 4, 1, 1)).toEqual([255, 0, 0, 100]);
    // 128 + 100 x (127 / 255), rounded.
    expect(at(frame, 4, 2, 1)).toEqual([178, 178, 178, 100]);
    expect(at(frame, 4, 1, 2), 'a clear pixel leaves the frame').toEqual([100, 100, 100, 100]);
    expect(at(frame, 4, 2, 2)).toEqual([0, 0, 255, 100]);
    expect(at(frame, 4, 0, 0)).toEqual([100, 100, 100, 100]);
    overlay.restore(frame, 4);
    expect(frame).toEqual(before);
  });

  it('clips at the frame\'s edges and draws nothing off it', () => {
    const frame = grey(4, 4);
    const before = frame.slice();
    const overlay = new CursorOverlay();
    overlay.draw(frame, 4, 4, cursor(3, 3));
    expect(at(frame, 4, 3, 3)).toEqual([255, 0, 0, 100]);
    overlay.restore(frame, 4);
    expect(frame).toEqual(before);
    overlay.draw(frame, 4, 4, cursor(9, 9));
    overlay.draw(frame, 4, 4, null);
    expect(frame).toEqual(before);
  });

  it('refuses to draw twice without a restore (the frame would keep a pointer for good)', () => {
    const overlay = new CursorOverlay();
    const frame = grey(4, 4);
    overlay.draw(frame, 4, 4, cursor(0, 0));
    expect(() => overlay.draw(frame, 4, 4, cursor(1, 1))).toThrow(/restore/);
  });

  it('tells a moved or reshaped pointer from the same one', () => {
    expect(cursorChanged(cursor(1, 1), cursor(1, 1))).toBe(false);
    expect(cursorChanged(cursor(1, 1), cursor(2, 1))).toBe(true);
    expect(cursorChanged(cursor(1, 1), { ...cursor(1, 1), serial: 2 })).toBe(true);
    expect(cursorChanged(null, cursor(1, 1))).toBe(true);
    expect(cursorChanged(null, null)).toBe(false);
  });
});
