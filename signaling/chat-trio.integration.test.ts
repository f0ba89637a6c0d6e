import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { next, testClients } from '../testing/socket-clients';

/**
 * The Rescue "chat trio": chat on from the start ("chat"), off until the technician turns it on
 * ("chatToggle"), or both; each group below is set up with one combination.
 */
describe('chat on, off, or turned on by the technician', () => {
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  const cookies: Record<'toggleOnly' | 'chatOnly' | 'both' | 'neither', string> = { toggleOnly: '', chatOnly: '', both: '', neither: '' };

  beforeAll(async () => {
    server = await startTestServer();
    clients = testClients(server);
    await clients.setupOwner();
    const root = await clients.firstGroupId();
    const combos = { toggleOnly: { chat: false, chatToggle: true }, chatOnly: { chat: true, chatToggle: false }, both: { chat: true, chatToggle: true }, neither: { chat: false, chatToggle: false } };
    for (const [name, changes] of Object.entries(combos) as [keyof typeof cookies, { chat: boolean; chatToggle: boolean }][]) {
      const group = (await clients.postAs('/api/admin/groups', { name, parentId: root })).body.group as { id: string };
      expect((await clients.postAs(`/api/admin/groups/${group.id}/permissions`, { changes, scope: 'group' })).status).toBe(200);
      cookies[name] = await clients.addTechnician(`${name.toLowerCase()}@example.com`, group.id);
    }
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  const say = (text: string) => ({ text, clientId: `m-${Math.random().toString(36).slice(2, 12)}` });

  it('with "turn on" only, chat starts off for both sides until the technician turns it on, and off again', async () => {
    const { emit } = clients;
    const tech = await clients.technician(cookies.toggleOnly);
    const customer = await clients.activeSession(tech, 'Carol');
    const view = await emit(customer.socket, 'session:open', { sessionId: customer.sessionId });
    expect(view.view.chatEnabled).toBe(false);

    expect(await emit(customer.socket, 'chat:send', { sessionId: customer.sessionId, ...say('Hello?') })).toMatchObject({ ok: false, code: 'forbidden', reasons: [{ key: 'chatOff' }] });
    expect(await emit(tech, 'chat:send', { sessionId: customer.sessionId, ...say('Hi') })).toMatchObject({ ok: false, code: 'forbidden' });

    const customerHears = next<{ enabled: boolean }>(customer.socket, 'chat:state');
    expect(await emit(tech, 'chat:toggle', { sessionId: customer.sessionId, enabled: true })).toMatchObject({ ok: true, enabled: true });
    expect(await customerHears).toMatchObject({ sessionId: customer.sessionId, enabled: true });
    expect(await emit(customer.socket, 'chat:send', { sessionId: customer.sessionId, ...say('Hello?') })).toMatchObject({ ok: true });
    expect(await emit(tech, 'chat:send', { sessionId: customer.sessionId, ...say('Hi Carol') })).toMatchObject({ ok: true });

    // The customer cannot turn it on or off; the technician can turn it off again, and the log says so.
    expect(await emit(customer.socket, 'chat:toggle', { sessionId: customer.sessionId, enabled: false })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await emit(tech, 'chat:toggle', { sessionId: customer.sessionId, enabled: false })).toMatchObject({ ok: true, enabled: false });
    expect(await emit(customer.socket, 'chat:send', { sessionId: customer.sessionId, ...say('Still there?') })).toMatchObject({ ok: false, reasons: [{ key: 'chatOff' }] });
    const reopened = await emit(tech, 'session:open', { sessionId: customer.sessionId });
    expect(reopened.view.chatEnabled).toBe(false);
    expect(reopened.view.messages.map((m: { text: string }) => m.text)).toEqual(['Hello?', 'Hi Carol']);
  });

  it('with "chat" only, chat is on from the start and cannot be turned off', async () => {
    const { emit } = clients;
    const tech = await clients.technician(cookies.chatOnly);
    const customer = await clients.activeSession(tech, 'Dan');
    expect((await emit(tech, 'session:open', { sessionId: customer.sessionId })).view.chatEnabled).toBe(true);
    expect(await emit(customer.socket, 'chat:send', { sessionId: customer.sessionId, ...say('Hi') })).toMatchObject({ ok: true });
    expect(await emit(tech, 'chat:toggle', { sessionId: customer.sessionId, enabled: false })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('with both, chat starts on and the technician may turn it off; with neither there is no chat at all', async () => {
    const { emit } = clients;
    const both = await clients.technician(cookies.both);
    const customer = await clients.activeSession(both, 'Eve');
    expect((await emit(both, 'session:open', { sessionId: customer.sessionId })).view.chatEnabled).toBe(true);
    expect(await emit(both, 'chat:toggle', { sessionId: customer.sessionId, enabled: false })).toMatchObject({ ok: true, enabled: false });

    const neither = await clients.technician(cookies.neither);
    const other = await clients.activeSession(neither, 'Fay');
    expect((await emit(neither, 'session:open', { sessionId: other.sessionId })).view.chatEnabled).toBe(false);
    expect(await emit(neither, 'chat:toggle', { sessionId: other.sessionId, enabled: true })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await emit(other.socket, 'chat:send', { sessionId: other.sessionId, ...say('Hello') })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
