import { CUSTOMER_PRIORITY_PAUSE_MS, type InputPriority } from '../protocol/input';

export type GateVerdict = { run: true } | { run: false; reason: 'not-granted' | 'paused' };

/**
 * The executor's barrier: input runs only under the control epoch the customer granted, and not while the
 * customer's own input has priority. `revoke` takes effect synchronously, before anything else is looked at:
 * messages already in the channel's queue arrive after it and are refused by epoch, so nothing queued before a
 * revoke runs after it, even if control is granted again (a new grant is a new epoch).
 */
export class InputGate {
  private granted: number | null = null;
  private pausedUntil = 0;
  private lastEpoch = 0;

  constructor(
    private readonly priority: () => InputPriority,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A new grant: returns its epoch, which the console stamps on everything it sends under it. */
  grant(epoch?: number): number {
    const next = epoch ?? this.lastEpoch + 1;
    if (next <= this.lastEpoch) throw new RangeError(`epoch ${next} is not newer than ${this.lastEpoch}`);
    this.lastEpoch = next;
    this.granted = next;
    this.pausedUntil = 0;
    return next;
  }

  revoke(): void {
    this.granted = null;
  }

  get epoch(): number | null {
    return this.granted;
  }

  /** The customer moved their own mouse or typed: with customer priority, remote input waits a moment. */
  customerActed(): void {
    if (this.priority() === 'customer') this.pausedUntil = this.now() + CUSTOMER_PRIORITY_PAUSE_MS;
  }

  check(epoch: number): GateVerdict {
    if (this.granted === null || epoch !== this.granted) return { run: false, reason: 'not-granted' };
    if (this.now() < this.pausedUntil) return { run: false, reason: 'paused' };
    return { run: true };
  }
}
