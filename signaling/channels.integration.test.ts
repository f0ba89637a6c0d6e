import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startTestServer, type TestServer } from '../testing/server';
import { PROTOCOL_VERSION, type CustomerAssignment, type SessionSummary } from '../protocol';
import { loggedEvents } from '../testing/session-events';
import { next, testClients } from '../testing/socket-clients';

const FIELDS = [
  { id: 'order', label: 'Order number', type: 'short_text', required: true },
  { id: 'topic', label: 'Topic', type: 'choice', choices: ['Billing', 'Printer'] },
];

describe('channels over the real server', () => {
  // Monday 5 January 2026, 10:00 UTC: within the office hours below.
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 10));
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  let group: string;
  let cookies: string[];

  beforeAll(async () => {
    server = await startTestServer({ clock });
    clients = testClients(server);
    await clients.setupOwner();
    group = await clients.firstGroupId();
    cookies = [];
    for (let i = 0; i < 10; i++) cookies.push(await clients.addTechnician(`t${i}@example.com`, group));
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  async function channel(body: Record<string, unknown>) {
    const created = await clients.postAs('/api/admin/channels', { groupIds: [group], ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.channel as { id: string; slug: string };
  }

  const start = async (slug: string, body: Record<string, unknown>) => {
    const response = await clients.post(`/api/channels/${slug}/sessions`, body, { origin: server.url });
    return response as typeof response & { body: { sessionId: string; joinToken: string | null } };
  };

  it('ten technicians pick the same session at once: exactly one wins, the others are told who took it', async () => {
    const { slug } = await channel({ name: `Race ${Date.now()}` });
    const consoles = await Promise.all(cookies.map((c) => clients.technician(c)));
    const started = await start(slug, { customerName: 'Carol', values: {} });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const sessionId = started.body.sessionId as string;
    const acks = await Promise.all(consoles.map((socket) => clients.emit(socket, 'session:assign', { sessionId })));
    const winners = acks.filter((a) => a.ok);
    expect(winners).toHaveLength(1);
    const winner = winners[0].session.assignee.name as string;
    for (const ack of acks.filter((a) => !a.ok)) {
      expect(ack).toMatchObject({ code: 'conflict', reasons: [{ key: 'takenBy', values: { name: winner } }] });
    }
    // Every other console's queue shows it taken (a loser's list no longer offers it).
    const listed = await clients.emit(consoles.find((_, i) => !acks[i].ok)!, 'session:list', {});
    expect(listed.sessions.map((s: SessionSummary) => s.id)).not.toContain(sessionId);
  });

  it('waits in the queue of each technician of its groups but the excluded, with its channel and fields; the customer sees their place move', async () => {
    const consoles = await Promise.all(cookies.slice(0, 3).map((c) => clients.technician(c)));
    const people = (await (await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie: clients.cookie() } })).json()) as { people: { id: string; email: string }[] };
    const excluded = people.people.find((p) => p.email === 't2@example.com')!.id;
    const { slug } = await channel({ name: 'Web shop', fields: FIELDS, excludedTechnicianIds: [excluded] });

    const heard = next<SessionSummary>(consoles[0], 'session:updated');
    const first = await start(slug, { customerName: 'Carol', values: { order: 'A-1', topic: 'Printer' } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(await heard).toMatchObject({ customerName: 'Carol', channel: { name: 'Web shop' }, customFields: [{ label: 'Order number', value: 'A-1' }, { label: 'Topic', value: 'Printer' }] });
    const second = await start(slug, { customerName: 'Dan', values: { order: 'A-2' } });
    const names = async (socket: (typeof consoles)[number]) => (await clients.emit(socket, 'session:list', {})).sessions.filter((s: SessionSummary) => s.channel?.name === 'Web shop').map((s: SessionSummary) => s.customerName).sort();
    expect(await names(consoles[1])).toEqual(['Carol', 'Dan']);
    expect(await names(consoles[2])).toEqual([]);

    const dan = await clients.connect({ role: 'customer', protocolVersion: PROTOCOL_VERSION, joinToken: second.body.joinToken });
    const opened = await clients.emit(dan, 'session:open', { sessionId: second.body.sessionId });
    expect(opened.view).toMatchObject({ queuePosition: 2 });
    const moved = next<CustomerAssignment>(dan, 'session:assignment');
    expect(await clients.emit(consoles[0], 'session:assign', { sessionId: first.body.sessionId })).toMatchObject({ ok: true });
    expect(await moved).toMatchObject({ queuePosition: 1, technicianNickname: null });
  });

  it('refuses an empty required field next to it, and a field the channel does not ask is dropped', async () => {
    await clients.technician(cookies[0]);
    const { slug } = await channel({ name: 'Fields', fields: FIELDS });
    const refused = await start(slug, { customerName: 'Erin', values: { order: '   ' } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'field:order', reasons: [{ key: 'required' }] } });
    const unknown = await start('no-such-channel', { customerName: 'Erin', values: {} });
    expect(unknown.status).toBe(404);
  });

  it('outside working hours does what the administrator chose: a message, a request, or another page', async () => {
    const hours = { enabled: true, timeZone: 'UTC', weekly: { mon: [{ from: 9 * 60, to: 17 * 60 }] }, closedDates: [] };
    const consoles = await Promise.all(cookies.slice(0, 1).map((c) => clients.technician(c)));
    const message = await channel({ name: 'Message', hours, unavailable: { mode: 'message', message: 'Back on Monday at nine.' } });
    const request = await channel({ name: 'Request', hours, unavailable: { mode: 'request', message: '' } });
    const redirect = await channel({ name: 'Redirect', hours, unavailable: { mode: 'redirect', url: 'https://status.example.com/help' } });
    const page = (slug: string) => fetch(`${server.url}/c/${slug}`, { redirect: 'manual', headers: { 'accept-language': 'en' } });

    // Within hours, with a technician signed in: every channel takes a live session.
    expect(await (await page(message.slug)).text()).toContain('data-testid="widget-submit"');
    clock.advance(8 * 60 * 60 * 1000); // 18:00: closed

    const closed = await (await page(message.slug)).text();
    expect(closed).toContain('Back on Monday at nine.');
    expect(closed).not.toContain('data-testid="widget-submit"');
    expect(await start(message.slug, { customerName: 'Fay', values: {} })).toMatchObject({ status: 409, body: { reasons: [{ key: 'channel_closed' }] } });

    expect(await (await page(request.slug)).text()).toContain('data-testid="channel-request-intro"');
    expect((await start(request.slug, { customerName: 'Gus', values: {} })).status).toBe(409);
    expect(await start(request.slug, { customerName: 'Gus', values: { contact: 'gus@example.com' }, request: true })).toMatchObject({ status: 400, body: { field: 'field:problem' } });
    const left = await start(request.slug, { customerName: 'Gus', values: { contact: 'gus@example.com', problem: 'Cannot print.' }, request: true });
    expect(left).toMatchObject({ status: 201, body: { joinToken: null } });
    const queued = (await clients.emit(consoles[0], 'session:list', {})).sessions.find((s: SessionSummary) => s.id === left.body.sessionId);
    expect(queued).toMatchObject({ request: true, channel: { name: 'Request' }, customFields: [{ id: 'contact', value: 'gus@example.com' }, { id: 'problem', value: 'Cannot print.' }] });

    const sent = await page(redirect.slug);
    expect([303, 307, 308]).toContain(sent.status);
    expect(sent.headers.get('location')).toBe('https://status.example.com/help');

    // Back within hours (next Monday, 10:00), but nobody signed in: the same behaviours apply.
    clock.advance((6 * 24 + 16) * 60 * 60 * 1000);
    for (const socket of consoles) socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await start(message.slug, { customerName: 'Hal', values: {} })).toMatchObject({ status: 409, body: { reasons: [{ key: 'channel_unstaffed' }] } });
  });

  it('a session nobody picks up in time moves to another queue, or its customer is told', async () => {
    const consoles = await Promise.all(cookies.slice(0, 1).map((c) => clients.technician(c)));
    const billing = ((await clients.postAs('/api/admin/groups', { name: `Billing ${Date.now()}`, parentId: null })).body.group as { id: string }).id;
    const toGroup = await channel({ name: 'To group', waitingTimeout: { afterMinutes: 5, then: { action: 'group', groupId: billing } } });
    const tell = await channel({ name: 'Tell', waitingTimeout: { afterMinutes: 5, then: { action: 'tell', message: 'Still busy: we are coming.' } } });
    const moved = await start(toGroup.slug, { customerName: 'Ivy', values: {} });
    const told = await start(tell.slug, { customerName: 'Jon', values: {} });
    const jon = await clients.connect({ role: 'customer', protocolVersion: PROTOCOL_VERSION, joinToken: told.body.joinToken });
    expect((await clients.emit(jon, 'session:open', { sessionId: told.body.sessionId })).view).toMatchObject({ waitNotice: null, queuePosition: 1 });

    clock.advance(4 * 60_000);
    await server.expireDue();
    const listed = async (id: string) => (await clients.emit(consoles[0], 'session:list', {})).sessions.find((s: SessionSummary) => s.id === id);
    expect(await listed(moved.body.sessionId)).toMatchObject({ channel: { name: 'To group' }, group: null });

    const notice = next<CustomerAssignment>(jon, 'session:assignment');
    clock.advance(2 * 60_000);
    await server.expireDue();
    // Ivy's session left the channel's queue for Billing's (nobody here is in Billing); Jon is told, once.
    expect(await listed(moved.body.sessionId)).toBeUndefined();
    const owner = await clients.technician();
    expect((await clients.emit(owner, 'session:list', {})).sessions.find((s: SessionSummary) => s.id === moved.body.sessionId)).toMatchObject({ group: { id: billing } });
    expect(await notice).toMatchObject({ waitNotice: 'Still busy: we are coming.', queuePosition: 1 });
    await server.expireDue();
    const timedOut = loggedEvents(server, 'waiting_timed_out');
    expect(timedOut.filter((e) => e.sessionId === told.body.sessionId).map((e) => e.data)).toEqual([
      { action: 'tell', afterMinutes: 5, queuedAt: expect.any(Number), fromChannelId: tell.id, message: 'Still busy: we are coming.' },
    ]);
    expect(timedOut.filter((e) => e.sessionId === moved.body.sessionId).map((e) => e.data)).toEqual([
      { action: 'group', afterMinutes: 5, queuedAt: expect.any(Number), fromChannelId: toGroup.id, groupId: billing },
    ]);
  });
});
