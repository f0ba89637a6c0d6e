import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { next, testClients } from '../testing/socket-clients';

// Short timeouts so idleness and the technician's grace period play out within a test.
let server: TestServer;
let clients: ReturnType<typeof testClients>;

beforeAll(async () => {
  server = await startTestServer({
    env: { SESSION_IDLE_SECONDS: '3', SESSION_IDLE_WARNING_SECONDS: '1', TECHNICIAN_GRACE_SECONDS: '1' },
  });
  clients = testClients(server);
  await clients.setupOwner();
});

afterAll(async () => {
  clients?.closeAll();
  await server?.close();
});

describe('notes', () => {
  it('keeps the technician\'s notes and never shows them to the customer', async () => {
    const tech = await clients.technician();
    const { socket, sessionId } = await clients.activeSession(tech, 'Nora');
    expect((await clients.emit(tech, 'session:notes', { sessionId, notes: 'Reset the router; call back Friday.' })).ok).toBe(true);
    expect((await clients.emit(tech, 'session:open', { sessionId })).view.notes).toBe('Reset the router; call back Friday.');
    expect((await clients.emit(socket, 'session:open', { sessionId })).view.notes).toBeNull();
    expect(await clients.emit(socket, 'session:notes', { sessionId, notes: 'customer edit' })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('pushed links', () => {
  it('delivers an http(s) link to the customer and keeps it in the session; refuses other schemes', async () => {
    const tech = await clients.technician();
    const { socket, sessionId } = await clients.activeSession(tech, 'Uma');
    const arrived = next<{ pushed: { url: string } }>(socket, 'url:pushed');
    expect((await clients.emit(tech, 'url:push', { sessionId, url: 'https://example.com/driver.zip' })).ok).toBe(true);
    expect((await arrived).pushed.url).toBe('https://example.com/driver.zip');
    expect(await clients.emit(tech, 'url:push', { sessionId, url: 'javascript:alert(1)' })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await clients.emit(socket, 'url:push', { sessionId, url: 'https://example.com' })).toMatchObject({ ok: false, code: 'forbidden' });
    const view = (await clients.emit(socket, 'session:open', { sessionId })).view;
    expect(view.pushedUrls.map((p: { url: string }) => p.url)).toEqual(['https://example.com/driver.zip']);
  });
});

describe('an idle session', () => {
  it('warns both sides, then closes; activity in between keeps it open', async () => {
    const tech = await clients.technician();
    const { socket, sessionId } = await clients.activeSession(tech, 'Ida');
    const warned = await next<{ closesAt: number }>(socket, 'session:idle-warning', 5000);
    expect(warned.closesAt).toBeGreaterThan(Date.now());
    // A keep-alive restarts the count: no end within the next warning window.
    await clients.emit(socket, 'session:keep-alive', { sessionId });
    const ended = next<{ reason: string }>(tech, 'session:ended', 8000);
    await next(tech, 'session:idle-warning', 5000);
    expect(await ended).toMatchObject({ sessionId, reason: 'idle_timeout' });
  });

  it('stays open while the customer shares the screen', async () => {
    const tech = await clients.technician();
    const { socket, sessionId } = await clients.activeSession(tech, 'Sam');
    await clients.emit(socket, 'share:state', { sessionId, sharing: true });
    await expect(next(socket, 'session:idle-warning', 4000)).rejects.toThrow(/no session:idle-warning/);
    expect((await clients.emit(tech, 'session:open', { sessionId })).view.session.state).toBe('active');
  });
});

describe('a technician whose console drops', () => {
  it('is not reported gone if they return within the grace period, and is reported after it', async () => {
    const tech = await clients.technician();
    const { socket, sessionId } = await clients.activeSession(tech, 'Gail');
    const presence: boolean[] = [];
    socket.on('peer:presence', (event: { present: boolean }) => presence.push(event.present));

    tech.disconnect();
    const back = await clients.technician();
    await clients.emit(back, 'session:open', { sessionId });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(presence).toEqual([true]);

    back.disconnect();
    expect(await next<{ present: boolean }>(socket, 'peer:presence', 3000)).toMatchObject({ peer: 'technician', present: false });
  });
});
