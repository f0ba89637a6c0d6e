// x11 4.x ships no types; this covers the parts helper/stop-hotkey.ts uses.
declare module 'x11' {
  import type { EventEmitter } from 'node:events';

  namespace x11 {
    interface X11Event {
      name: string;
      keycode?: number;
      /** The modifier and button state (Shift = 1, Lock = 2, Control = 4, Mod1 = 8, Mod2 = 16, ...). */
      buttons?: number;
    }
    interface X11Client extends EventEmitter {
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
      screen: { root: number }[];
      min_keycode: number;
      max_keycode: number;
    }
  }
  const x11: {
    createClient(options: { display?: string }, callback: (error: Error | null, display: x11.X11Display) => void): x11.X11Client;
  };
  export = x11;
}
