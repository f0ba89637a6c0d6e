import { describe, expect, it } from 'vitest';
import { useServerWithOwner } from '../testing/owner-server';

describe('a client that floods its socket (real server, default budgets)', () => {
  const rig = useServerWithOwner();

  it('stores a person\'s pace of chat, not a script\'s, and a reopened session stays small', async () => {
    const tech = await rig.clients.technician();
    const { socket: customer, sessionId } = await rig.clients.activeSession(tech, 'Flooder');
    const text = 'x'.repeat(4000);
    // 300 messages of 4,000 characters, all at once.
    const acks = await Promise.all(Array.from({ length: 300 }, (_, i) => rig.clients.emit(customer, 'chat:send', { sessionId, text, clientId: `flood-message-${i}` })));
    const stored = acks.filter((a) => a.ok).length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThanOrEqual(30);
    expect([...new Set(acks.filter((a) => !a.ok).map((a) => a.code))]).toEqual(['rate_limited']);
    const opened = await rig.clients.emit(tech, 'session:open', { sessionId });
    expect(opened.ok).toBe(true);
    expect(JSON.stringify(opened).length).toBeLessThan(1024 * 1024);
    // The technician's side is not held up by the customer's flood.
    expect(await rig.clients.emit(tech, 'chat:send', { sessionId, text: 'Please stop.', clientId: 'tech-message-1' })).toMatchObject({ ok: true });
  });

  it('answers a burst of events past its budget rate_limited, and serves the socket again once it slows down', async () => {
    const tech = await rig.clients.technician();
    const other = await rig.clients.technician();
    const acks = await Promise.all(Array.from({ length: 1000 }, () => rig.clients.emit(tech, 'session:list', {})));
    const limited = acks.filter((a) => !a.ok);
    expect(limited.length).toBeGreaterThan(500);
    expect(limited.every((a) => a.code === 'rate_limited' && a.retryAfterMs > 0)).toBe(true);
    // Unknown events take from the same budget.
    const unknown = await Promise.all(Array.from({ length: 400 }, () => rig.clients.emit(tech, 'no:such:event', {})));
    expect(unknown.filter((a) => a.code === 'rate_limited').length).toBeGreaterThan(100);
    // Another socket is served meanwhile.
    expect(await rig.clients.emit(other, 'session:list', {})).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await rig.clients.emit(tech, 'session:list', {})).toMatchObject({ ok: true });
  });
});
