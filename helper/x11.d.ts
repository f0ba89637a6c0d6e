// x11 4.x ships no types; this covers the parts the helper uses (stop-hotkey.ts, x11-screen.ts).
declare module 'x11' {
  import type { EventEmitter } from 'node:events';

  namespace x11 {
    interface X11Event {
      name: string;
      /** DamageNotify: the damaged rectangle. */
      area?: { x: number; y: number; w: number; h: number };
      keycode?: number;
      /** The modifier and button state (Shift = 1, Lock = 2, Control = 4, Mod1 = 8, Mod2 = 16, ...). */
      buttons?: number;
    }
    interface X11Image {
      depth: number;
      data: Buffer;
    }
    interface DamageExtension {
      Create(damage: number, drawable: number, level: number): void;
      Destroy(damage: number): void;
    }
    interface CursorImage {
      x: number;
      y: number;
      width: number;
      height: number;
      xhot: number;
      yhot: number;
      cursorSerial: number;
      /** width x height ARGB pixels, premultiplied alpha (little-endian: bytes B, G, R, A). */
      cursorImage: Buffer;
    }
    interface FixesExtension {
      GetCursorImage(callback: (error: Error | null, image: CursorImage) => void): void;
    }
    interface X11Client extends EventEmitter {
      AllocID(): number;
      GetImage(format: number, drawable: number, x: number, y: number, width: number, height: number, planes: number, callback: (error: Error | null, image: X11Image) => void): void;
      require(name: 'damage', callback: (error: Error | null, extension: DamageExtension) => void): void;
      require(name: 'fixes', callback: (error: Error | null, extension: FixesExtension) => void): void;
      GetKeyboardMapping(first: number, count: number, callback: (error: Error | null, keysyms: number[][]) => void): void;
      GrabKey(window: number, ownerEvents: number, modifiers: number, keycode: number, pointerMode: number, keyboardMode: number): void;
      UngrabKey(window: number, keycode: number, modifiers: number): void;
      sync(): Promise<void>;
      terminate(): void;
      on(event: 'event', listener: (event: X11Event) => void): this;
      on(event: 'error', listener: (error: Error) => void): this;
      on(event: 'end', listener: () => void): this;
    }
    interface X11Display {
      client: X11Client;
      screen: { root: number; pixel_width: number; pixel_height: number; root_depth: number }[];
      min_keycode: number;
      max_keycode: number;
    }
  }
  const x11: {
    createClient(options: { display?: string }, callback: (error: Error | null, display: x11.X11Display) => void): x11.X11Client;
  };
  export = x11;
}
