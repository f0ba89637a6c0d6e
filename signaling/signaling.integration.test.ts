import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { clientEvents, PROTOCOL_VERSION } from '../protocol';
import { testClients } from '../testing/socket-clients';

let server: TestServer;
let clients: ReturnType<typeof testClients>;
const post: ReturnType<typeof testClients>['post'] = (...args) => clients.post(...args);
const connect: ReturnType<typeof testClients>['connect'] = (...args) => clients.connect(...args);
const emit: ReturnType<typeof testClients>['emit'] = (...args) => clients.emit(...args);
const technician = () => clients.technician();
const newCustomer: ReturnType<typeof testClients>['newCustomer'] = (...args) => clients.newCustomer(...args);
let cookie: string;

beforeAll(async () => {
  // A large event budget: these tests send hundreds of events in a row to probe every handler (the budget itself is
  // tested on its own, below).
  server = await startTestServer({ env: { TRUST_PROXY: 'true', SOCKET_EVENTS_BURST: '100000' } });
  clients = testClients(server);
  cookie = await clients.setupOwner();
});

afterAll(async () => {
  clients?.closeAll();
  await server?.close();
});

describe('the first-run setup', () => {
  it('refuses a second owner once one exists', async () => {
    const again = await post('/api/setup', { name: 'Mallory', email: 'm@example.com', password: 'another long password', organisation: 'Evil' });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('setup_locked');
  });
});

