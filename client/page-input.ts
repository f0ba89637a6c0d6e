import type { InputMessage, InputReport, RtcConfig, Signal } from '../protocol';
import { InputLink } from './input-link';
import { DISCONNECTED_GRACE_MS } from './peer-link';

export interface PageInputDeps {
  rtc(): RtcConfig | null;
  sendSignal(connectionId: string, signal: Signal): void;
  /** The technician's input, to the page's control (its gate decides what runs). */
  onInput(message: InputMessage): void;
}

/** Timings of a connection's life; tests shorten them. */
export interface PageInputTimings {
  /** An offer that is not open by then (unanswered, refused on the way) is replaced. */
  openWithinMs: number;
  /** A connection that went 'disconnected' and did not come back by then is replaced, as is a failed one. */
  disconnectedGraceMs: number;
  /** Replacements per grant, or since the technician's console last (re)appeared. */
  attempts: number;
}

const TIMINGS: PageInputTimings = { openWithinMs: 10_000, disconnectedGraceMs: DISCONNECTED_GRACE_MS, attempts: 4 };

/**
 * The customer's side of page control's own input connection: offered once the server holds the grant, closed
 * when the grant ends, offered afresh when the technician's console (re)appears. While it is not open, input
 * takes the screen's connection. Nothing here decides what runs; input it carries goes through the same gate as
 * any other.
 */
export class PageInput {
  private link: InputLink | null = null;
  private epoch: number | null = null;
  private attemptsLeft = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: PageInputDeps,
    private readonly timings: PageInputTimings = TIMINGS,
  ) {}

  /** The grant with this epoch is on at the server: offer its connection (once). */
  open(epoch: number): void {
    if (this.epoch === epoch) return;
    this.close();
    this.epoch = epoch;
    this.reopen();
  }

  /**
   * The technician's console (re)appeared: a connection to the one before must not carry on (it would still
   * reach the page), and the new one needs an offer of its own.
   */
  reopen(): void {
    if (this.epoch === null) return;
    this.attemptsLeft = this.timings.attempts;
    this.replace();
  }

  /** The technician's console went away: its connection goes; the grant stays until the server ends it. */
  pause(): void {
    this.drop();
  }

  /** The grant ended (or another began): its connection goes with it. */
  close(): void {
    this.epoch = null;
    this.drop();
  }

  /** The grant whose connection this is, if any. */
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

  private drop(): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    this.link?.close();
    this.link = null;
  }

  private replace(): void {
    this.drop();
    const rtc = this.deps.rtc();
    if (!rtc || this.epoch === null || this.attemptsLeft-- <= 0) return;
    const link = new InputLink({
      rtc,
      role: 'offer',
      sendSignal: (signal) => this.deps.sendSignal(link.connectionId, signal),
      onInput: (message) => this.deps.onInput(message),
    });
    this.link = link;
    this.watch(this.timings.openWithinMs);
    link.state.subscribe(() => {
      if (this.link !== link) return;
      const { connection, open } = link.state.get();
      if (open) {
        clearTimeout(this.watchdog);
        this.watchdog = undefined;
      } else if (connection === 'failed') this.watch(0);
      else if (connection === 'disconnected' && !this.watchdog) this.watch(this.timings.disconnectedGraceMs);
    });
  }

  /** Replaces the connection after `ms` unless it is open by then. */
  private watch(ms: number): void {
    clearTimeout(this.watchdog);
    const link = this.link;
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined;
      if (this.link === link && !link?.state.get().open) this.replace();
    }, ms);
  }
}
