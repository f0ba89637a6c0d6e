import { describe, expect, it } from 'vitest';
import { useServerWithOwner } from '../testing/owner-server';
import { loggedEvents } from '../testing/session-events';
import { ABUSE_MAILS_PER_HOUR, ABUSE_REPORTS_PER_HOUR } from '../core/support/abuse-reports';
import { OWNER } from '../testing/socket-clients';

/**
 * "Report abuse" on a real server: a customer names their session by the code they typed (or from its page by
 * its id), also after it ended; the report reaches the activity log, the session's log and every master
 * administrator's mail. Codes nobody used are never matched, so the form tells nothing of live codes.
 */
describe('abuse reports', () => {
  // The test speaks for several addresses, as a proxy on loopback would.
  const rig = useServerWithOwner({ env: { TRUST_PROXY: 'true' } });
  let address = 0;
  /** Each report from an address of its own, unless the test is about one address. */
  const report = (body: unknown, from = `198.51.100.${++address}`) => rig.clients.post('/api/abuse-reports', body, { 'x-forwarded-for': from });

  it('by the code of a session that ended: the activity log, the session\'s log and the owner\'s mail have it', async () => {
    const tech = await rig.clients.technician(rig.clients.cookie());
    const created = await rig.clients.emit(tech, 'session:create', { customerName: 'Vera Victim' });
    const code = created.session.code as string;
    const joined = await rig.clients.post('/api/join', { code }, { 'x-forwarded-for': '203.0.113.40' });
    expect(joined.status).toBe(200);
    await rig.clients.emit(tech, 'session:end', { sessionId: created.session.id });

    const sent = await report({ code: `${code.slice(0, 3)} ${code.slice(3)}`, text: 'He asked for my bank card number to "verify" me.' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ ok: true, matched: true });

    expect(loggedEvents(rig.server, 'abuse_reported')).toEqual([expect.objectContaining({ sessionId: created.session.id, actor: 'customer', data: { text: 'He asked for my bank card number to "verify" me.' } })]);
    const audit = await (await fetch(`${rig.server.url}/api/admin/audit.csv`, { headers: { cookie: rig.clients.cookie() } })).text();
    expect(audit).toContain('abuse.reported');
    expect(audit).toContain('Vera Victim');
    const outbox = await rig.clients.outboxPage();
    expect(outbox).toContain(OWNER.email);
    expect(outbox).toContain('a customer reported abuse');
    expect(outbox).toContain('bank card number');
  });

  it('from the session\'s page by its id, for a link or a channel (no code)', async () => {
    const tech = await rig.clients.technician(rig.clients.cookie());
    const { sessionId } = await rig.clients.newCustomer(tech, 'Lena Link');
    const sent = await report({ sessionId, code: '', text: 'Rude.' });
    expect(sent.body).toMatchObject({ ok: true, matched: true });
    expect(loggedEvents(rig.server, 'abuse_reported').some((e) => e.sessionId === sessionId)).toBe(true);
  });

  it('never matches a code nobody used yet, nor a session nobody joined: the form is no oracle for live codes', async () => {
    const tech = await rig.clients.technician(rig.clients.cookie());
    const live = await rig.clients.emit(tech, 'session:create', { customerName: 'Not yet' });
    expect((await report({ code: live.session.code, text: 'guessing' })).body).toMatchObject({ ok: true, matched: false });
    expect((await report({ sessionId: live.session.id, text: 'guessing' })).body).toMatchObject({ ok: true, matched: false });
    // The code still joins: a report does not spend or reveal it.
    expect((await rig.clients.post('/api/join', { code: live.session.code }, { 'x-forwarded-for': '203.0.113.41' })).status).toBe(200);
    // A session ended before anyone joined it names nothing a customer was in either.
    const unjoined = await rig.clients.emit(tech, 'session:create', { customerName: 'Never came' });
    await rig.clients.emit(tech, 'session:end', { sessionId: unjoined.session.id });
    expect((await report({ code: unjoined.session.code, text: 'guessing' })).body).toMatchObject({ ok: true, matched: false });
  });

  it('refuses malformed reports with a coded error next to the field, and bounds reports per address', async () => {
    expect(await report({ code: '12345', text: 'x' })).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'code' } });
    expect(await report({ text: '' })).toMatchObject({ status: 400, body: { code: 'bad_request', field: 'text' } });
    expect(await report({ text: 'x'.repeat(4001) })).toMatchObject({ status: 400, body: { field: 'text' } });
    expect(await report({ sessionId: '../../etc', text: 'x' })).toMatchObject({ status: 400, body: { field: 'sessionId' } });
    const one = '192.0.2.77';
    for (let i = 0; i < ABUSE_REPORTS_PER_HOUR; i++) expect((await report({ text: `report ${i}` }, one)).status).toBe(201);
    const refused = await report({ text: 'one more' }, one);
    expect(refused).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    // Another address is not held up by it.
    expect((await report({ text: 'mine' })).status).toBe(201);
  });

  it('serves the report page with the code and session from the link, and drops anything else', async () => {
    const page = await (await fetch(`${rig.server.url}/report?code=12a34-56&session=${'a'.repeat(24)}&x=<script>`)).text();
    expect(page).toContain('data-testid="abuse-code"');
    expect(page).toContain('value="123456"');
    expect(page).toContain(`"sessionId":"${'a'.repeat(24)}"`);
    expect(page).not.toContain('<script>"');
    const bad = await (await fetch(`${rig.server.url}/report?session=..%2F..`)).text();
    expect(bad).toContain('"sessionId":null');
  });
});

describe('abuse report mail', () => {
  const rig = useServerWithOwner({ env: { TRUST_PROXY: 'true' } });

  it('reaches the master administrators at most ABUSE_MAILS_PER_HOUR times an hour, however many addresses report', async () => {
    for (let i = 0; i < ABUSE_MAILS_PER_HOUR + 5; i++) {
      expect((await rig.clients.post('/api/abuse-reports', { text: `flood ${i}` }, { 'x-forwarded-for': `2001:db8:${i.toString(16)}::1` })).status).toBe(201);
    }
    const outbox = await rig.clients.outboxPage();
    expect(new Set(outbox.match(/flood \d+/g))).toHaveProperty('size', ABUSE_MAILS_PER_HOUR);
    // Every report is in the activity log all the same.
    const audit = await (await fetch(`${rig.server.url}/api/admin/audit.csv`, { headers: { cookie: rig.clients.cookie() } })).text();
    expect(audit.match(/abuse\.reported/g)).toHaveLength(ABUSE_MAILS_PER_HOUR + 5);
  });
});
