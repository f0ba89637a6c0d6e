import type { ChatMessage } from '../protocol';
import { RequestError } from './signaling-client';

export interface PendingMessage {
  clientId: string;
  text: string;
}

/** Errors after which a message will never be accepted: drop it and say so, instead of retrying forever. */
const permanent = new Set(['bad_request', 'forbidden', 'session_closed', 'not_found', 'unauthorized']);

/**
 * Outgoing chat, delivered once and in order across dropped sockets: each message gets a client id, waits in
 * order until the server acknowledges it, and is re-sent after a reconnect (the server ignores a repeat of an
 * id it already stored).
 */
export class ChatOutbox {
  private pending: PendingMessage[] = [];
  private flushing = false;

  constructor(
    private readonly deliver: (message: PendingMessage) => Promise<ChatMessage>,
    private readonly events: {
      changed: (pending: PendingMessage[]) => void;
      delivered: (message: ChatMessage) => void;
      failed: (error: unknown) => void;
    },
  ) {}

  send(text: string): void {
    this.pending = [...this.pending, { clientId: newClientId(), text }];
    this.events.changed(this.pending);
    void this.flush();
  }

  /** Sends what is waiting, oldest first; stops at the first transient failure and waits for the next call. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const next = this.pending[0];
        try {
          this.events.delivered(await this.deliver(next));
        } catch (error) {
          if (!(error instanceof RequestError) || !permanent.has(error.code)) return;
          this.events.failed(error);
        }
        this.pending = this.pending.slice(1);
        this.events.changed(this.pending);
      }
    } finally {
      this.flushing = false;
    }
  }
}

function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
