import { describe, expect, it } from 'vitest';
import { clampRect, copyBgrxToRgba, frameSize, unionRect } from './screen-frame';

describe('screen frame', () => {
  it('unites damage boxes into one read', () => {
    expect(unionRect(null, { x: 5, y: 6, width: 7, height: 8 })).toEqual({ x: 5, y: 6, width: 7, height: 8 });
    expect(unionRect({ x: 10, y: 10, width: 10, height: 10 }, { x: 0, y: 15, width: 5, height: 20 })).toEqual({ x: 0, y: 10, width: 20, height: 25 });
  });

  it('keeps a read inside the frame, or drops it', () => {
    expect(clampRect({ x: -4, y: 2, width: 10, height: 100 }, 8, 50)).toEqual({ x: 0, y: 2, width: 6, height: 48 });
    expect(clampRect({ x: 8, y: 0, width: 4, height: 4 }, 8, 50)).toBeNull();
    expect(clampRect({ x: 0, y: 0, width: 0, height: 4 }, 8, 50)).toBeNull();
  });

  it('encodes even sizes only (I420 has a chroma sample per 2x2 pixels)', () => {
    expect(frameSize(1366, 768)).toEqual({ width: 1366, height: 768 });
    expect(frameSize(1281, 1023)).toEqual({ width: 1280, height: 1022 });
  });

  it('copies X pixels (B, G, R, unused) into RGBA at the rectangle\'s place', () => {
    const frame = new Uint8ClampedArray(4 * 3 * 4);
    // A 2x2 rectangle at (1, 1): red, green / blue, white.
    const source = new Uint8Array([0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0]);
    copyBgrxToRgba(source, { x: 1, y: 1, width: 2, height: 2 }, frame, 4);
    const at = (x: number, y: number) => [...frame.subarray((y * 4 + x) * 4, (y * 4 + x) * 4 + 4)];
    expect(at(1, 1)).toEqual([255, 0, 0, 255]);
    expect(at(2, 1)).toEqual([0, 255, 0, 255]);
    expect(at(1, 2)).toEqual([0, 0, 255, 255]);
    expect(at(2, 2)).toEqual([255, 255, 255, 255]);
    // Outside the rectangle nothing was written.
    expect(at(0, 0)).toEqual([0, 0, 0, 0]);
    expect(at(3, 2)).toEqual([0, 0, 0, 0]);
  });

  it('reads from a buffer that does not start on a 4-byte boundary, and refuses a short one', () => {
    const frame = new Uint8ClampedArray(4);
    const backing = new Uint8Array(5);
    backing.set([10, 20, 30, 0], 1);
    copyBgrxToRgba(backing.subarray(1), { x: 0, y: 0, width: 1, height: 1 }, frame, 1);
    expect([...frame]).toEqual([30, 20, 10, 255]);
    expect(() => copyBgrxToRgba(new Uint8Array(3), { x: 0, y: 0, width: 1, height: 1 }, frame, 1)).toThrow(RangeError);
  });
});
