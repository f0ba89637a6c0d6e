import { Store } from './store';
import { playChime } from './chime';

/** What the page needs of its document: whether it is hidden, its title, and word when that changes. */
export interface AttentionDocument {
  readonly hidden: boolean;
  title: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export interface AttentionOptions {
  document: AttentionDocument;
  /** Plays the alert; WebAudio by default (no sound file to download). */
  playTone?: () => void;
  /** Where the customer's mute choice is kept between pages; none in tests. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Between the two titles while flashing. */
  flashMs?: number;
}

const MUTED_KEY = 'lifeline.customer.muted';

/**
 * Calls the customer back to a page they left for another tab: while it is hidden, something new from the
 * technician (a message, a request) flashes the tab's title and plays a short tone, unless they muted it. Told
 * the keys of everything that may call for them (observe), it notices what is new itself; what was there when
 * the page opened (the history) never alerts.
 */
export class Attention {
  readonly muted: Store<boolean>;
  private readonly doc: AttentionDocument;
  private readonly playTone: () => void;
  private readonly storage: AttentionOptions['storage'];
  private readonly flashMs: number;
  private seen = new Set<string>();
  private primed = false;
  private flashing: { timer: ReturnType<typeof setInterval>; title: string; original: string } | null = null;

  constructor(options: AttentionOptions) {
    this.doc = options.document;
    this.playTone = options.playTone ?? playTone;
    this.storage = options.storage ?? null;
    this.flashMs = options.flashMs ?? 1000;
    this.muted = new Store(readMuted(this.storage));
    this.doc.addEventListener('visibilitychange', this.onVisibility);
  }

  /**
   * The keys of what may call for the customer now (a message's, a request's); `title` says in the tab what is
   * new. A key that went away and comes back (a second call, a new control request) is news again.
   */
  observe(keys: readonly string[], title: (fresh: string[]) => string): void {
    const fresh = keys.filter((key) => !this.seen.has(key));
    this.seen = new Set(keys);
    if (!this.primed) {
      this.primed = true;
      return;
    }
    if (fresh.length === 0 || !this.doc.hidden) return;
    if (!this.muted.get()) {
      try {
        this.playTone();
      } catch {
        // No sound on this device: the title still flashes.
      }
    }
    this.flash(title(fresh));
  }

  setMuted(muted: boolean): void {
    this.muted.update(() => muted);
    try {
      this.storage?.setItem(MUTED_KEY, muted ? '1' : '0');
    } catch {
      // Storage refused (private mode, a frame): the choice holds for this page.
    }
  }

  dispose(): void {
    this.stopFlashing();
    this.doc.removeEventListener('visibilitychange', this.onVisibility);
  }

  private flash(title: string): void {
    if (this.flashing) {
      this.flashing.title = title;
      return;
    }
    const flashing = { title, original: this.doc.title, timer: setInterval(() => {
      this.doc.title = this.doc.title === flashing.title ? flashing.original : flashing.title;
    }, this.flashMs) };
    this.flashing = flashing;
    this.doc.title = title;
  }

  private stopFlashing(): void {
    if (!this.flashing) return;
    clearInterval(this.flashing.timer);
    this.doc.title = this.flashing.original;
    this.flashing = null;
  }

  private readonly onVisibility = () => {
    if (!this.doc.hidden) this.stopFlashing();
  };
}

function readMuted(storage: AttentionOptions['storage']): boolean {
  try {
    return storage?.getItem(MUTED_KEY) === '1';
  } catch {
    return false;
  }
}

/** Two short soft notes, falling. The customer clicked in this page before (consent), so they may play. */
const playTone = () => playChime([880, 660]);
