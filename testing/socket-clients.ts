import { io, type Socket } from 'socket.io-client';
import type { TestServer } from './server';
import { PROTOCOL_VERSION } from '../protocol';

export const OWNER = { name: 'Olivia Owner', email: 'owner@example.com', password: 'correct horse battery', organisation: 'Acme' };
/** The password every technician added by `addTechnician` signs up with; their name is their address's local part. */
export const TECHNICIAN_PASSWORD = 'long enough password';

/**
 * Real clients for a test server: fetch for the web routes, socket.io-client for signaling, with the owner set
 * up and signed in. Every socket opened is closed by `closeAll`.
 */
export function testClients(server: TestServer) {
  const sockets: Socket[] = [];
  let cookie = '';

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  }

  function connect(auth: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Socket> {
    const socket = io(server.url, { auth, extraHeaders: headers, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- acks are checked field by field in tests
  function emit(socket: Socket, event: string, ...args: unknown[]): Promise<Record<string, any>> {
    return socket.timeout(5000).emitWithAck(event, ...args);
  }

  async function setupOwner(): Promise<string> {
    const setup = await post('/api/setup', OWNER);
    if (setup.status !== 201) throw new Error(`setup failed: ${JSON.stringify(setup.body)}`);
    cookie = setup.headers.get('set-cookie')!.split(';')[0];
    return cookie;
  }

  /** A console socket signed in as the owner, or as whoever `as` (a cookie) belongs to. */
  function technician(as = cookie): Promise<Socket> {
    return connect({ role: 'technician', protocolVersion: PROTOCOL_VERSION }, { cookie: as });
  }

  /** POSTs as the owner (or as `as`), the way the admin center's forms do. */
  function postAs(path: string, body: unknown, as = cookie) {
    return post(path, body, { cookie: as, origin: server.url });
  }

  /** The outbox page as the owner reads it (mail waits there when no SMTP server is configured). */
  async function outboxPage(): Promise<string> {
    return (await fetch(`${server.url}/admin/outbox`, { headers: { cookie } })).text();
  }

  /** The organisation's first group ("Technicians"), as the owner sees it. */
  async function firstGroupId(): Promise<string> {
    const snapshot = (await (await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie } })).json()) as { groups: { id: string; parentId: string | null }[] };
    return snapshot.groups.find((g) => g.parentId === null)!.id;
  }

  /**
   * Invites `email` into `groupId` as the owner and completes the sign-up from the link in `mailText(email)`
   * (the outbox by default); returns the newcomer's cookie.
   */
  async function addTechnician(email: string, groupId: string, mailText: (email: string) => Promise<string> = outboxPage, role: 'technician' | 'admin' = 'technician') {
    const invited = await postAs('/api/admin/invitations', { email, groupId, role });
    if (invited.status !== 201) throw new Error(`invitation failed: ${JSON.stringify(invited.body)}`);
    const token = /\/signup\/([a-z0-9]+)/.exec(await mailText(email))![1];
    const signup = await post('/api/signup', { token, name: email.split('@')[0], password: TECHNICIAN_PASSWORD }, { origin: server.url });
    if (signup.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(signup.body)}`);
    return signup.headers.get('set-cookie')!.split(';')[0];
  }

  /** A session created by `tech`, joined by a customer socket (not yet opened or consented). */
  async function newCustomer(tech: Socket, name = 'Customer') {
    const created = await emit(tech, 'session:create', { customerName: name });
    const joined = await post('/api/join', { code: created.session.code }, { 'x-forwarded-for': '203.0.113.9' });
    if (joined.status !== 200) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
    const socket = await connect({ role: 'customer', protocolVersion: PROTOCOL_VERSION, joinToken: joined.body.joinToken });
    return { socket, sessionId: created.session.id as string, link: created.link as string, joinToken: joined.body.joinToken as string };
  }

  /** Customer joined, opened and consented; the technician opened it too. */
  async function activeSession(tech: Socket, name = 'Customer') {
    const customer = await newCustomer(tech, name);
    await emit(customer.socket, 'session:open', { sessionId: customer.sessionId });
    await emit(customer.socket, 'session:consent', { sessionId: customer.sessionId });
    await emit(tech, 'session:open', { sessionId: customer.sessionId });
    return customer;
  }

  function closeAll(): void {
    for (const socket of sockets) socket.disconnect();
  }

  return { post, postAs, connect, emit, setupOwner, technician, addTechnician, firstGroupId, outboxPage, newCustomer, activeSession, closeAll, cookie: () => cookie };
}

/** Resolves with the next `event` on `socket`, or rejects after `timeoutMs`. */
export function next<T = unknown>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
