import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { next, TECHNICIAN_PASSWORD, testClients } from '../testing/socket-clients';
import { ManualClock, startTestServer, type TestServer } from '../testing/server';

describe('your own account', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 3, 9));
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    clients = testClients(server);
    await clients.setupOwner();
    cookie = await clients.addTechnician('kai@example.com', await clients.firstGroupId());
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  const as = (path: string, body: unknown, who = cookie) => clients.postAs(path, body, who);

  it('changes the password only with the current one, under the policy', async () => {
    expect(await as('/api/account/password', { current: 'wrong password!', next: 'A-new-and-long-one' })).toMatchObject({ status: 401, body: { field: 'current' } });
    expect(await as('/api/account/password', { current: TECHNICIAN_PASSWORD, next: 'short' })).toMatchObject({ status: 400, body: { field: 'next' } });
    const elsewhere = (await clients.post('/api/auth/login', { email: 'kai@example.com', password: TECHNICIAN_PASSWORD }, { origin: server.url })).headers.get('set-cookie')!.split(';')[0];
    expect((await as('/api/account/password', { current: TECHNICIAN_PASSWORD, next: 'A-new-and-long-one' })).status).toBe(200);
    // The other sign-in ended; this one goes on.
    expect((await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie: elsewhere } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie } })).status).toBe(200);
    const login = await clients.post('/api/auth/login', { email: 'kai@example.com', password: 'A-new-and-long-one' }, { origin: server.url });
    expect(login.body).toMatchObject({ ok: true, next: null });
  });

  it('changes the e-mail address once a code sent to the new one comes back', async () => {
    expect(await as('/api/account/email', { email: 'kai.x@example.com', password: 'wrong password!' })).toMatchObject({ status: 401, body: { field: 'password' } });
    expect((await as('/api/account/email', { email: 'owner@example.com', password: 'A-new-and-long-one' })).status).toBe(200);
    const stolen = /Your Lifeline code: (\d{6})/.exec(await clients.outboxPage())![1];
    expect(await as('/api/account/email/confirm', { code: stolen })).toMatchObject({ status: 409, body: { field: 'email' } });

    expect((await as('/api/account/email', { email: 'kai.new@example.com', password: 'A-new-and-long-one' })).status).toBe(200);
    const code = /Your Lifeline code: (\d{6})/.exec(await clients.outboxPage())![1];
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await as('/api/account/email/confirm', { code: wrong })).toMatchObject({ status: 400, body: { code: 'invalid_code' } });
    expect(await as('/api/account/email/confirm', { code })).toMatchObject({ status: 200, body: { email: 'kai.new@example.com' } });
    expect(await clients.outboxPage()).toContain('Your Lifeline e-mail address was changed');
    const login = await clients.post('/api/auth/login', { email: 'kai.new@example.com', password: 'A-new-and-long-one' }, { origin: server.url });
    expect(login.status).toBe(200);
  });

  it('lists sign-ins and ends one elsewhere, cutting its console at once', async () => {
    const other = await clients.post('/api/auth/login', { email: 'kai.new@example.com', password: 'A-new-and-long-one' }, { origin: server.url, 'user-agent': 'Mozilla/5.0 (Other laptop) Chrome' });
    const otherCookie = other.headers.get('set-cookie')!.split(';')[0];
    const console = await clients.technician(otherCookie);
    const page = await (await fetch(`${server.url}/account`, { headers: { cookie } })).text();
    expect(page).toContain('Other laptop');
    const handles = [...page.matchAll(/data-testid="account-sign-in" data-current="(true|false)"/g)].map((m) => m[1]);
    expect(handles).toContain('true');
    expect(handles).toContain('false');

    // The handle of the other sign-in, as the page's button would send it.
    const listed = await (await fetch(`${server.url}/account`, { headers: { cookie: otherCookie } })).text();
    expect(listed).toContain('this browser');
    const { authSessions } = await import('../web/server/context').then((m) => m.lifeline());
    const mine = await authSessions.listForUser((await authSessions.validate(otherCookie.split('=')[1])).user!.id);
    const target = mine.find((s) => s.userAgent.includes('Other laptop'))!;
    const dropped = next(console, 'disconnect');
    expect((await as('/api/account/sign-ins/end', { handle: target.id.slice(0, 16) })).status).toBe(200);
    await dropped;
    expect((await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie: otherCookie } })).status).toBe(401);
  });

  it('an administrator resets a locked-out person: a temporary password to change at sign-in, a fresh second factor', async () => {
    const people = (await (await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie: clients.cookie() } })).json()) as { people: { id: string; email: string }[] };
    const kai = people.people.find((p) => p.email === 'kai.new@example.com')!;
    const reset = await clients.postAs(`/api/admin/people/${kai.id}/reset-password`, {});
    expect(reset.status).toBe(200);
    const temporary = reset.body.temporaryPassword as string;
    expect(temporary).toMatch(/^[A-Za-z0-9]{20}$/);
    // Kai's sign-ins ended; the temporary password leads to choosing a new one.
    expect((await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie } })).status).toBe(401);
    const login = await clients.post('/api/auth/login', { email: 'kai.new@example.com', password: temporary }, { origin: server.url });
    expect(login.body).toMatchObject({ next: { kind: 'password_change', reason: 'reset' } });
    const changed = await clients.post('/api/auth/new-password', { challenge: (login.body.next as { challenge: string }).challenge, password: 'A-new-and-long-one' }, { origin: server.url });
    expect(changed.status).toBe(200);
    cookie = changed.headers.get('set-cookie')!.split(';')[0];
    // Nobody resets their own this way, and a technician resets nobody.
    const owner = people.people.find((p) => p.email === 'owner@example.com')!;
    expect((await clients.postAs(`/api/admin/people/${owner.id}/reset-password`, {})).status).toBe(400);
    expect((await as(`/api/admin/people/${owner.id}/reset-password`, {})).status).toBe(403);
    expect((await clients.postAs(`/api/admin/people/${kai.id}/reset-two-factor`, {})).status).toBe(200);
    // That ended Kai's sign-ins again.
    expect((await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie } })).status).toBe(401);
    const again = await clients.post('/api/auth/login', { email: 'kai.new@example.com', password: 'A-new-and-long-one' }, { origin: server.url });
    cookie = again.headers.get('set-cookie')!.split(';')[0];
  });

  it('turns two-step verification on with a code from the new authenticator, and off again when not required', async () => {
    const started = await as('/api/account/two-factor/start', {});
    const secret = started.body.secret as string;
    expect(started.body.qrSvg).toContain('<svg');
    const password = 'A-new-and-long-one';
    expect((await as('/api/account/two-factor/confirm', { secret, code: '000000', password })).status).toBe(400);
    const totp = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now() });
    expect((await as('/api/account/two-factor/confirm', { secret, code: totp, password: 'wrong password!' })).status).toBe(401);
    const on = await as('/api/account/two-factor/confirm', { secret, code: totp, password });
    expect(on.status).toBe(200);
    expect(on.body.recoveryCodes).toHaveLength(10);
    const login = await clients.post('/api/auth/login', { email: 'kai.new@example.com', password: 'A-new-and-long-one' }, { origin: server.url });
    expect(login.body).toMatchObject({ next: { kind: 'second_factor' } });
    expect((await as('/api/account/two-factor/disable', {})).status).toBe(400);
    expect((await as('/api/account/two-factor/disable', { password })).status).toBe(200);
    const again = await clients.post('/api/auth/login', { email: 'kai.new@example.com', password: 'A-new-and-long-one' }, { origin: server.url });
    expect(again.body).toMatchObject({ next: null });
  });

  it('bounds wrong current passwords per person, logs each, and logs new recovery codes', async () => {
    const gus = await clients.addTechnician('gus@example.com', await clients.firstGroupId());
    const wrong = 'not my password!';
    // Whoever holds Gus's cookie guesses through every form that asks for the current password.
    const guesses = [
      ['/api/account/password', { current: wrong, next: 'A-new-and-long-one' }],
      ['/api/account/email', { email: 'gus.x@example.com', password: wrong }],
      ['/api/account/two-factor/recovery-codes', { password: wrong }],
      ['/api/account/two-factor/disable', { password: wrong }],
      ['/api/account/password', { current: wrong, next: 'A-new-and-long-one' }],
    ] as const;
    for (const [path, body] of guesses) expect((await as(path, body, gus)).status).toBe(401);
    // The sixth waits, even with the right password.
    const held = await as('/api/account/email', { email: 'gus.x@example.com', password: TECHNICIAN_PASSWORD }, gus);
    expect(held).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    expect(held.body.retryAfterMs).toBeGreaterThan(0);
    // Kai, whose cookie nobody stole, is not held up by it.
    expect((await as('/api/account/email', { email: 'kai.other@example.com', password: 'A-new-and-long-one' })).status).toBe(200);

    const audit = await (await fetch(`${server.url}/api/admin/audit.csv`, { headers: { cookie: clients.cookie() } })).text();
    const failures = audit.split('\n').filter((line) => line.includes('password.reconfirm_failed') && line.includes('gus@example.com'));
    expect(failures).toHaveLength(5);
    for (const purpose of ['password_change', 'email_change', 'recovery_codes', 'two_factor_off']) expect(failures.some((line) => line.includes(purpose))).toBe(true);
    // Failed re-confirmations mail the master administrators like failed sign-ins.
    expect(await clients.outboxPage()).toContain('password.reconfirm_failed');

    clock.advance(15 * 60 * 1000);
    const started = await as('/api/account/two-factor/start', {}, gus);
    const secret = started.body.secret as string;
    const totp = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now() });
    expect((await as('/api/account/two-factor/confirm', { secret, code: totp, password: TECHNICIAN_PASSWORD }, gus)).status).toBe(200);
    expect((await as('/api/account/two-factor/recovery-codes', { password: TECHNICIAN_PASSWORD }, gus)).status).toBe(200);
    const after = await (await fetch(`${server.url}/api/admin/audit.csv`, { headers: { cookie: clients.cookie() } })).text();
    expect(after.split('\n').filter((line) => line.includes('two_factor.recovery_codes_renewed') && line.includes('gus@example.com'))).toHaveLength(1);
  });
});
