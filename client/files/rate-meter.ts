/**
 * Bytes per second over a sliding window: steady enough for "time left" without lagging a change of network by
 * more than a few seconds. Fed with running totals, so a burst of acknowledgements counts once.
 */
export class RateMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  add(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    // Keep one sample older than the window as the base of the measurement.
    while (this.samples.length > 2 && this.samples[1]!.at <= at - this.windowMs) this.samples.shift();
  }

  rate(at: number): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last === first) return 0;
    const span = Math.max(at, last.at) - first.at;
    return span > 0 ? ((last.bytes - first.bytes) * 1000) / span : 0;
  }

  /** After a pause or a resume: the bytes already there were not moved at today's speed. */
  reset(at?: number, bytes?: number): void {
    this.samples = at === undefined || bytes === undefined ? [] : [{ at, bytes }];
  }
}
