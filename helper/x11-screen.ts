/**
 * The X11 desktop as the helper's screen stream reads it: the DAMAGE extension says which part of the screen
 * changed (each damaged rectangle, gathered into one bounding box per read, so a ticking counter costs a read of
 * the counter's rectangle, not of the screen), and core GetImage reads that part over the X connection. Nothing
 * is read while nothing changes.
 *
 * Pixels are 32 bits per pixel, little-endian (ZPixmap at depth 24 or 32, what Xorg and Xvfb serve on x86 and
 * ARM); another format is refused at start, so the caller falls back to the browser's share.
 */
import type { CursorImage, DamageExtension, FixesExtension, X11Client, X11Image } from 'x11';
import type { Cursor } from './cursor-overlay';
import { clampRect, copyBgrxToRgba, frameSize, type Rect, unionRect } from './screen-frame';
import { connectDisplay, withinTime } from './x11-connection';

/** What the screen stream needs of a desktop: its size, change notices, and reads into an RGBA frame. */
export interface ScreenSource {
  readonly name: string;
  /** The frame's size (even: see frameSize). */
  readonly width: number;
  readonly height: number;
  /** Called when part of the screen changed (often: the caller decides when to read). */
  onChange: (() => void) | null;
  /**
   * Reads what changed since the last read (or the whole screen with `whole`) into `frame` (RGBA, width x
   * height). Resolves with whether anything was read.
   */
  read(frame: Uint8ClampedArray, whole: boolean): Promise<boolean>;
  /** Where the pointer is and what it looks like (null where that cannot be had); the stream draws it. */
  cursor?(): Promise<Cursor | null>;
  close(): void;
}

const READ_TIMEOUT_MS = 2_000;
const Z_PIXMAP = 2;
const ALL_PLANES = 0xffffffff;
/**
 * DAMAGE's report level (damageproto): RawRectangles sends every damaged rectangle as it happens and keeps no
 * region, so nothing needs clearing. (BoundingBox needs a DamageSubtract before each read, and with the `x11`
 * package a DamageSubtract followed at once by a request with a reply stalled the connection's replies for good
 * within a few reads while Chromium painted.)
 */
const REPORT_RAW_RECTANGLES = 0;

export class X11Screen implements ScreenSource {
  readonly name = 'x11';
  readonly width: number;
  readonly height: number;
  onChange: (() => void) | null = null;
  private dirty: Rect | null = null;
  private closed = false;

  private constructor(
    private readonly client: X11Client,
    private readonly root: number,
    private readonly damage: DamageExtension,
    private readonly damageId: number,
    private readonly fixes: FixesExtension | null,
    screenWidth: number,
    screenHeight: number,
  ) {
    ({ width: this.width, height: this.height } = frameSize(screenWidth, screenHeight));
    client.on('event', (event) => {
      if (event.name !== 'DamageNotify' || !event.area || this.closed) return;
      const { x, y, w, h } = event.area;
      const area = { x, y, width: w, height: h };
      this.dirty = unionRect(this.dirty, area);
      this.onChange?.();
    });
    client.on('error', () => undefined);
    client.on('end', () => {
      this.closed = true;
    });
  }

  /** Connects to `display` and starts listening for damage; rejects when the display or DAMAGE is missing. */
  static async open(display: string): Promise<X11Screen> {
    const connected = await connectDisplay(display);
    const client = connected.client;
    try {
      const screen = connected.screen[0];
      if (screen.root_depth !== 24 && screen.root_depth !== 32) throw new Error(`screen depth ${screen.root_depth} (24 or 32 needed)`);
      const damage = await withinTime(
        'the DAMAGE extension',
        new Promise<DamageExtension>((resolve, reject) => client.require('damage', (error, extension) => (error ? reject(error) : resolve(extension)))),
        READ_TIMEOUT_MS,
      );
      const damageId = client.AllocID();
      damage.Create(damageId, screen.root, REPORT_RAW_RECTANGLES);
      // XFixes gives the pointer's image and place; without it the frames go without a pointer.
      const fixes = await withinTime(
        'the XFIXES extension',
        new Promise<FixesExtension>((resolve, reject) => client.require('fixes', (error, extension) => (error ? reject(error) : resolve(extension)))),
        READ_TIMEOUT_MS,
      ).catch(() => null);
      return new X11Screen(client, screen.root, damage, damageId, fixes, screen.pixel_width, screen.pixel_height);
    } catch (error) {
      client.terminate();
      throw error;
    }
  }

  async read(frame: Uint8ClampedArray, whole: boolean): Promise<boolean> {
    if (this.closed) return false;
    const wanted = whole ? { x: 0, y: 0, width: this.width, height: this.height } : this.dirty;
    // Damage from now on (during the read too) comes as new events and is read next time.
    this.dirty = null;
    const rect = wanted && clampRect(wanted, this.width, this.height);
    if (!rect) return false;
    // A read that never answers would stop the stream for good: it fails instead, and the next change reads again.
    const image = await withinTime(
      'a screen read',
      new Promise<X11Image>((resolve, reject) =>
        this.client.GetImage(Z_PIXMAP, this.root, rect.x, rect.y, rect.width, rect.height, ALL_PLANES, (error, result) => (error ? reject(error) : resolve(result))),
      ),
      READ_TIMEOUT_MS,
    );
    if (this.closed) return false;
    copyBgrxToRgba(image.data, rect, frame, this.width);
    return true;
  }

  async cursor(): Promise<Cursor | null> {
    const fixes = this.fixes;
    if (!fixes || this.closed) return null;
    const image = await withinTime('the pointer', new Promise<CursorImage>((resolve, reject) => fixes.GetCursorImage((error, result) => (error ? reject(error) : resolve(result)))), READ_TIMEOUT_MS);
    const { x, y, xhot, yhot, width, height, cursorSerial: serial, cursorImage: pixels } = image;
    return { x, y, xhot, yhot, width, height, serial, pixels };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.damage.Destroy(this.damageId);
    } catch {
      // the connection is already gone
    }
    this.client.terminate();
  }
}
