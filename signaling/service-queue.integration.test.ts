import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import type { CustomerAssignment, SessionSummary } from '../protocol';
import { next, testClients } from '../testing/socket-clients';

describe('the service queue over signaling', () => {
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  let tessCookie: string;
  let tomCookie: string;
  let technicians: string;

  beforeAll(async () => {
    server = await startTestServer();
    clients = testClients(server);
    await clients.setupOwner();
    technicians = await clients.firstGroupId();
    tessCookie = await clients.addTechnician('tess@example.com', technicians);
    tomCookie = await clients.addTechnician('tom@example.com', technicians);
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  it('transfers a live session with a note: the next technician reads it and the chat, the customer is told, the first lets go', async () => {
    const { emit } = clients;
    const tess = await clients.technician(tessCookie);
    const tom = await clients.technician(tomCookie);
    const customer = await clients.activeSession(tess, 'Carol');
    expect(await emit(customer.socket, 'chat:send', { sessionId: customer.sessionId, text: 'My printer jams.', clientId: 'customer-0001' })).toMatchObject({ ok: true });

    const targets = await emit(tess, 'transfer:targets', {});
    const tomEntry = targets.technicians.find((t: { name: string }) => t.name === 'tom');
    expect(tomEntry).toMatchObject({ groupName: 'Technicians', online: true });
    expect(targets.technicians.map((t: { name: string }) => t.name)).not.toContain('tess');

    const tomHears = next<SessionSummary>(tom, 'session:updated');
    const tessHears = next<SessionSummary>(tess, 'session:updated');
    const customerHears = next<CustomerAssignment>(customer.socket, 'session:assignment');
    const customerLosesTess = next<{ peer: string; present: boolean }>(customer.socket, 'peer:presence');
    const moved = await emit(tess, 'session:transfer', { sessionId: customer.sessionId, to: { kind: 'technician', id: tomEntry.id }, note: 'Printer driver reinstalled, still jams.' });
    expect(moved).toMatchObject({ ok: true, session: { assignee: { name: 'tom' }, state: 'active' } });
    expect(await tomHears).toMatchObject({ id: customer.sessionId, assignee: { name: 'tom' } });
    expect(await tessHears).toMatchObject({ id: customer.sessionId, assignee: { name: 'tom' } });
    expect(await customerHears).toMatchObject({ technicianNickname: 'tom' });
    expect(await customerLosesTess).toMatchObject({ peer: 'technician', present: false });

    // Tess can no longer act on it; Tom opens it and finds the note and the earlier chat.
    expect(await emit(tess, 'chat:send', { sessionId: customer.sessionId, text: 'Still here?', clientId: 'technician-0001' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await emit(tess, 'session:open', { sessionId: customer.sessionId })).toMatchObject({ ok: false, code: 'forbidden' });
    const customerSeesTom = next<{ present: boolean }>(customer.socket, 'peer:presence');
    const opened = await emit(tom, 'session:open', { sessionId: customer.sessionId });
    expect(opened.view.handoff).toMatchObject({ fromName: 'tess', note: 'Printer driver reinstalled, still jams.' });
    expect(opened.view.messages.map((m: { text: string }) => m.text)).toEqual(['My printer jams.']);
    expect(await customerSeesTom).toMatchObject({ present: true });
    expect((await emit(tess, 'session:list', {})).sessions.map((s: SessionSummary) => s.id)).not.toContain(customer.sessionId);
    expect((await emit(tom, 'session:list', {})).sessions.map((s: SessionSummary) => s.id)).toContain(customer.sessionId);
  });

  it('a session sent to a group\'s queue reaches its technicians; one assigns it to themselves; resolving ends it', async () => {
    const { emit } = clients;
    const tess = await clients.technician(tessCookie);
    const tom = await clients.technician(tomCookie);
    const customer = await clients.activeSession(tom, 'Dora');

    const tessHears = next<SessionSummary>(tess, 'session:updated');
    const customerHears = next<CustomerAssignment>(customer.socket, 'session:assignment');
    await emit(tom, 'session:transfer', { sessionId: customer.sessionId, to: { kind: 'group', id: technicians }, note: 'Anyone free?' });
    expect(await tessHears).toMatchObject({ id: customer.sessionId, assignee: null, group: { name: 'Technicians' } });
    expect(await customerHears).toMatchObject({ technicianNickname: null });
    expect((await emit(tess, 'session:list', {})).sessions.map((s: SessionSummary) => s.id)).toContain(customer.sessionId);
    expect(await emit(tess, 'session:open', { sessionId: customer.sessionId })).toMatchObject({ ok: false, code: 'forbidden' });

    const tomHears = next<SessionSummary>(tom, 'session:updated');
    expect(await emit(tess, 'session:assign', { sessionId: customer.sessionId })).toMatchObject({ ok: true, session: { assignee: { name: 'tess' } } });
    expect(await tomHears).toMatchObject({ assignee: { name: 'tess' } });
    // Tess took it first: Tom is told who.
    expect(await emit(tom, 'session:assign', { sessionId: customer.sessionId })).toMatchObject({ ok: false, code: 'conflict', reasons: [{ key: 'takenBy', values: { name: 'tess' } }] });
    expect(await emit(tom, 'session:resolve', { sessionId: customer.sessionId, note: 'x' })).toMatchObject({ ok: false, code: 'forbidden' });

    await emit(tess, 'session:open', { sessionId: customer.sessionId });
    const ended = next<{ reason: string }>(customer.socket, 'session:ended');
    const resolved = await emit(tess, 'session:resolve', { sessionId: customer.sessionId, note: 'Paper tray realigned.' });
    expect(resolved).toMatchObject({ ok: true, session: { state: 'closed', endReason: 'resolved' } });
    expect(await ended).toMatchObject({ reason: 'resolved' });
    // Gone from the queue of everyone but the technician who resolved it.
    expect((await emit(tom, 'session:list', {})).sessions.map((s: SessionSummary) => s.id)).not.toContain(customer.sessionId);

    // The owner's report counts it: resolved, in the Technicians group; technicians get no reports.
    const report = await (await fetch(`${server.url}/admin/reports`, { headers: { cookie: clients.cookie() } })).text();
    expect(report).toMatch(/data-testid="report-resolved">[1-9]/);
    expect(report).toContain('data-testid="chart-pick-up"');
    const asTom = await (await fetch(`${server.url}/admin/reports`, { headers: { cookie: tomCookie } })).text();
    expect(asTom).toContain('Reports are for administrators');
  });

  it('collaborators: invited by the technician, capped, may chat and signal as themselves but not act on the session', async () => {
    const { emit } = clients;
    const tess = await clients.technician(tessCookie);
    const tom = await clients.technician(tomCookie);
    const customer = await clients.activeSession(tess, 'Fay');
    const people = (await emit(tess, 'collab:targets', {})).technicians as { id: string; name: string }[];
    const tomId = people.find((p) => p.name === 'tom')!.id;

    expect(await emit(tom, 'collab:invite', { sessionId: customer.sessionId, technicianId: tomId })).toMatchObject({ ok: false, code: 'forbidden' });
    const invited = next<{ session: SessionSummary; fromName: string }>(tom, 'collab:invited');
    const customerHears = next<CustomerAssignment>(customer.socket, 'session:assignment');
    expect(await emit(tess, 'collab:invite', { sessionId: customer.sessionId, technicianId: tomId })).toMatchObject({ ok: true, session: { collaborators: [{ name: 'tom' }] } });
    expect(await invited).toMatchObject({ fromName: 'tess', session: { id: customer.sessionId } });
    expect(await customerHears).toMatchObject({ viewers: [{ nickname: 'tom', present: false }] });
    expect(await emit(tess, 'collab:invite', { sessionId: customer.sessionId, technicianId: tomId })).toMatchObject({ ok: false, code: 'conflict' });

    // Tom opens it: the customer learns he is there; his signals reach her tagged as his.
    const present = next<CustomerAssignment>(customer.socket, 'session:assignment');
    expect(await emit(tom, 'session:open', { sessionId: customer.sessionId })).toMatchObject({ ok: true });
    expect(await present).toMatchObject({ viewers: [{ id: tomId, present: true, epoch: 1 }] });
    const signal = next<{ viewer?: string }>(customer.socket, 'rtc:signal');
    await emit(tom, 'rtc:signal', { sessionId: customer.sessionId, connectionId: 'abcdef0123', signal: { kind: 'candidate', candidate: { candidate: '' } } });
    expect(await signal).toMatchObject({ viewer: tomId });
    const answered = next<{ connectionId: string }>(tom, 'rtc:signal');
    await emit(customer.socket, 'rtc:signal', { sessionId: customer.sessionId, connectionId: 'abcdef0123', signal: { kind: 'candidate', candidate: { candidate: '' } }, viewer: tomId });
    expect(await answered).toMatchObject({ connectionId: 'abcdef0123' });

    expect(await emit(tom, 'chat:send', { sessionId: customer.sessionId, text: 'Watching too.', clientId: 'collab-000001' })).toMatchObject({ ok: true });
    expect(await emit(tom, 'session:end', { sessionId: customer.sessionId })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await emit(tom, 'session:transfer', { sessionId: customer.sessionId, to: { kind: 'group', id: technicians }, note: '' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await emit(tom, 'url:push', { sessionId: customer.sessionId, url: 'https://example.com' })).toMatchObject({ ok: false, code: 'forbidden' });

    // The cap: two collaborators at most.
    // One at a time: each sign-up reads the newest mail in the outbox.
    for (const email of ['uma@example.com', 'vic@example.com']) await clients.addTechnician(email, technicians);
    const everyone = (await emit(tess, 'collab:targets', {})).technicians as { id: string; name: string }[];
    expect(await emit(tess, 'collab:invite', { sessionId: customer.sessionId, technicianId: everyone.find((p) => p.name === 'uma')!.id })).toMatchObject({ ok: true });
    const refused = await emit(tess, 'collab:invite', { sessionId: customer.sessionId, technicianId: everyone.find((p) => p.name === 'vic')!.id });
    expect(refused).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('At most 3 technicians') });

    // Tom leaves; ending the session ends every collaboration.
    expect(await emit(tom, 'collab:remove', { sessionId: customer.sessionId, technicianId: tomId })).toMatchObject({ ok: true, session: { collaborators: [{ name: 'uma' }] } });
    expect(await emit(tom, 'chat:send', { sessionId: customer.sessionId, text: 'Still?', clientId: 'collab-000002' })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('a group without "transfer sessions" cannot transfer or list targets', async () => {
    const { emit } = clients;
    await clients.postAs(`/api/admin/groups/${technicians}/permissions`, { changes: { transferSessions: false }, scope: 'group' });
    try {
      const tess = await clients.technician(tessCookie);
      const customer = await clients.activeSession(tess, 'Eve');
      expect(await emit(tess, 'transfer:targets', {})).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await emit(tess, 'session:transfer', { sessionId: customer.sessionId, to: { kind: 'group', id: technicians }, note: '' })).toMatchObject({ ok: false, code: 'forbidden' });
    } finally {
      await clients.postAs(`/api/admin/groups/${technicians}/permissions`, { changes: { transferSessions: null }, scope: 'group' });
    }
  });
});
