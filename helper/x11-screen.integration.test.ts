/**
 * The helper's screen reader against a real X server (Xvfb): a window another X client maps and repaints is
 * reported as damage and read back with its colour at its place; nothing is read while nothing changes.
 */
import x11 from 'x11';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Display, hasCommand, startXvfb, waitUntil } from '../testing/xvfb';
import { X11Screen } from './x11-screen';

const missing = ['Xvfb'].filter((command) => !hasCommand(command));
if (missing.length > 0) console.warn('helper screen tests skipped: Xvfb not installed (apt-get install xvfb)');

/** A second X client that paints: one window of one colour. */
interface Painter {
  client: {
    AllocID(): number;
    CreateWindow(id: number, parent: number, x: number, y: number, width: number, height: number, border: number, depth: number, klass: number, visual: number, values: Record<string, number>): void;
    MapWindow(id: number): void;
    ChangeWindowAttributes(id: number, values: Record<string, number>): void;
    ClearArea(id: number, x: number, y: number, width: number, height: number, exposures: number): void;
    terminate(): void;
  };
  root: number;
}

describe.skipIf(missing.length > 0)('the helper\'s screen under Xvfb', () => {
  let display: Display;
  let painter: Painter;
  let screen: X11Screen;

  beforeAll(async () => {
    display = await startXvfb('640x481x24');
    painter = await new Promise<Painter>((resolve, reject) =>
      (x11 as unknown as { createClient(options: { display: string }, callback: (error: Error | null, d: { client: Painter['client']; screen: { root: number }[] }) => void): void }).createClient(
        { display: display.name },
        (error, connected) => (error ? reject(error) : resolve({ client: connected.client, root: connected.screen[0].root })),
      ),
    );
    screen = await X11Screen.open(display.name);
  });

  afterAll(async () => {
    screen?.close();
    painter?.client.terminate();
    await display?.stop();
  });

  const pixel = (frame: Uint8ClampedArray, x: number, y: number) => [...frame.subarray((y * screen.width + x) * 4, (y * screen.width + x) * 4 + 4)];

  it('reads a window another client maps and repaints, where it is, and nothing when nothing changed', async () => {
    // An odd height is left out of the I420 frame.
    expect([screen.width, screen.height]).toEqual([640, 480]);
    const frame = new Uint8ClampedArray(screen.width * screen.height * 4);
    expect(await screen.read(frame, true)).toBe(true);
    const corner = pixel(frame, 5, 5);
    expect(corner[3]).toBe(255);

    let changes = 0;
    screen.onChange = () => changes++;
    const { client, root } = painter;
    const window = client.AllocID();
    client.CreateWindow(window, root, 100, 50, 200, 100, 0, 0, 0, 0, { backgroundPixel: 0xff0000 });
    client.MapWindow(window);
    await waitUntil(() => changes > 0, 'damage from the mapped window');
    expect(await screen.read(frame, false)).toBe(true);
    expect(pixel(frame, 150, 100)).toEqual([255, 0, 0, 255]);
    expect(pixel(frame, 299, 149)).toEqual([255, 0, 0, 255]);
    expect(pixel(frame, 5, 5), 'outside the window nothing moved').toEqual(corner);

    // Nothing changed since: nothing is read.
    expect(await screen.read(frame, false)).toBe(false);

    const before = changes;
    client.ChangeWindowAttributes(window, { backgroundPixel: 0x0000ff });
    client.ClearArea(window, 0, 0, 0, 0, 0);
    await waitUntil(() => changes > before, 'damage from the repaint');
    expect(await screen.read(frame, false)).toBe(true);
    expect(pixel(frame, 150, 100)).toEqual([0, 0, 255, 255]);
  });

  it('says where the pointer is and what it looks like (XFixes), for the stream to draw', async () => {
    const cursor = await screen.cursor();
    expect(cursor).not.toBeNull();
    expect(cursor!.width).toBeGreaterThan(0);
    expect(cursor!.pixels.byteLength).toBe(cursor!.width * cursor!.height * 4);
    expect(cursor!.x).toBeGreaterThanOrEqual(0);
    expect(cursor!.x).toBeLessThan(640);
  });
});
