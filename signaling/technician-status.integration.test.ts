import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OwnStatus, SessionSummary, TeamMember, TransferTargets } from '../protocol';
import { ManualClock, startTestServer, type TestServer } from '../testing/server';
import { next, testClients } from '../testing/socket-clients';

const MINUTE = 60_000;

/**
 * Technician status over real sockets: Available / Busy / Away as chosen, Busy by itself at the group's maximum
 * of concurrent sessions, channel routing that skips Busy and Away, and the administrator's automatic Away and
 * sign-out after no input (the server's clock is moved, its sweep run).
 */
describe('technician status', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 10));
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  let group: string;
  const cookies: Record<'tess' | 'tom' | 'tia', string> = { tess: '', tom: '', tia: '' };
  const ids: Record<'tess' | 'tom' | 'tia', string> = { tess: '', tom: '', tia: '' };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    clients = testClients(server);
    await clients.setupOwner();
    group = await clients.firstGroupId();
    for (const name of ['tess', 'tom', 'tia'] as const) cookies[name] = await clients.addTechnician(`${name}@example.com`, group);
    const people = (await (await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie: clients.cookie() } })).json()) as { people: { id: string; email: string }[] };
    for (const name of ['tess', 'tom', 'tia'] as const) ids[name] = people.people.find((p) => p.email === `${name}@example.com`)!.id;
  });
  afterEach(async () => {
    clients.closeAll();
    await clients.postAs(`/api/admin/groups/${group}`, { maxSessions: null });
  });
  afterAll(() => server.close());

  /** A console, with its status as the server keeps it (asked the way the console asks on connecting). */
  async function console_(name: keyof typeof cookies): Promise<{ socket: Socket; status: OwnStatus }> {
    const socket = await clients.technician(cookies[name]);
    const { status } = await clients.emit(socket, 'tech:activity', {});
    return { socket, status };
  }

  it('starts Available; a chosen status reaches the other consoles, the team and the transfer targets; junk is refused', async () => {
    const tess = await console_('tess');
    expect(tess.status).toEqual({ status: 'available', why: 'chosen' });
    const tessTab = await console_('tess');
    const tom = await console_('tom');
    const heard = next<OwnStatus>(tessTab.socket, 'tech:status');
    const team = next<{ team: TeamMember[] }>(tom.socket, 'team:status');
    const ack = await clients.emit(tess.socket, 'tech:status', { status: 'busy' });
    expect(ack).toMatchObject({ ok: true, status: { status: 'busy', why: 'chosen' } });
    expect(await heard).toEqual({ status: 'busy', why: 'chosen' });
    expect((await team).team.find((m) => m.id === ids.tess)).toMatchObject({ name: 'tess', status: 'busy' });

    const targets = (await clients.emit(tom.socket, 'transfer:targets', {})) as TransferTargets & { ok: true };
    const statusOf = (id: string) => targets.technicians.find((t) => t.id === id)?.status;
    expect([statusOf(ids.tess), statusOf(ids.tia)]).toEqual(['busy', 'offline']);
    await clients.emit(tess.socket, 'tech:status', { status: 'away' });
    const again = (await clients.emit(tom.socket, 'transfer:targets', {})) as TransferTargets & { ok: true };
    expect(again.technicians.find((t) => t.id === ids.tess)?.status).toBe('away');

    expect(await clients.emit(tess.socket, 'tech:status', { status: 'offline' })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await clients.emit(tess.socket, 'tech:status', {})).toMatchObject({ ok: false, code: 'bad_request' });

    // A reload keeps what was chosen: Tess's next console is still Away.
    tess.socket.disconnect();
    tessTab.socket.disconnect();
    await next(tom.socket, 'team:status');
    const reloaded = await console_('tess');
    expect(reloaded.status).toEqual({ status: 'away', why: 'chosen' });
    await clients.emit(reloaded.socket, 'tech:status', { status: 'available' });
  });

  it('at the group\'s maximum of concurrent sessions a technician is Busy by itself, and may not take more', async () => {
    expect((await clients.postAs(`/api/admin/groups/${group}`, { maxSessions: 0 })).status).toBe(400);
    expect((await clients.postAs(`/api/admin/groups/${group}`, { maxSessions: 1 })).status).toBe(200);
    const tess = await console_('tess');
    const tom = await console_('tom');
    const busy = next<OwnStatus>(tess.socket, 'tech:status');
    const first = await clients.activeSession(tess.socket, 'First');
    expect(await busy).toEqual({ status: 'busy', why: 'full' });

    // One of Tom's waiting in the group's queue: Tess is refused it, and Tom cannot hand her another.
    const queued = await clients.newCustomer(tom.socket, 'Queued');
    await clients.emit(tom.socket, 'session:transfer', { sessionId: queued.sessionId, to: { kind: 'group', id: group }, note: '' });
    expect(await clients.emit(tess.socket, 'session:assign', { sessionId: queued.sessionId })).toMatchObject({ ok: false, code: 'conflict', reasons: [{ key: 'atCapacity', values: { maximum: 1 } }] });
    const toms = await clients.newCustomer(tom.socket, 'Another');
    expect(await clients.emit(tom.socket, 'session:transfer', { sessionId: toms.sessionId, to: { kind: 'technician', id: ids.tess }, note: '' }))
      .toMatchObject({ ok: false, code: 'conflict', reasons: [{ key: 'atCapacityOther', values: { name: 'tess', maximum: 1 } }] });

    // Resolving frees the place: Available again, and the queued customer can be taken.
    const free = next<OwnStatus>(tess.socket, 'tech:status');
    await clients.emit(tess.socket, 'session:resolve', { sessionId: first.sessionId, note: '' });
    expect(await free).toEqual({ status: 'available', why: 'chosen' });
    expect(await clients.emit(tess.socket, 'session:assign', { sessionId: queued.sessionId })).toMatchObject({ ok: true });
  });

  it('channel routing offers a waiting customer to Available technicians only; Busy and Away get it once Available', async () => {
    const created = await clients.postAs('/api/admin/channels', { name: 'Shop', groupIds: [group] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { slug } = created.body.channel as { slug: string };
    const tess = await console_('tess');
    const tom = await console_('tom');
    const tia = await console_('tia');
    await clients.emit(tom.socket, 'tech:status', { status: 'busy' });
    await clients.emit(tia.socket, 'tech:status', { status: 'away' });
    const offered: Record<string, string[]> = { tess: [], tom: [], tia: [] };
    for (const [name, c] of [['tess', tess], ['tom', tom], ['tia', tia]] as const) c.socket.on('session:updated', (s: SessionSummary) => offered[name].push(s.customerName));

    const heard = next<SessionSummary>(tess.socket, 'session:updated');
    const started = await clients.post(`/api/channels/${slug}/sessions`, { customerName: 'Carol', values: {} }, { origin: server.url });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(await heard).toMatchObject({ customerName: 'Carol' });
    // Any broadcast to Tom or Tia left with Tess's: a round trip on their sockets comes after it. (Their lists: the channel's.)
    const listed = async (socket: Socket) => ((await clients.emit(socket, 'session:list', {})).sessions as SessionSummary[]).filter((s) => s.state !== 'closed' && s.channel !== null).map((s) => s.customerName);
    expect(await listed(tom.socket)).toEqual([]);
    expect(await listed(tia.socket)).toEqual([]);
    expect(offered).toEqual({ tess: ['Carol'], tom: [], tia: [] });
    expect(await listed(tess.socket)).toEqual(['Carol']);

    // Tom back to Available: the waiting customer is his to take too.
    await clients.emit(tom.socket, 'tech:status', { status: 'available' });
    expect(await listed(tom.socket)).toEqual(['Carol']);
  });

  it('turns Away after the set minutes without input, back at the next input, and signs out after the set time', async () => {
    const set = await clients.postAs('/api/admin/settings/console', { waitWarnSeconds: 60, waitLateSeconds: 180, autoAwayMinutes: 10, autoSignOutMinutes: 30 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const tess = await console_('tess');
    const tom = await console_('tom');

    clock.advance(10 * MINUTE);
    await clients.emit(tom.socket, 'tech:activity', {});
    const away = next<OwnStatus>(tess.socket, 'tech:status');
    await server.expireDue();
    expect(await away).toEqual({ status: 'away', why: 'idle' });
    expect(await clients.emit(tom.socket, 'tech:status', { status: 'available' })).toMatchObject({ status: { status: 'available' } });
    const back = next<OwnStatus>(tess.socket, 'tech:status');
    expect(await clients.emit(tess.socket, 'tech:activity', {})).toMatchObject({ ok: true, status: { status: 'available', why: 'chosen' } });
    expect(await back).toEqual({ status: 'available', why: 'chosen' });

    // Thirty minutes with no input: the console hears why, the sign-in ends, the cookie opens nothing any more.
    clock.advance(30 * MINUTE);
    await clients.emit(tom.socket, 'tech:activity', {});
    const told = next<{ reason: string }>(tess.socket, 'tech:signed-out');
    const gone = next(tess.socket, 'disconnect');
    await server.expireDue();
    expect(await told).toEqual({ reason: 'inactive' });
    await gone;
    expect((await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie: cookies.tess } })).status).toBe(401);
    expect(tom.socket.connected).toBe(true);
    cookies.tess = await signIn('tess@example.com');
    await clients.postAs('/api/admin/settings/console', { waitWarnSeconds: 60, waitLateSeconds: 180, autoAwayMinutes: 10, autoSignOutMinutes: null });
  });

  it('the console settings are validated on the server, field by field', async () => {
    const bad = async (body: unknown) => (await clients.postAs('/api/admin/settings/console', body)).body;
    expect(await bad({ waitWarnSeconds: 120, waitLateSeconds: 60, autoAwayMinutes: null, autoSignOutMinutes: null })).toMatchObject({ code: 'bad_request', field: 'waitLateSeconds', reasons: [{ key: 'tooLow', values: { minimum: 121 } }] });
    expect(await bad({ waitWarnSeconds: 2, waitLateSeconds: 60, autoAwayMinutes: null, autoSignOutMinutes: null })).toMatchObject({ code: 'bad_request', field: 'waitWarnSeconds' });
    expect(await bad({ waitWarnSeconds: 60, waitLateSeconds: 180, autoAwayMinutes: 'ten', autoSignOutMinutes: null })).toMatchObject({ code: 'bad_request', field: 'autoAwayMinutes' });
    expect(await bad({ waitWarnSeconds: 60, waitLateSeconds: 180, autoAwayMinutes: 20, autoSignOutMinutes: 10 })).toMatchObject({ code: 'bad_request', field: 'autoSignOutMinutes' });
  });

  async function signIn(email: string): Promise<string> {
    const response = await clients.post('/api/auth/login', { email, password: 'long enough password' }, { origin: server.url });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0];
  }
});
