import { isIPv6 } from 'node:net';
import type { Clock } from './clock';

export interface LimitVerdict {
  allowed: boolean;
  /** When refused: how long until the next attempt can succeed. */
  retryAfterMs: number;
}

/**
 * Counts failures per key inside a sliding window: at most `limit` failures per `windowMs`. Only failures count,
 * so a customer who types the right code is never slowed down by the attempts of others at the same address.
 */
export class FailureWindow {
  private readonly failures = new Map<string, number[]>();
  private lastPrune = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  check(key: string): LimitVerdict {
    const now = this.clock.now();
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: recent[recent.length - this.limit] + this.windowMs - now };
  }

  recordFailure(key: string): void {
    const now = this.clock.now();
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    this.prune(now);
  }

  /**
   * Takes back the latest failure of `key`. Callers count an attempt as failed before they await its outcome
   * (so a burst of concurrent guesses cannot all pass the check) and forgive it when it succeeds.
   */
  forgive(key: string): void {
    const recent = this.failures.get(key);
    recent?.pop();
  }

  /** How many failures `key` has in the current window. */
  count(key: string): number {
    return this.recent(key, this.clock.now()).length;
  }

  /** Forgets every failure of `key` (it proved itself: a right second-factor code). */
  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  /** Forget keys whose failures all left the window, so memory follows the attackers of the last window only. */
  private prune(now: number): void {
    if (now - this.lastPrune < this.windowMs) return;
    this.lastPrune = now;
    for (const [key, times] of this.failures) {
      if (times.every((t) => t <= now - this.windowMs)) this.failures.delete(key);
    }
  }
}

/**
 * Escalating lock-out per account after consecutive failures (Lucia's throttler): 0, 1, 2, 4 ... seconds, capped.
 * A success resets it. Protects one account from a slow distributed guesser that per-address limits miss.
 */
export class EscalatingThrottle {
  private static readonly steps = [0, 1, 2, 4, 8, 16, 30, 60, 180, 300].map((s) => s * 1000);
  private readonly state = new Map<string, { failures: number; lastAt: number }>();

  constructor(private readonly clock: Clock) {}

  check(key: string): LimitVerdict {
    const entry = this.state.get(key);
    if (!entry) return { allowed: true, retryAfterMs: 0 };
    const steps = EscalatingThrottle.steps;
    const wait = steps[Math.min(entry.failures, steps.length - 1)];
    const retryAfterMs = entry.lastAt + wait - this.clock.now();
    return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true, retryAfterMs: 0 };
  }

  recordFailure(key: string): void {
    const entry = this.state.get(key);
    this.state.set(key, { failures: (entry?.failures ?? 0) + 1, lastAt: this.clock.now() });
  }

  reset(key: string): void {
    this.state.delete(key);
  }

  /** Whether `key` failed since its last success. */
  hasFailed(key: string): boolean {
    return this.state.has(key);
  }
}

/**
 * The key under which an address is throttled. One IPv6 subscriber usually owns a whole /64, so counting single
 * IPv6 addresses would let one person make 2^64 guessers; IPv4-mapped IPv6 is treated as the IPv4 it carries.
 */
export function addressKey(address: string): string {
  const withoutZone = address.split('%')[0];
  if (!isIPv6(withoutZone)) return withoutZone;
  // The URL parser writes any IPv6 spelling in one canonical form (dotted tails become hex groups).
  const canonical = new URL(`http://[${withoutZone}]/`).hostname.slice(1, -1);
  const groups = expandIPv6(canonical);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

function expandIPv6(canonical: string): number[] {
  const [head, tail] = canonical.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups].map((g) => parseInt(g, 16));
}

/**
 * A token bucket: `burst` tokens, refilled at `perSecond`; each act takes one. Bounds how fast one client may act
 * while letting an honest burst (a page opening, a batch of ICE candidates) through.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly now: () => number,
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): LimitVerdict {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((1 - this.tokens) / this.perSecond) * 1000) };
  }
}