describe('the signaling handshake', () => {
  it('refuses a technician without a sign-in cookie', async () => {
    await expect(connect({ role: 'technician', protocolVersion: PROTOCOL_VERSION })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
  });

  it('tells an out-of-date page to reload', async () => {
    await expect(connect({ role: 'technician', protocolVersion: PROTOCOL_VERSION + 1 }, { cookie })).rejects.toMatchObject({
      data: { code: 'protocol_mismatch' },
    });
  });

  it('refuses a handshake from another origin', async () => {
    await expect(connect({ role: 'technician', protocolVersion: PROTOCOL_VERSION }, { cookie, origin: 'https://evil.example' })).rejects.toThrow();
  });

  it('refuses a customer with a made-up join token', async () => {
    await expect(connect({ role: 'customer', protocolVersion: PROTOCOL_VERSION, joinToken: 'a'.repeat(32) })).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
  });
});

describe('signing out', () => {
  it('disconnects the consoles of that sign-in and refuses its cookie afterwards', async () => {
    const login = await post('/api/auth/login', { email: 'owner@example.com', password: 'correct horse battery' });
    const ownCookie = login.headers.get('set-cookie')!.split(';')[0];
    const console = await connect({ role: 'technician', protocolVersion: PROTOCOL_VERSION }, { cookie: ownCookie });
    const other = await technician();
    const dropped = new Promise((resolve) => console.once('disconnect', resolve));
    expect((await post('/api/auth/logout', {}, { cookie: ownCookie })).status).toBe(200);
    await dropped;
    await expect(connect({ role: 'technician', protocolVersion: PROTOCOL_VERSION }, { cookie: ownCookie })).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
    expect(other.connected).toBe(true);
  });
});

describe('bad input on every event', () => {
  const junk: unknown[] = [undefined, null, 42, 'text', [], {}, { sessionId: 'not-a-session' }, { sessionId: 42, text: {} }];

  it('answers each malformed payload with a coded error, for technicians and customers, and keeps serving', async () => {
    const tech = await technician();
    const { socket: customer } = await newCustomer(tech);
    for (const socket of [tech, customer]) {
      for (const event of Object.keys(clientEvents)) {
        for (const payload of junk) {
          // Events without fields accept any object; junk objects are not junk to them.
          if ((event === 'session:list' || event === 'canned:list' || event === 'transfer:targets' || event === 'collab:targets') && payload !== null && typeof payload === 'object' && !Array.isArray(payload)) continue;
          // The console's "still here" has no fields either; a customer sending it is still refused.
          if (event === 'tech:activity' && socket === tech && payload !== null && typeof payload === 'object' && !Array.isArray(payload)) continue;
          const ack = await emit(socket, event, payload);
          expect(ack.ok, `${event} with ${JSON.stringify(payload)}`).toBe(false);
          expect(['bad_request', 'forbidden']).toContain(ack.code);
          expect(typeof ack.message).toBe('string');
        }
      }
    }
    // Events without an acknowledgement and unknown events change nothing and crash nothing.
    tech.emit('chat:send', { nonsense: true });
    tech.emit('session:create');
    expect(await emit(tech, 'no:such:event', {})).toMatchObject({ ok: false, code: 'bad_request' });
    // Names an object has without being given them are unknown events too, and answered.
    for (const inherited of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      expect(await emit(tech, inherited, {}), inherited).toMatchObject({ ok: false, code: 'bad_request' });
    }
    const list = await emit(tech, 'session:list', {});
    expect(list.ok).toBe(true);
    expect(server.logs.some((line) => line.includes('signaling: bad payload'))).toBe(true);
  });
});

describe('pairing', () => {
  it('keeps a customer socket inside its own session', async () => {
    const tech = await technician();
    const a = await newCustomer(tech, 'Alice');
    const b = await newCustomer(tech, 'Bob');
    expect((await emit(a.socket, 'session:open', { sessionId: a.sessionId })).ok).toBe(true);
    expect((await emit(b.socket, 'session:open', { sessionId: b.sessionId })).ok).toBe(true);

    const bobHears: unknown[] = [];
    b.socket.on('chat:message', (m) => bobHears.push(m));
    b.socket.on('rtc:signal', (m) => bobHears.push(m));

    for (const [event, payload] of [
      ['session:open', { sessionId: b.sessionId }],
      ['session:consent', { sessionId: b.sessionId }],
      ['chat:send', { sessionId: b.sessionId, text: 'hello from Alice', clientId: 'alice-message-1' }],
      ['chat:typing', { sessionId: b.sessionId, typing: true }],
      ['share:state', { sessionId: b.sessionId, sharing: true }],
      ['rtc:signal', { sessionId: b.sessionId, connectionId: 'c0ffee00c0ffee00', signal: { kind: 'description', description: { type: 'offer', sdp: 'v=0' } } }],
      ['session:end', { sessionId: b.sessionId }],
    ] as const) {
      expect(await emit(a.socket, event, payload), event).toMatchObject({ ok: false, code: 'forbidden' });
    }
    // Bob's session is untouched and heard nothing.
    expect((await emit(b.socket, 'session:consent', { sessionId: b.sessionId })).ok).toBe(true);
    expect(bobHears).toEqual([]);
  });

  it('refuses signals before consent and relays them only to the paired technician', async () => {
    const tech = await technician();
    const other = await technician();
    const c = await newCustomer(tech, 'Carol');
    await emit(c.socket, 'session:open', { sessionId: c.sessionId });
    const offer = { kind: 'description', description: { type: 'offer', sdp: 'v=0' } };
    expect(await emit(c.socket, 'rtc:signal', { sessionId: c.sessionId, connectionId: 'c0ffee00c0ffee00', signal: offer })).toMatchObject({ ok: false, code: 'forbidden' });

    await emit(c.socket, 'session:consent', { sessionId: c.sessionId });
    // The technician has not opened the session: nobody to relay to.
    expect(await emit(c.socket, 'rtc:signal', { sessionId: c.sessionId, connectionId: 'c0ffee00c0ffee00', signal: offer })).toMatchObject({ ok: false, code: 'peer_absent' });

    const received = new Promise((resolve) => tech.once('rtc:signal', resolve));
    let strayed = false;
    other.on('rtc:signal', () => (strayed = true));
    expect((await emit(tech, 'session:open', { sessionId: c.sessionId })).ok).toBe(true);
    expect((await emit(c.socket, 'rtc:signal', { sessionId: c.sessionId, connectionId: 'c0ffee00c0ffee00', signal: offer })).ok).toBe(true);
    expect(await received).toMatchObject({ sessionId: c.sessionId, connectionId: 'c0ffee00c0ffee00', signal: offer });
    expect(strayed).toBe(false);
  });

  it('ends everything when the session ends: the customer is disconnected and the token is dead', async () => {
    const tech = await technician();
    const d = await newCustomer(tech, 'Dan');
    await emit(d.socket, 'session:open', { sessionId: d.sessionId });
    const ended = new Promise((resolve) => d.socket.once('session:ended', resolve));
    const disconnected = new Promise((resolve) => d.socket.once('disconnect', resolve));
    expect((await emit(tech, 'session:end', { sessionId: d.sessionId })).session.state).toBe('closed');
    expect(await ended).toMatchObject({ sessionId: d.sessionId, reason: 'technician_ended' });
    await disconnected;
    const token = (d.socket as unknown as { auth: { joinToken: string } }).auth.joinToken;
    await expect(connect({ role: 'customer', protocolVersion: PROTOCOL_VERSION, joinToken: token })).rejects.toMatchObject({
      data: { code: 'session_closed' },
    });
    // The link is dead too.
    const linkToken = d.link.split('/s/')[1];
    expect((await post('/api/join', { link: linkToken })).body.code).toBe('invalid_code');
  });
});

describe('chat', () => {
  it('delivers a message re-sent after a dropped socket once, and relays typing to the other side only', async () => {
    const tech = await technician();
    const e = await newCustomer(tech, 'Erin');
    await emit(e.socket, 'session:open', { sessionId: e.sessionId });
    await emit(tech, 'session:open', { sessionId: e.sessionId });
    const delivered: unknown[] = [];
    tech.on('chat:message', (m) => delivered.push(m));

    const typing = new Promise((resolve) => tech.once('chat:typing', resolve));
    expect((await emit(e.socket, 'chat:typing', { sessionId: e.sessionId, typing: true })).ok).toBe(true);
    expect(await typing).toEqual({ sessionId: e.sessionId, from: 'customer', typing: true });

    const payload = { sessionId: e.sessionId, text: 'are you there?', clientId: 'erin-msg-0001' };
    const first = await emit(e.socket, 'chat:send', payload);
    // The customer's socket drops before it saw the ack; the page reconnects and sends the same message again.
    e.socket.disconnect();
    const again = await connect({ role: 'customer', protocolVersion: PROTOCOL_VERSION, joinToken: (e.socket as unknown as { auth: { joinToken: string } }).auth.joinToken });
    await emit(again, 'session:open', { sessionId: e.sessionId });
    const second = await emit(again, 'chat:send', payload);
    expect(second.message).toEqual(first.message);
    const view = await emit(tech, 'session:open', { sessionId: e.sessionId });
    expect(view.view.messages.filter((m: { text: string }) => m.text === 'are you there?')).toHaveLength(1);
    expect(delivered).toHaveLength(1);
  });
});

describe('guessing codes', () => {
  it('answers the 11th wrong code from one address with 429 and a retry time, and spares other addresses', async () => {
    const guesser = { 'x-forwarded-for': '198.51.100.77' };
    const seen = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const response = await post('/api/join', { code: String(100000 + i * 7919).slice(0, 6) }, guesser);
      seen.add(response.status);
      expect(response.body.code).toBe('invalid_code');
      expect(response.body.message).toBe('That code is not valid or has expired.');
    }
    const refused = await post('/api/join', { code: '000000' }, guesser);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.retryAfterMs).toBeGreaterThan(0);
    expect(seen).toEqual(new Set([400]));
  });
});
