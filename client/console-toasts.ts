import { Store } from './store';

/** Something that happened in a session the technician is not looking at; the console words it. */
export interface ConsoleToast {
  id: number;
  kind: 'joined' | 'ended' | 'message' | 'file';
  sessionId: string;
  customer: string;
  /** The message's text, or the file's name. */
  detail: string | null;
}

/** At most this many toasts stand at once: the oldest goes when another comes. */
export const MAX_TOASTS = 4;

/**
 * The console's toasts: a short stack of what happened in background sessions. The page shows and hides them
 * (timers and focus are the page's); this keeps the list.
 */
export class ConsoleToasts {
  readonly state = new Store<ConsoleToast[]>([]);
  private nextId = 1;

  push(toast: Omit<ConsoleToast, 'id'>): void {
    this.state.update((list) => [...list, { ...toast, id: this.nextId++ }].slice(-MAX_TOASTS));
  }

  dismiss(id: number): void {
    this.state.update((list) => list.filter((t) => t.id !== id));
  }

  /** The technician opened the session: its toasts have said what they had to. */
  dismissSession(sessionId: string): void {
    if (this.state.get().some((t) => t.sessionId === sessionId)) this.state.update((list) => list.filter((t) => t.sessionId !== sessionId));
  }
}
