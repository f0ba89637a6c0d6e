/**
 * The pixel work of the helper's own screen stream, apart from X11 and WebRTC so it can be tested alone: which
 * part of the screen changed, and copying a captured rectangle into the frame that is encoded.
 */

/** A rectangle of the screen, in pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest rectangle holding both (the X server reports damage as bounding boxes; one read covers them). */
export function unionRect(a: Rect | null, b: Rect): Rect {
  if (!a) return { ...b };
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** The part of `rect` inside a `width` x `height` frame, or null when nothing is. */
export function clampRect(rect: Rect, width: number, height: number): Rect | null {
  const x = Math.max(0, rect.x);
  const y = Math.max(0, rect.y);
  const right = Math.min(width, rect.x + rect.width);
  const bottom = Math.min(height, rect.y + rect.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/**
 * Frames are I420 (a chroma sample per 2x2 pixels): the encoded frame has even dimensions, and an odd last
 * column or row of the screen is left out.
 */
export function frameSize(screenWidth: number, screenHeight: number): { width: number; height: number } {
  return { width: screenWidth & ~1, height: screenHeight & ~1 };
}

/**
 * Copies a rectangle read from the X server (ZPixmap, 32 bits per pixel, little-endian: bytes B, G, R, unused;
 * rows of `rect.width` pixels) into an RGBA frame `frameWidth` pixels wide, at the rectangle's place.
 */
export function copyBgrxToRgba(source: Uint8Array, rect: Rect, frame: Uint8ClampedArray, frameWidth: number): void {
  if (source.byteLength < rect.width * rect.height * 4) throw new RangeError(`${source.byteLength} bytes for a ${rect.width}x${rect.height} rectangle`);
  // Whole pixels at a time: one read and one write of 32 bits each, red and blue swapped, alpha set.
  const aligned = source.byteOffset % 4 === 0;
  const pixels = aligned ? new Uint32Array(source.buffer, source.byteOffset, rect.width * rect.height) : new Uint32Array(source.slice(0, rect.width * rect.height * 4).buffer);
  const out = new Uint32Array(frame.buffer, frame.byteOffset, frame.byteLength >> 2);
  for (let row = 0; row < rect.height; row++) {
    let from = row * rect.width;
    let to = (rect.y + row) * frameWidth + rect.x;
    const end = from + rect.width;
    while (from < end) {
      const v = pixels[from++];
      out[to++] = 0xff000000 | ((v & 0xff) << 16) | (v & 0xff00) | ((v >>> 16) & 0xff);
    }
  }
}
