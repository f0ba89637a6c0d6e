import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import type { ControlView } from '../protocol';
import { next, testClients } from '../testing/socket-clients';

type ControlState = { sessionId: string; control: ControlView | null; change: string; by: string; problem?: string };

describe('remote control over signaling: asked, granted, stopped, and gone with the technician', () => {
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  let tessCookie: string;
  let tomCookie: string;
  let noControlCookie: string;
  let root: string;

  beforeAll(async () => {
    server = await startTestServer();
    clients = testClients(server);
    await clients.setupOwner();
    root = await clients.firstGroupId();
    tessCookie = await clients.addTechnician('tess@example.com', root);
    tomCookie = await clients.addTechnician('tom@example.com', root);
    const viewers = (await clients.postAs('/api/admin/groups', { name: 'Viewers', parentId: root })).body.group as { id: string };
    await clients.postAs(`/api/admin/groups/${viewers.id}/permissions`, { changes: { remoteControl: false }, scope: 'group' });
    noControlCookie = await clients.addTechnician('val@example.com', viewers.id);
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  it('the customer grants with an epoch, both sides hear it, and either side stops it', async () => {
    const { emit } = clients;
    const tess = await clients.technician(tessCookie);
    const customer = await clients.activeSession(tess, 'Carol');
    const { sessionId } = customer;

    const asked = next<{ control: ControlView; technicianName: string }>(customer.socket, 'control:requested');
    expect(await emit(tess, 'control:request', { sessionId, mode: 'page' })).toMatchObject({ ok: true, control: { mode: 'page', state: 'requested', priority: 'technician' } });
    expect(await asked).toMatchObject({ control: { mode: 'page', state: 'requested' }, technicianName: 'tess' });
    // Only the customer answers; a grant must be newer than any before.
    expect(await emit(tess, 'control:answer', { sessionId, accept: true, epoch: 1 })).toMatchObject({ ok: false, code: 'forbidden' });

    const tessHears = next<ControlState>(tess, 'control:state');
    expect(await emit(customer.socket, 'control:answer', { sessionId, accept: true, epoch: 7 })).toMatchObject({ ok: true });
    expect(await tessHears).toMatchObject({ change: 'granted', by: 'customer', control: { state: 'granted', epoch: 7, mode: 'page' } });
    expect((await emit(tess, 'session:open', { sessionId })).view.control).toMatchObject({ state: 'granted', epoch: 7 });

    const stopped = next<ControlState>(tess, 'control:state');
    expect(await emit(customer.socket, 'control:stop', { sessionId })).toMatchObject({ ok: true });
    expect(await stopped).toMatchObject({ change: 'stopped', by: 'customer', control: null });
    expect((await emit(tess, 'session:open', { sessionId })).view.control).toBeNull();

    // Asked again and declined; asked again and granted with an old epoch: refused.
    await emit(tess, 'control:request', { sessionId, mode: 'desktop' });
    const declined = next<ControlState>(tess, 'control:state');
    await emit(customer.socket, 'control:answer', { sessionId, accept: false, epoch: 8 });
    expect(await declined).toMatchObject({ change: 'declined', by: 'customer' });
    // A yes that could not show the page (another surface shared): the technician hears why, to say what to do.
    await emit(tess, 'control:request', { sessionId, mode: 'page' });
    const unshown = next<ControlState>(tess, 'control:state');
    await emit(customer.socket, 'control:answer', { sessionId, accept: false, epoch: 8, problem: 'wrong-surface' });
    expect(await unshown).toMatchObject({ change: 'declined', by: 'customer', problem: 'wrong-surface' });
    expect(await emit(customer.socket, 'control:answer', { sessionId, accept: false, epoch: 8, problem: 'picker-lost' })).toMatchObject({ ok: false, code: 'bad_request' });
    await emit(tess, 'control:request', { sessionId, mode: 'page' });
    expect(await emit(customer.socket, 'control:answer', { sessionId, accept: true, epoch: 7 })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await emit(customer.socket, 'control:answer', { sessionId, accept: true, epoch: 9 })).toMatchObject({ ok: true });
    const technicianStops = next<ControlState>(customer.socket, 'control:state');
    expect(await emit(tess, 'control:stop', { sessionId })).toMatchObject({ ok: true });
    expect(await technicianStops).toMatchObject({ change: 'stopped', by: 'technician', control: null });

    const log = (await emit(tess, 'session:open', { sessionId })).view;
    expect(log.control).toBeNull();
  });

  it('the page-control input connection is signaled between the customer and the technician only while control of the page is granted', async () => {
    const { emit } = clients;
    const tess = await clients.technician(tessCookie);
    const tom = await clients.technician(tomCookie);
    const customer = await clients.activeSession(tess, 'Ivy');
    const { sessionId } = customer;
    const candidate = { kind: 'candidate', candidate: { candidate: '' } } as const;
    const offer = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } } as const;

    // Nothing to carry before a grant.
    expect(await emit(customer.socket, 'input:signal', { sessionId, connectionId: 'input00001', signal: offer })).toMatchObject({ ok: false, code: 'conflict' });
    await emit(tess, 'control:request', { sessionId, mode: 'page' });
    expect(await emit(customer.socket, 'input:signal', { sessionId, connectionId: 'input00001', signal: offer })).toMatchObject({ ok: false, code: 'conflict' });
    await emit(customer.socket, 'control:answer', { sessionId, accept: true, epoch: 11 });

    const tessHears = next<{ sessionId: string; connectionId: string; signal: unknown }>(tess, 'input:signal');
    expect(await emit(customer.socket, 'input:signal', { sessionId, connectionId: 'input00001', signal: offer })).toMatchObject({ ok: true });
    expect(await tessHears).toEqual({ sessionId, connectionId: 'input00001', signal: offer });
    const customerHears = next<{ connectionId: string }>(customer.socket, 'input:signal');
    expect(await emit(tess, 'input:signal', { sessionId, connectionId: 'input00001', signal: candidate })).toMatchObject({ ok: true });
    expect(await customerHears).toMatchObject({ sessionId, connectionId: 'input00001', signal: candidate });

    // A collaborator watching has no input connection, and never hears one.
    const tomId = ((await emit(tess, 'collab:targets', {})).technicians as { id: string; name: string }[]).find((p) => p.name === 'tom')!.id;
    await emit(tess, 'collab:invite', { sessionId, technicianId: tomId });
    await emit(tom, 'session:open', { sessionId });
    let tomHeard = false;
    tom.on('input:signal', () => (tomHeard = true));
    expect(await emit(tom, 'input:signal', { sessionId, connectionId: 'input00002', signal: offer })).toMatchObject({ ok: false, code: 'forbidden' });
    const stillTess = next(tess, 'input:signal');
    await emit(customer.socket, 'input:signal', { sessionId, connectionId: 'input00001', signal: candidate });
    await stillTess;
    // A round trip on Tom's own socket: anything sent to him before it has arrived by now.
    await emit(tom, 'session:keep-alive', { sessionId });
    expect(tomHeard).toBe(false);

    // Stopped: the connection's signals stop with it; a desktop grant has the helper's connection instead.
    await emit(customer.socket, 'control:stop', { sessionId });
    expect(await emit(tess, 'input:signal', { sessionId, connectionId: 'input00001', signal: candidate })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await emit(tess, 'control:request', { sessionId, mode: 'desktop' })).toMatchObject({ ok: true });
    expect(await emit(customer.socket, 'control:answer', { sessionId, accept: true, epoch: 12 })).toMatchObject({ ok: true });
    expect(await emit(customer.socket, 'input:signal', { sessionId, connectionId: 'input00003', signal: offer })).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('a group without the right cannot ask; control ends when the session changes hands; the group\'s input priority is told', async () => {
    const { emit } = clients;
    const val = await clients.technician(noControlCookie);
    const other = await clients.activeSession(val, 'Dan');
    expect(await emit(val, 'control:request', { sessionId: other.sessionId, mode: 'page' })).toMatchObject({ ok: false, code: 'forbidden' });

    await clients.postAs(`/api/admin/groups/${root}`, { inputPriority: 'customer' });
    const tess = await clients.technician(tessCookie);
    const tom = await clients.technician(tomCookie);
    const customer = await clients.activeSession(tess, 'Eve');
    const asked = next<{ control: ControlView }>(customer.socket, 'control:requested');
    await emit(tess, 'control:request', { sessionId: customer.sessionId, mode: 'page' });
    expect((await asked).control.priority).toBe('customer');
    await emit(customer.socket, 'control:answer', { sessionId: customer.sessionId, accept: true, epoch: 1 });

    const ended = next<ControlState>(customer.socket, 'control:state');
    const targets = await emit(tess, 'transfer:targets', {});
    const tomId = targets.technicians.find((t: { name: string }) => t.name === 'tom').id;
    await emit(tess, 'session:transfer', { sessionId: customer.sessionId, to: { kind: 'technician', id: tomId }, note: '' });
    expect(await ended).toMatchObject({ change: 'stopped', by: 'system', control: null });
    expect((await emit(tom, 'session:open', { sessionId: customer.sessionId })).view.control).toBeNull();
    await clients.postAs(`/api/admin/groups/${root}`, { inputPriority: null });
  });

  it('with the single prompt, the customer\'s one consent covers control: the request arrives pre-approved', async () => {
    const { emit } = clients;
    const prompt = (await clients.postAs('/api/admin/groups', { name: 'One prompt', parentId: root })).body.group as { id: string };
    await clients.postAs(`/api/admin/groups/${prompt.id}/permissions`, { changes: { singlePrompt: true }, scope: 'group' });
    const una = await clients.technician(await clients.addTechnician('una@example.com', prompt.id));
    const asked = await clients.newCustomer(una, 'Fred');
    const opened = await emit(asked.socket, 'session:open', { sessionId: asked.sessionId });
    expect(opened.view.singlePrompt).toBe(true);
    await emit(asked.socket, 'session:consent', { sessionId: asked.sessionId });
    await emit(una, 'session:open', { sessionId: asked.sessionId });
    const request = next<{ preApproved: boolean }>(asked.socket, 'control:requested');
    await emit(una, 'control:request', { sessionId: asked.sessionId, mode: 'page' });
    expect((await request).preApproved).toBe(true);

    // Without it (the defaults), each right is asked for when it is needed.
    const tess = await clients.technician(tessCookie);
    const plain = await clients.newCustomer(tess, 'Gus');
    expect((await emit(plain.socket, 'session:open', { sessionId: plain.sessionId })).view.singlePrompt).toBe(false);
    await emit(plain.socket, 'session:consent', { sessionId: plain.sessionId });
    await emit(tess, 'session:open', { sessionId: plain.sessionId });
    const plainRequest = next<{ preApproved: boolean }>(plain.socket, 'control:requested');
    await emit(tess, 'control:request', { sessionId: plain.sessionId, mode: 'page' });
    expect((await plainRequest).preApproved).toBe(false);
  });
});
