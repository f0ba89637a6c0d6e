import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { loggedEvents } from '../testing/session-events';
import { TECHNICIAN_PASSWORD, testClients } from '../testing/socket-clients';
import { screenshot } from './support/browser';
import { byId, consent, createSession, endSession, enterCode, openPanelTab, signIn } from './support/flows';
import { useRig } from './support/rig';
import { watchRemoteScreen } from './support/video';

const FAKE_CAPTURE_GREEN: [number, number, number] = [0, 135, 0];
const rig = useRig();

/**
 * Rights that bind on the side to trust: what flows peer to peer (the screen, files) never passes the server,
 * so the customer's page refuses what the technician's group does not allow. The console here still offers
 * everything, as it was loaded before an administrator switched the rights off: it stands for a console that
 * asks for more than it may.
 */
it('switching screen view and sending files off mid-session stops the screen and refuses the file on the customer\'s page', async () => {
  const { server, tech, customer, pageErrors } = rig;
  const admin = testClients(server);
  await admin.setupOwner();
  const group = await admin.firstGroupId();
  await admin.addTechnician('tess@example.com', group);
  await signIn(tech, server.url, { email: 'tess@example.com', password: TECHNICIAN_PASSWORD });
  const { code } = await createSession(tech, 'Rita Rights');
  await enterCode(customer, server.url, code);
  await customer.waitForSelector(byId('consent-screen'));
  // Who asks, as the organisation's owner named it, and the address the page really comes from.
  expect(await customer.$eval(byId('verified-organisation'), (el) => el.textContent)).toContain(`This page comes from ${new URL(server.url).host}, for Acme`);
  expect(await customer.$eval(byId('consent-files'), (el) => el.textContent)).toMatch(/send you files.*receive/);
  await consent(customer);

  await customer.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-route') === 'direct', { timeout: 20_000 }, byId('connection-route'));
  // The short authentication string: the same six digits on both ends of the connection, for the technician
  // to read to the customer.
  const sasOf = async (page: typeof tech) => (await page.waitForSelector(byId('sas-code'), { visible: true, timeout: 10_000 }))!.evaluate((el) => el.getAttribute('data-code'));
  const [customerSas, technicianSas] = await Promise.all([sasOf(customer), sasOf(tech)]);
  expect(customerSas).toMatch(/^\d{6}$/);
  expect(technicianSas).toBe(customerSas);
  expect(await customer.$eval(byId('sas-code'), (el) => el.textContent)).toContain(`${customerSas!.slice(0, 3)} ${customerSas!.slice(3)}`);
  await customer.click(byId('share-screen'));
  await customer.waitForSelector(byId('stop-sharing'), { visible: true });
  expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN)).frames).toBeGreaterThan(10);

  const switched = await admin.postAs(`/api/admin/groups/${group}/permissions`, { changes: { screenView: false, sendFiles: false }, scope: 'group' });
  expect(switched.status).toBe(200);

  // The customer's page stops sharing at once and says why; the technician's screen goes.
  await customer.waitForSelector(byId('share-not-allowed'), { visible: true, timeout: 10_000 });
  expect(await customer.$(byId('stop-sharing'))).toBeNull();
  expect(await customer.$(byId('share-screen'))).toBeNull();
  await tech.waitForFunction((sel) => !document.querySelector(sel), { timeout: 10_000 }, byId('remote-screen'));
  await expect.poll(() => loggedEvents(server, 'screen_share_stopped').length, { timeout: 10_000 }).toBe(1);

  // The console still offers a file: the customer's page refuses it unseen, and the console says why.
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-rights-'));
  try {
    const file = path.join(dir, 'payload.bin');
    const bytes = randomBytes(256 * 1024);
    writeFileSync(file, bytes);
    await ((await tech.$(byId('send-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(file);
    await tech.waitForSelector(`${byId('transfer-row')}[data-direction="outgoing"][data-state="failed"]`, { timeout: 10_000 });
    expect(await customer.$(byId('transfer-row'))).toBeNull();
    expect(await customer.$(byId('customer-file-input'))).not.toBeNull();
    // What the customer may still send (the group may receive files) arrives.
    const reply = path.join(dir, 'reply.bin');
    const replyBytes = randomBytes(64 * 1024);
    writeFileSync(reply, replyBytes);
    await ((await customer.$(byId('customer-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(reply);
    const offered = await tech.waitForSelector(`${byId('transfer-row')}[data-direction="incoming"][data-state="offered"]`, { timeout: 10_000 });
    await openPanelTab(tech, 'files');
    await (await offered!.$(byId('file-offer-accept')))!.click();
    await tech.waitForSelector(`${byId('transfer-row')}[data-direction="incoming"][data-state="done"]`, { timeout: 20_000 });
    expect(await tech.$eval(`${byId('transfer-row')}[data-direction="incoming"]`, (el) => el.getAttribute('data-sha256'))).toBe(createHash('sha256').update(replyBytes).digest('hex'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await screenshot(customer, 'join-rights-off');
  await expect.poll(() => loggedEvents(server, 'file_transferred').length, { timeout: 10_000 }).toBe(2);
  expect(loggedEvents(server, 'file_transferred').every((e) => (e.actor === 'customer') === (e.data.direction === 'outgoing'))).toBe(true);

  // A page loaded now says the same.
  await customer.reload();
  await customer.waitForSelector(byId('share-not-allowed'), { visible: true });

  // After the session, the customer reports abuse from its page: the code they typed is filled in.
  await endSession(tech);
  await customer.waitForSelector(byId('session-ended'));
  const reportAt = await customer.$eval(byId('report-abuse'), (el) => (el as HTMLAnchorElement).href);
  expect(await customer.$eval(byId('report-abuse'), (el) => el.getAttribute('target'))).toBe('_blank');
  await customer.goto(reportAt);
  expect(await customer.$eval(byId('abuse-code'), (el) => (el as HTMLInputElement).value)).toBe(code);
  await customer.type(byId('abuse-text'), 'He asked me for my online banking code.');
  await screenshot(customer, 'report-abuse');
  await customer.click(byId('abuse-submit'));
  const received = await customer.waitForSelector(byId('abuse-received'));
  expect(await received!.evaluate((el) => el.getAttribute('data-matched'))).toBe('true');
  expect(loggedEvents(server, 'abuse_reported')).toEqual([expect.objectContaining({ data: { text: 'He asked me for my online banking code.' } })]);
  expect(await admin.outboxPage()).toContain('online banking code');
  expect(pageErrors).toEqual([]);
});
