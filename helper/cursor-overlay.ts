/**
 * The pointer drawn into the helper's frames. An X screen read (GetImage) never contains the pointer: the server
 * draws it apart. So the stream draws the current cursor image over the frame at the pointer, and takes it off
 * again (the pixels it covered, kept aside) before the next read writes into the frame.
 */

/** The pointer as XFixes gives it: position, hot spot, and an ARGB image (premultiplied; bytes B, G, R, A). */
export interface Cursor {
  x: number;
  y: number;
  xhot: number;
  yhot: number;
  width: number;
  height: number;
  /** Changes when the cursor image changes (an arrow, a text beam). */
  serial: number;
  pixels: Uint8Array;
}

/** Cursor images larger than this are not drawn (a broken reply must not make the stream copy megabytes). */
const MAX_SIDE = 256;

export class CursorOverlay {
  /** What the drawn cursor covers: the frame's pixels there before it was drawn. */
  private saved: { x: number; y: number; width: number; height: number; pixels: Uint32Array } | null = null;

  /** Draws `cursor` into the RGBA `frame` (after restore()), keeping what it covers. */
  draw(frame: Uint8ClampedArray, frameWidth: number, frameHeight: number, cursor: Cursor | null): void {
    if (this.saved) throw new Error('restore() before drawing again');
    if (!cursor || cursor.width > MAX_SIDE || cursor.height > MAX_SIDE || cursor.pixels.byteLength < cursor.width * cursor.height * 4) return;
    const left = cursor.x - cursor.xhot;
    const top = cursor.y - cursor.yhot;
    const x0 = Math.max(0, left);
    const y0 = Math.max(0, top);
    const x1 = Math.min(frameWidth, left + cursor.width);
    const y1 = Math.min(frameHeight, top + cursor.height);
    if (x1 <= x0 || y1 <= y0) return;
    const out = new Uint32Array(frame.buffer, frame.byteOffset, frame.byteLength >> 2);
    const kept = new Uint32Array((x1 - x0) * (y1 - y0));
    let k = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const at = y * frameWidth + x;
        kept[k++] = out[at];
        const c = ((y - top) * cursor.width + (x - left)) * 4;
        const alpha = cursor.pixels[c + 3];
        if (alpha === 0) continue;
        const o = at * 4;
        const rest = 255 - alpha;
        // Premultiplied: source + destination x (1 - alpha).
        frame[o] = cursor.pixels[c + 2] + (frame[o] * rest) / 255;
        frame[o + 1] = cursor.pixels[c + 1] + (frame[o + 1] * rest) / 255;
        frame[o + 2] = cursor.pixels[c] + (frame[o + 2] * rest) / 255;
      }
    }
    this.saved = { x: x0, y: y0, width: x1 - x0, height: y1 - y0, pixels: kept };
  }

  /** Puts back what the last drawn cursor covered. */
  restore(frame: Uint8ClampedArray, frameWidth: number): void {
    const saved = this.saved;
    if (!saved) return;
    this.saved = null;
    const out = new Uint32Array(frame.buffer, frame.byteOffset, frame.byteLength >> 2);
    for (let row = 0; row < saved.height; row++) out.set(saved.pixels.subarray(row * saved.width, (row + 1) * saved.width), (saved.y + row) * frameWidth + saved.x);
  }
}

/** Whether the pointer looks different from `before` (moved, or another image). */
export function cursorChanged(before: Cursor | null, after: Cursor | null): boolean {
  if (!before || !after) return before !== after;
  return before.x !== after.x || before.y !== after.y || before.serial !== after.serial;
}
