import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { next, testClients } from '../testing/socket-clients';
import { startTestServer, type TestServer } from '../testing/server';
import { startMailSink } from './testing-smtp';

type Snapshot = { groups: { id: string; name: string }[]; people: { id: string; email: string; groupId: string | null }[] };

async function organisation(server: TestServer, cookie: string): Promise<Snapshot> {
  const response = await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie } });
  return (await response.json()) as Snapshot;
}

describe('invitations over real SMTP, and rights that bind', () => {
  let mail: Awaited<ReturnType<typeof startMailSink>>;
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;

  beforeAll(async () => {
    mail = await startMailSink();
    server = await startTestServer({ env: { SMTP_URL: mail.url, MAIL_FROM: 'Lifeline <support@acme.test>' } });
    clients = testClients(server);
    await clients.setupOwner();
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await server.close();
    await mail.close();
  });

  it('an invitation arrives by SMTP, its link completes the sign-up once, and the newcomer lands in the group', async () => {
    const { groups } = await organisation(server, clients.cookie());
    expect(groups.map((g) => g.name)).toEqual(['Technicians']);
    const technicians = groups[0].id;

    const invited = await clients.postAs('/api/admin/invitations', { email: 'nia@example.com', groupId: technicians });
    expect(invited.status).toBe(201);
    const received = await mail.mailTo('nia@example.com');
    expect(received.text).toContain('From: Lifeline <support@acme.test>');
    expect(received.text).toContain('Subject: Olivia Owner invited you to Acme on Lifeline');
    const link = /(http:\/\/[^\s]+\/signup\/[a-z0-9]+)/.exec(received.text)![1];
    expect(link.startsWith(server.url)).toBe(true);

    const page = await (await fetch(link)).text();
    expect(page).toContain('data-testid="signup-name"');
    expect(page).toContain('nia@example.com');

    const token = link.split('/').pop();
    const weak = await clients.post('/api/signup', { token, name: 'Nia', password: 'short' }, { origin: server.url });
    expect(weak).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'password' } });
    const signup = await clients.post('/api/signup', { token, name: 'Nia Tech', password: 'long enough password' }, { origin: server.url });
    expect(signup.status).toBe(201);
    const again = await clients.post('/api/signup', { token, name: 'Nia Again', password: 'long enough password' }, { origin: server.url });
    expect(again).toMatchObject({ status: 400, body: { code: 'invalid_code' } });
    expect(await (await fetch(link)).text()).toContain('This link does not work any more');

    const nia = (await organisation(server, clients.cookie())).people.find((p) => p.email === 'nia@example.com');
    expect(nia).toMatchObject({ groupId: technicians });
    const login = await clients.post('/api/auth/login', { email: 'nia@example.com', password: 'long enough password' }, { origin: server.url });
    expect(login.status).toBe(200);
  });

  it('the link is handed back once to copy; a resend mails a new one and kills the old; a revoke kills it', async () => {
    const { groups } = await organisation(server, clients.cookie());
    const invited = await clients.postAs('/api/admin/invitations', { email: 'ola@example.com', groupId: groups[0].id });
    expect(invited.status).toBe(201);
    const first = invited.body.link as string;
    // The copy is the mailed link itself (the way to invite without SMTP).
    expect((await mail.mailTo('ola@example.com')).text).toContain(first);
    const id = (invited.body.invitation as { id: string }).id;

    const resent = await clients.postAs(`/api/admin/invitations/${id}/resend`, {});
    expect(resent.status).toBe(200);
    const second = resent.body.link as string;
    expect(second).toMatch(/\/signup\/[a-z0-9]+$/);
    expect(second).not.toBe(first);
    // The second mail carries the new link.
    for (const deadline = Date.now() + 10_000; !mail.received.some((m) => m.to.includes('ola@example.com') && m.text.includes(second));) {
      if (Date.now() > deadline) throw new Error('the resent link was never mailed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await (await fetch(first)).text()).toContain('This link does not work any more');
    expect(await (await fetch(second)).text()).toContain('data-testid="signup-name"');

    expect((await clients.postAs(`/api/admin/invitations/${id}/revoke`, {})).status).toBe(200);
    expect(await (await fetch(second)).text()).toContain('This link does not work any more');
    expect(await clients.postAs(`/api/admin/invitations/${id}/resend`, {})).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await clients.postAs(`/api/admin/invitations/${id}/revoke`, {})).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await clients.postAs('/api/admin/invitations/nope/revoke', {})).toMatchObject({ status: 404 });
  });

  it('a group without "start private sessions" cannot create a session, and the server says why', async () => {
    const { groups } = await organisation(server, clients.cookie());
    const made = await clients.postAs('/api/admin/groups', { name: 'Observers', parentId: groups[0].id });
    expect(made.status).toBe(201);
    const observers = (made.body.group as { id: string }).id;
    const tomCookie = await clients.addTechnician('tom@example.com', observers, async (email) => (await mail.mailTo(email)).text);
    const tom = await clients.technician(tomCookie);
    expect(await clients.emit(tom, 'session:create', { customerName: 'Ann' })).toMatchObject({ ok: true });

    const saved = await clients.postAs(`/api/admin/groups/${observers}/permissions`, { changes: { privateSessions: false }, scope: 'group' });
    expect(saved.status).toBe(200);
    // Applies at the next action, on the socket already open.
    expect(await clients.emit(tom, 'session:create', { customerName: 'Ann' })).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('Start private sessions') });

    // The parent still allows it; clearing the override makes Observers inherit again.
    await clients.postAs(`/api/admin/groups/${observers}/permissions`, { changes: { privateSessions: null }, scope: 'group' });
    expect(await clients.emit(tom, 'session:create', { customerName: 'Ann' })).toMatchObject({ ok: true });
  });

  it('technicians and strangers cannot change the organisation; bad input gets a 400 that names the field', async () => {
    const { groups } = await organisation(server, clients.cookie());
    const samCookie = await clients.addTechnician('sam@example.com', groups[0].id, async (email) => (await mail.mailTo(email)).text);
    expect((await clients.postAs('/api/admin/groups', { name: 'Mine', parentId: groups[0].id }, samCookie)).status).toBe(403);
    expect((await clients.postAs('/api/admin/invitations', { email: 'friend@example.com', groupId: groups[0].id }, samCookie)).status).toBe(403);
    expect((await clients.postAs(`/api/admin/groups/${groups[0].id}/permissions`, { changes: { reboot: true }, scope: 'group' }, samCookie)).status).toBe(403);
    expect((await organisation(server, samCookie)).groups).toEqual([]);
    expect((await clients.post('/api/admin/groups', { name: 'X', parentId: null }, { origin: server.url })).status).toBe(401);
    const cross = await clients.post('/api/admin/groups', { name: 'X', parentId: null }, { cookie: clients.cookie(), origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const bad = await clients.postAs('/api/admin/invitations', { email: 'not an address', groupId: groups[0].id });
    expect(bad).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'email' } });
    const unknownRight = await clients.postAs(`/api/admin/groups/${groups[0].id}/permissions`, { changes: { launchMissiles: true }, scope: 'group' });
    expect(unknownRight.status).toBe(400);
  });

  it('disabling a person ends their console at once and refuses their sign-in', async () => {
    const { groups } = await organisation(server, clients.cookie());
    const zoeCookie = await clients.addTechnician('zoe@example.com', groups[0].id, async (email) => (await mail.mailTo(email)).text);
    const zoe = await clients.technician(zoeCookie);
    const zoeId = (await organisation(server, clients.cookie())).people.find((p) => p.email === 'zoe@example.com')!.id;
    const dropped = next(zoe, 'disconnect');
    expect((await clients.postAs(`/api/admin/people/${zoeId}`, { enabled: false })).status).toBe(200);
    await dropped;
    await expect(clients.technician(zoeCookie)).rejects.toThrow();
    const login = await clients.post('/api/auth/login', { email: 'zoe@example.com', password: 'long enough password' }, { origin: server.url });
    expect(login).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });
});

describe('without SMTP, mail waits in the outbox', () => {
  it('only master administrators read it, with its links', async () => {
    const server = await startTestServer();
    const clients = testClients(server);
    try {
      await clients.setupOwner();
      const { groups } = await organisation(server, clients.cookie());
      const kimCookie = await clients.addTechnician('kim@example.com', groups[0].id);
      const page = await clients.outboxPage();
      expect(page).toContain('data-testid="outbox"');
      expect(page).toMatch(/<a href="http:\/\/127\.0\.0\.1:\d+\/signup\/[a-z0-9]+">/);
      const asKim = await (await fetch(`${server.url}/admin/outbox`, { headers: { cookie: kimCookie } })).text();
      expect(asKim).not.toContain('data-testid="outbox"');
      expect(asKim).toContain('Only master administrators read the outbox.');
    } finally {
      clients.closeAll();
      await server.close();
    }
  });
});
