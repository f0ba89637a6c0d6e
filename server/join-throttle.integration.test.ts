import { describe, expect, it } from 'vitest';
import { useServerWithOwner } from '../testing/owner-server';

/** A six-digit code that is not `code`. */
const wrong = (code: string, i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');

describe('the join throttle against a guesser spread over many addresses (real server)', () => {
  // The tests stand behind a proxy on this machine, which says where each request comes from.
  const rig = useServerWithOwner({ env: { TRUST_PROXY: 'true', JOIN_FAILURES_GLOBAL: '20' } });

  const join = (body: Record<string, string>, from: string) => rig.clients.post('/api/join', body, { 'x-forwarded-for': from });

  it('locks nobody out: links always join, a first try with the right code joins, only addresses that missed wait', async () => {
    const tech = await rig.clients.technician();
    const first = await rig.clients.emit(tech, 'session:create', { customerName: 'Link customer' });
    const second = await rig.clients.emit(tech, 'session:create', { customerName: 'Code customer' });
    const link = (first.link as string).split('/').pop()!;
    // 100 addresses, a wrong code each: five times everyone's budget.
    const guesses = await Promise.all(Array.from({ length: 100 }, (_, i) => join({ code: wrong(second.session.code, i) }, `198.51.100.${i + 1}`)));
    expect(guesses.every((g) => g.status === 400 || g.status === 429)).toBe(true);
    expect(guesses.filter((g) => g.status === 400).length).toBeGreaterThanOrEqual(20);

    // A guesser's address that already missed gets no second guess while everyone's budget is spent.
    const again = await join({ code: wrong(second.session.code, 500) }, '198.51.100.1');
    expect(again).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    // The customer with a link joins, even from an address that missed.
    expect(await join({ link }, '198.51.100.1')).toMatchObject({ status: 200, body: { ok: true, sessionId: first.session.id } });
    // The customer with a code joins on their first try.
    expect(await join({ code: second.session.code }, '203.0.113.77')).toMatchObject({ status: 200, body: { ok: true, sessionId: second.session.id } });
  });
});

describe('X-Forwarded-For from anyone but our proxy is not believed (real server)', () => {
  // Our proxy is elsewhere; these requests reach the port directly, from loopback.
  const rig = useServerWithOwner({ env: { TRUST_PROXY: '192.0.2.10' } });

  it('a client that invents a new address for every guess is still one address to the throttle', async () => {
    const outcomes: number[] = [];
    for (let i = 0; i < 12; i++) outcomes.push((await rig.clients.post('/api/join', { code: '000000' }, { 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
    // The per-address budget (10 by default) of the one real address, whatever the header said.
    expect(outcomes.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(outcomes.slice(10)).toEqual([429, 429]);
  });
});
