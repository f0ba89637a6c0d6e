/**
 * Where a point on the technician's screen lands on the customer's. The console shows the customer's video
 * scaled to fit (letterboxed), at any zoom, on a display of any pixel ratio; the executor has a viewport in CSS
 * pixels (a shared tab) or a screen in device pixels (the whole desktop). Normalised 0..1 coordinates over the
 * video's picture connect the two, so neither side needs the other's sizes.
 */

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The part of a video element its picture fills: `object-fit: contain` centres the frame and leaves bars; with
 * `fill` the picture is stretched over the whole element.
 */
export function pictureRect(element: Rect, frameWidth: number, frameHeight: number, fit: 'contain' | 'fill' = 'contain'): Rect {
  if (fit === 'fill' || frameWidth <= 0 || frameHeight <= 0 || element.width <= 0 || element.height <= 0) return element;
  const scale = Math.min(element.width / frameWidth, element.height / frameHeight);
  const width = frameWidth * scale;
  const height = frameHeight * scale;
  return { left: element.left + (element.width - width) / 2, top: element.top + (element.height - height) / 2, width, height };
}

/** A point in the console (client CSS pixels) as 0..1 over the picture; null on the bars around it. */
export function normalise(clientX: number, clientY: number, picture: Rect): { x: number; y: number } | null {
  if (picture.width <= 0 || picture.height <= 0) return null;
  const x = (clientX - picture.left) / picture.width;
  const y = (clientY - picture.top) / picture.height;
  if (x < 0 || y < 0 || x > 1 || y > 1) return null;
  return { x, y };
}

/**
 * A normalised point in a shared tab's viewport, in CSS pixels for `elementFromPoint` and event coordinates.
 * A tab capture's frame is the viewport at device pixels, so the pixel ratio cancels out: 0.5 is the middle of
 * the viewport whatever the ratio or the page's zoom.
 */
export function toViewport(x: number, y: number, viewport: { width: number; height: number }): { clientX: number; clientY: number } {
  return { clientX: clamp(x * viewport.width, 0, Math.max(0, viewport.width - 1)), clientY: clamp(y * viewport.height, 0, Math.max(0, viewport.height - 1)) };
}

/**
 * A normalised point on the shared screen, in the device pixels an input injector uses. `screen` is the
 * monitor the customer's browser shares, as the helper reports it: its origin on the virtual desktop (another
 * monitor may lie left of it) and its size in device pixels.
 */
export function toScreen(x: number, y: number, screen: { x: number; y: number; width: number; height: number }): { x: number; y: number } {
  return {
    x: screen.x + clamp(Math.round(x * screen.width), 0, screen.width - 1),
    y: screen.y + clamp(Math.round(y * screen.height), 0, screen.height - 1),
  };
}

/** Wheel deltas as CSS pixels: lines count 16 px (a browser's usual line), pages the viewport's height. */
export function wheelPixels(deltaX: number, deltaY: number, deltaMode: number, pageHeight: number): { dx: number; dy: number } {
  const factor = deltaMode === 1 ? 16 : deltaMode === 2 ? pageHeight : 1;
  return { dx: clamp(deltaX * factor, -10_000, 10_000), dy: clamp(deltaY * factor, -10_000, 10_000) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
