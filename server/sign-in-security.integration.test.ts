import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TECHNICIAN_PASSWORD, testClients } from '../testing/socket-clients';
import { ManualClock, startTestServer, type TestServer } from '../testing/server';

const DAY = 24 * 60 * 60 * 1000;

describe('sign-in security: two-step verification, address rules, password policy', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 2, 9));
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  let technicians: string;

  beforeAll(async () => {
    // TRUST_PROXY: the tests say where they come from with X-Forwarded-For, as a reverse proxy would.
    server = await startTestServer({ clock, env: { TRUST_PROXY: 'true' } });
    clients = testClients(server);
    await clients.setupOwner();
    technicians = await clients.firstGroupId();
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  const login = (email: string, password: string, from = '198.51.100.20') =>
    clients.post('/api/auth/login', { email, password }, { origin: server.url, 'x-forwarded-for': from });
  const code = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now() });
  const cookieOf = (response: { headers: Headers }) => response.headers.get('set-cookie')?.split(';')[0] ?? null;

  it('a group that requires two-step verification enrols at sign-in, then asks for a code; recovery codes work once', async () => {
    await clients.addTechnician('tia@example.com', technicians);
    expect((await clients.postAs(`/api/admin/groups/${technicians}/security`, { requireTwoFactor: true })).status).toBe(200);

    // First sign-in: set up the authenticator with the key shown (and a QR code of the same URI).
    const first = await login('tia@example.com', TECHNICIAN_PASSWORD);
    expect(first.body).toMatchObject({ ok: true, next: { kind: 'enroll' } });
    expect(cookieOf(first)).toBeNull();
    const next = first.body.next as { challenge: string; secret: string; uri: string; qrSvg: string };
    expect(next.uri).toContain('otpauth://totp/');
    expect(next.qrSvg).toContain('<svg');
    // A challenge works only for its own step: no e-mailed code instead of the authenticator, no new password.
    expect((await clients.post('/api/auth/email-code', { challenge: next.challenge }, { origin: server.url })).status).toBe(409);
    expect((await clients.post('/api/auth/second-factor', { challenge: next.challenge, method: 'email', code: '123456' }, { origin: server.url })).status).toBe(409);
    expect((await clients.post('/api/auth/new-password', { challenge: next.challenge, password: 'Some-Other-Password-1' }, { origin: server.url })).status).toBe(409);
    const wrong = await clients.post('/api/auth/enroll', { challenge: next.challenge, code: '000000' }, { origin: server.url });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'invalid_code' } });
    const enrolled = await clients.post('/api/auth/enroll', { challenge: next.challenge, code: code(next.secret) }, { origin: server.url });
    expect(enrolled.status).toBe(200);
    const recoveryCodes = enrolled.body.recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    expect(cookieOf(enrolled)).not.toBeNull();
    expect((await clients.technician(cookieOf(enrolled)!)).connected).toBe(true);

    // Next time: a code from the authenticator. The one just used cannot be replayed.
    clock.advance(30_000);
    const again = await login('tia@example.com', TECHNICIAN_PASSWORD);
    expect(again.body).toMatchObject({ next: { kind: 'second_factor', methods: ['totp', 'recovery', 'email'] } });
    const challenge = (again.body.next as { challenge: string }).challenge;
    expect((await clients.post('/api/auth/new-password', { challenge, password: 'Some-Other-Password-1' }, { origin: server.url })).status).toBe(409);
    expect((await clients.post('/api/auth/enroll', { challenge, code: '123456' }, { origin: server.url })).status).toBe(409);
    const totp = code(next.secret);
    const signedIn = await clients.post('/api/auth/second-factor', { challenge, method: 'totp', code: totp }, { origin: server.url });
    expect(signedIn.status).toBe(200);
    expect(cookieOf(signedIn)).not.toBeNull();
    const replay = await login('tia@example.com', TECHNICIAN_PASSWORD);
    const replayed = await clients.post('/api/auth/second-factor', { challenge: (replay.body.next as { challenge: string }).challenge, method: 'totp', code: totp }, { origin: server.url });
    expect(replayed).toMatchObject({ status: 400, body: { code: 'invalid_code' } });

    // A recovery code signs in once.
    const third = await login('tia@example.com', TECHNICIAN_PASSWORD);
    const thirdChallenge = (third.body.next as { challenge: string }).challenge;
    expect((await clients.post('/api/auth/second-factor', { challenge: thirdChallenge, method: 'recovery', code: recoveryCodes[0].toUpperCase() }, { origin: server.url })).status).toBe(200);
    const fourth = await login('tia@example.com', TECHNICIAN_PASSWORD);
    const reused = await clients.post('/api/auth/second-factor', { challenge: (fourth.body.next as { challenge: string }).challenge, method: 'recovery', code: recoveryCodes[0] }, { origin: server.url });
    expect(reused.status).toBe(400);

    // Five wrong codes end the attempt.
    const fifth = await login('tia@example.com', TECHNICIAN_PASSWORD);
    const fifthChallenge = (fifth.body.next as { challenge: string }).challenge;
    for (let i = 0; i < 4; i++) expect((await clients.post('/api/auth/second-factor', { challenge: fifthChallenge, method: 'totp', code: '123456' }, { origin: server.url })).status).toBe(400);
    expect((await clients.post('/api/auth/second-factor', { challenge: fifthChallenge, method: 'totp', code: '123456' }, { origin: server.url })).status).toBe(429);
    expect((await clients.post('/api/auth/second-factor', { challenge: fifthChallenge, method: 'totp', code: code(next.secret) }, { origin: server.url })).status).toBe(401);

    // A new challenge does not buy new guesses: wrong codes count per person across challenges.
    const more = await login('tia@example.com', TECHNICIAN_PASSWORD);
    const moreChallenge = (more.body.next as { challenge: string }).challenge;
    // A spent recovery code and the five above count: the tenth wrong code in the window stops it, here the fourth.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await clients.post('/api/auth/second-factor', { challenge: moreChallenge, method: 'totp', code: '123456' }, { origin: server.url })).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect((await login('tia@example.com', TECHNICIAN_PASSWORD)).status).toBe(429);
    clock.advance(16 * 60_000);

    // An e-mailed code works too.
    const sixth = await login('tia@example.com', TECHNICIAN_PASSWORD);
    const sixthChallenge = (sixth.body.next as { challenge: string }).challenge;
    expect((await clients.post('/api/auth/email-code', { challenge: sixthChallenge }, { origin: server.url })).status).toBe(200);
    const mailed = /sign-in code: (\d{6})/.exec(await clients.outboxPage())![1];
    expect((await clients.post('/api/auth/second-factor', { challenge: sixthChallenge, method: 'email', code: mailed }, { origin: server.url })).status).toBe(200);

    // The audit log records the enrolment and each sign-in with its factor.
    const audit = await (await fetch(`${server.url}/admin/audit`, { headers: { cookie: clients.cookie() } })).text();
    expect(audit).toContain('data-action="two_factor.enrolled"');
    expect(audit).toContain('data-action="sign_in.failed"');
    await clients.postAs(`/api/admin/groups/${technicians}/security`, { requireTwoFactor: false });
  });

  it('a stranger who knows an e-mail cannot lock its owner out: their guesses slow them down, the owner signs in from elsewhere', async () => {
    await clients.addTechnician('oona@example.com', technicians);
    const guesses = [];
    for (let i = 0; i < 6; i++) guesses.push((await login('oona@example.com', `guess number ${i}`, '203.0.113.66')).status);
    expect(guesses[0]).toBe(401);
    expect(guesses.slice(1)).toContain(429);
    const owner = await login('oona@example.com', TECHNICIAN_PASSWORD, '198.51.100.31');
    expect(owner.status, JSON.stringify(owner.body)).toBe(200);
  });

  it('address rules deny signing in, and using the console, from outside the allowed ranges (IPv4 and IPv6)', async () => {
    const made = await clients.postAs('/api/admin/groups', { name: 'Office only', parentId: technicians });
    const office = (made.body.group as { id: string }).id;
    const uliCookie = await clients.addTechnician('uli@example.com', office);
    const ranges = ['10.20.0.0/16', '2001:db8:1::/48'];
    expect((await clients.postAs(`/api/admin/groups/${office}/security`, { ipRules: { mode: 'deny_all_except', ranges } })).status).toBe(200);
    const bad = await clients.postAs(`/api/admin/groups/${office}/security`, { ipRules: { mode: 'deny_all_except', ranges: ['10.20.0.0/33'] } });
    expect(bad.status).toBe(400);

    const outside = await login('uli@example.com', TECHNICIAN_PASSWORD, '203.0.113.50');
    expect(outside).toMatchObject({ status: 403, body: { code: 'forbidden', message: expect.stringContaining('203.0.113.50') } });
    expect((await login('uli@example.com', TECHNICIAN_PASSWORD, '10.20.3.4')).status).toBe(200);
    expect((await login('uli@example.com', TECHNICIAN_PASSWORD, '2001:db8:1:ff::7')).status).toBe(200);
    expect((await login('uli@example.com', TECHNICIAN_PASSWORD, '2001:db8:2::7')).status).toBe(403);
    // A wrong password from outside is just a wrong password: the rules are not revealed to a guesser.
    expect((await login('uli@example.com', 'not the password', '203.0.113.50')).status).toBe(401);
    clock.advance(60_000); // past the account's back-off after that failure

    // The sign-in from before the rule cannot use the console from outside either.
    const fromOutside = await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie: uliCookie, 'x-forwarded-for': '203.0.113.50' } });
    expect(fromOutside.status).toBe(403);
    await expect(clients.connect({ role: 'technician', protocolVersion: 1 }, { cookie: uliCookie, 'x-forwarded-for': '203.0.113.50' })).rejects.toThrow(/address/);
    expect((await clients.connect({ role: 'technician', protocolVersion: 1 }, { cookie: uliCookie, 'x-forwarded-for': '10.20.9.9' })).connected).toBe(true);
    // "Allow all except": the listed range is the one refused.
    await clients.postAs(`/api/admin/groups/${office}/security`, { ipRules: { mode: 'allow_all_except', ranges: ['203.0.113.0/24'] } });
    expect((await login('uli@example.com', TECHNICIAN_PASSWORD, '203.0.113.50')).status).toBe(403);
    expect((await login('uli@example.com', TECHNICIAN_PASSWORD, '198.51.100.1')).status).toBe(200);
  });

  it('security e-mails reach master administrators for the kinds switched on', async () => {
    const all = { signInSucceeded: true, signInFailed: true, contactChanged: false, passwordChanged: false, adminAdded: false, technicianAdded: false, technicianChanged: false };
    expect((await clients.postAs('/api/admin/settings/security-mail', all)).status).toBe(200);
    await clients.addTechnician('wes@example.com', technicians);
    expect((await login('wes@example.com', 'not it at all')).status).toBe(401);
    // Made-up addresses fail too, and mail nobody.
    for (let i = 0; i < 3; i++) expect((await login(`nobody${i}@example.com`, 'not it at all', `198.51.100.${40 + i}`)).status).toBe(401);
    clock.advance(60_000);
    expect((await login('wes@example.com', TECHNICIAN_PASSWORD)).status).toBe(200);
    const outbox = await clients.outboxPage();
    expect(outbox).toContain('Lifeline security: a sign-in failed (wes@example.com)');
    expect(outbox).toContain('Lifeline security: someone signed in (wes@example.com)');
    expect(outbox).toMatch(/To (<!-- -->)?owner@example\.com[\s\S]*Lifeline security/);
    expect(outbox).not.toContain('nobody0@example.com');
    await clients.postAs('/api/admin/settings/security-mail', { ...all, signInSucceeded: false });
    const before = (outbox.match(/someone signed in \(wes@example\.com\)/g) ?? []).length;
    clock.advance(60_000);
    await login('wes@example.com', TECHNICIAN_PASSWORD);
    expect(((await clients.outboxPage()).match(/someone signed in \(wes@example\.com\)/g) ?? []).length).toBe(before);
  });

  it('the password policy refuses weak passwords with the reason, and an expired password is changed at sign-in', async () => {
    const policy = { minLength: 14, strength: 'excellent', maxAgeDays: 2, warnDays: 1 };
    expect((await clients.postAs('/api/admin/settings/password-policy', policy)).status).toBe(200);
    await clients.postAs('/api/admin/invitations', { email: 'val@example.com', groupId: technicians });
    const token = /\/signup\/([a-z0-9]+)/.exec(await clients.outboxPage())![1];
    const weak = await clients.post('/api/signup', { token, name: 'Val', password: 'aaaaaaaaaaaaaaaaa' }, { origin: server.url });
    expect(weak).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'password' } });
    expect(weak.body.message).toContain('Mix all four kinds of characters');
    expect(weak.body.message).toContain('three times in a row');
    const short = await clients.post('/api/signup', { token, name: 'Val', password: 'Ab1!Ab1!' }, { origin: server.url });
    expect(short.body.message).toContain('at least 14 characters');
    const strong = 'Correct-Horse-7-Battery';
    expect((await clients.post('/api/signup', { token, name: 'Val', password: strong }, { origin: server.url })).status).toBe(201);

    clock.advance(3 * DAY);
    const expired = await login('val@example.com', strong);
    expect(expired.body).toMatchObject({ next: { kind: 'password_change', reason: 'expired' } });
    expect(cookieOf(expired)).toBeNull();
    const challenge = (expired.body.next as { challenge: string }).challenge;
    const refused = await clients.post('/api/auth/new-password', { challenge, password: 'short' }, { origin: server.url });
    expect(refused).toMatchObject({ status: 400, body: { field: 'password' } });
    const changed = await clients.post('/api/auth/new-password', { challenge, password: 'Another-Strong-8-Phrase' }, { origin: server.url });
    expect(changed.status).toBe(200);
    expect(cookieOf(changed)).not.toBeNull();
    expect((await login('val@example.com', 'Another-Strong-8-Phrase')).body).toMatchObject({ ok: true, next: null });

    // Only a master administrator sets the policy, and a nonsense policy is refused.
    const valCookie = cookieOf(changed)!;
    expect((await clients.postAs('/api/admin/settings/password-policy', policy, valCookie)).status).toBe(403);
    expect((await clients.postAs('/api/admin/settings/password-policy', { ...policy, minLength: 3 })).status).toBe(400);
    await clients.postAs('/api/admin/settings/password-policy', { minLength: 12, strength: 'good', maxAgeDays: null, warnDays: 14 });
  });
});
