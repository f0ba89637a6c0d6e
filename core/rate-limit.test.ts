import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { addressKey, EscalatingThrottle, FailureWindow } from './rate-limit';

describe('FailureWindow', () => {
  it('allows a key until it has failed `limit` times inside the window', () => {
    const clock = new ManualClock(1_000_000);
    const window = new FailureWindow(clock, 3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(window.check('k')).toEqual({ allowed: true, retryAfterMs: 0 });
      window.recordFailure('k');
    }
    expect(window.check('k')).toEqual({ allowed: false, retryAfterMs: 60_000 });
  });

  it('checking does not count as a failure', () => {
    const clock = new ManualClock(0);
    const window = new FailureWindow(clock, 1, 1000);
    for (let i = 0; i < 10; i++) expect(window.check('k').allowed).toBe(true);
    window.recordFailure('k');
    expect(window.check('k').allowed).toBe(false);
  });

  it('tells a refused key how long until its oldest counted failure leaves the window', () => {
    const clock = new ManualClock(0);
    const window = new FailureWindow(clock, 2, 1000);
    window.recordFailure('k');
    clock.advance(300);
    window.recordFailure('k');
    clock.advance(100);
    expect(window.check('k')).toEqual({ allowed: false, retryAfterMs: 600 });
    clock.advance(599);
    expect(window.check('k')).toEqual({ allowed: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(window.check('k')).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('slides: failures beyond the limit push the retry time to the failure that keeps the key over the limit', () => {
    const clock = new ManualClock(0);
    const window = new FailureWindow(clock, 2, 1000);
    window.recordFailure('k'); // t=0
    clock.advance(200);
    window.recordFailure('k'); // t=200
    clock.advance(200);
    window.recordFailure('k'); // t=400 (a failure recorded while refused still counts)
    // Three failures in the window, limit two: allowed again once only one is left, i.e. when t=200 leaves.
    expect(window.check('k')).toEqual({ allowed: false, retryAfterMs: 800 });
    clock.advance(800);
    expect(window.check('k').allowed).toBe(true);
  });

  it('keeps keys apart', () => {
    const clock = new ManualClock(0);
    const window = new FailureWindow(clock, 1, 1000);
    window.recordFailure('a');
    expect(window.check('a').allowed).toBe(false);
    expect(window.check('b').allowed).toBe(true);
  });

  it('forgetting idle keys does not forget a key that still has failures in the window', () => {
    const clock = new ManualClock(10_000);
    const window = new FailureWindow(clock, 2, 1000);
    window.recordFailure('old'); // pruning runs here and then not again for a window
    clock.advance(600);
    window.recordFailure('busy');
    window.recordFailure('busy');
    clock.advance(500);
    // 1100 ms after the last prune: this failure triggers another prune, which must keep 'busy' (failures at +600).
    window.recordFailure('other');
    expect(window.check('busy').allowed).toBe(false);
    expect(window.check('old').allowed).toBe(true);
  });
});

describe('EscalatingThrottle', () => {
  it('lets a key with no failures through', () => {
    const throttle = new EscalatingThrottle(new ManualClock(0));
    expect(throttle.check('a@example.com')).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('waits 1, 2, 4, 8 seconds after consecutive failures', () => {
    const clock = new ManualClock(0);
    const throttle = new EscalatingThrottle(clock);
    for (const waitMs of [1000, 2000, 4000, 8000]) {
      throttle.recordFailure('k');
      expect(throttle.check('k')).toEqual({ allowed: false, retryAfterMs: waitMs });
      clock.advance(waitMs - 1);
      expect(throttle.check('k')).toEqual({ allowed: false, retryAfterMs: 1 });
      clock.advance(1);
      expect(throttle.check('k')).toEqual({ allowed: true, retryAfterMs: 0 });
    }
  });

  it('caps the wait at five minutes however many failures there were', () => {
    const clock = new ManualClock(0);
    const throttle = new EscalatingThrottle(clock);
    for (let i = 0; i < 50; i++) throttle.recordFailure('k');
    expect(throttle.check('k')).toEqual({ allowed: false, retryAfterMs: 300_000 });
    clock.advance(300_000);
    expect(throttle.check('k').allowed).toBe(true);
  });

  it('a reset clears the escalation', () => {
    const clock = new ManualClock(0);
    const throttle = new EscalatingThrottle(clock);
    for (let i = 0; i < 5; i++) throttle.recordFailure('k');
    throttle.reset('k');
    expect(throttle.check('k').allowed).toBe(true);
    throttle.recordFailure('k');
    expect(throttle.check('k').retryAfterMs).toBe(1000);
  });

  it('keeps keys apart', () => {
    const throttle = new EscalatingThrottle(new ManualClock(0));
    throttle.recordFailure('a');
    expect(throttle.check('a').allowed).toBe(false);
    expect(throttle.check('b').allowed).toBe(true);
  });
});

describe('addressKey', () => {
  it('reads every spelling of an IPv4-mapped or dotted-tail address the same way', () => {
    expect(addressKey('0:0:0:0:0:ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(addressKey('::ffff:0102:0304')).toBe('1.2.3.4');
    expect(addressKey('2001:db8::3:4:5:1.2.3.4')).toBe('2001:db8:0:3::/64');
  });

  it('keys an IPv4 address by itself', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('203.0.113.8')).not.toBe(addressKey('203.0.113.7'));
  });

  it('keys an IPv4-mapped IPv6 address as the IPv4 it carries', () => {
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys a full IPv6 address by its /64', () => {
    expect(addressKey('2001:0db8:0001:0002:0003:0004:0005:0006')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
  });

  it('keys a compressed IPv6 address by the same /64 as its full form', () => {
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:0:0:0:0:0:1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:1:2::')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::abcd')).toBe(addressKey('2001:db8:1:2:0:0:0:1'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::')).toBe('0:0:0:0::/64');
  });

  it('ignores case in IPv6 addresses', () => {
    expect(addressKey('2001:DB8:A:B::1')).toBe(addressKey('2001:db8:a:b::2'));
  });

  it('puts addresses of different /64s under different keys', () => {
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('2001:db8::1')).not.toBe(addressKey('2001:db9::1'));
  });

  it('drops the zone id of a link-local address', () => {
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe(addressKey('fe80::2%wlan0'));
  });

  it('passes anything that is not an IP address through unchanged', () => {
    expect(addressKey('unknown')).toBe('unknown');
  });
});
