import type { InputMessage, InputReport, RtcConfig, Signal } from '../../signaling/protocol';
import { InputLink } from './input-link';

export interface PageInputDeps {
  rtc(): RtcConfig | null;
  sendSignal(connectionId: string, signal: Signal): void;
  /** The technician's input, to the page's control (its gate decides what runs). */
  onInput(message: InputMessage): void;
}

/** A failed connection is rebuilt after this long, a few times per grant; meanwhile input takes the screen's. */
const RETRY_MS = 2000;
const RETRIES_PER_GRANT = 3;

/**
 * The customer's side of page control's own input connection: offered once the server holds the grant, closed
 * when the grant ends. Nothing here decides what runs; input it carries goes through the same gate as any other.
 */
export class PageInput {
  private link: InputLink | null = null;
  private epoch: number | null = null;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: PageInputDeps) {}

  /** The grant with this epoch is on at the server: offer its connection (once). */
  open(epoch: number): void {
    if (this.epoch === epoch) return;
    this.close();
    this.epoch = epoch;
    this.retries = 0;
    this.connect();
  }

  /** The grant ended (or another began): its connection goes with it. */
  close(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.epoch = null;
    this.link?.close();
    this.link = null;
  }

  /** For the grant in force, if any. */
  get grantEpoch(): number | null {
    return this.epoch;
  }

  handleSignal(connectionId: string, signal: Signal): void {
    // Answers meant for a connection already replaced are dropped.
    if (this.link?.connectionId === connectionId) void this.link.handleSignal(signal);
  }

  /** The executor's report, on the connection the input came by; false when it is not open. */
  sendReport(report: InputReport): boolean {
    return this.link?.sendReport(report) ?? false;
  }

  private connect(): void {
    const rtc = this.deps.rtc();
    if (!rtc || this.epoch === null) return;
    const link = new InputLink({
      rtc,
      role: 'offer',
      sendSignal: (signal) => this.deps.sendSignal(link.connectionId, signal),
      onInput: (message) => this.deps.onInput(message),
    });
    link.state.subscribe(() => {
      if (this.link !== link || link.state.get().connection !== 'failed' || this.retryTimer) return;
      if (this.retries++ >= RETRIES_PER_GRANT) return;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (this.link !== link) return;
        link.close();
        this.link = null;
        this.connect();
      }, RETRY_MS);
    });
    this.link = link;
  }
}
