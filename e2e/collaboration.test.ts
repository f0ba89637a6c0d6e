import { expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, consent, createSession, enterCode, openPanelTab, sendChat, waitForChat } from './support/flows';
import { useRig } from './support/rig';
import { twoTechnicians } from './support/team';
import { watchRemoteScreen } from './support/video';

// Tess works the session, Tom is invited to watch, the customer shares: a second peer connection from her page.
const rig = useRig({ customers: 2 });
const FAKE_CAPTURE_GREEN: [number, number, number] = [0, 135, 0];

it('a second technician invited to a live session receives the screen and the chat, and the customer sees who watches', async () => {
  const { server, tech: tess, pageErrors } = rig;
  const [tom, customer] = rig.customers;
  await twoTechnicians(server, tess, tom);

  const { code } = await createSession(tess, 'Dana Customer');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await sendChat(customer, 'The invoice export crashes.');
  await waitForChat(tess, 'The invoice export crashes.');

  // Tess invites Tom.
  await openPanelTab(tess, 'details');
  await tess.click(byId('collab-open'));
  await tess.waitForSelector(`${byId('collab-target')} option[value]:not([value=""])`);
  const tomId = await tess.$$eval(`${byId('collab-target')} option`, (options) => options.find((o) => o.textContent?.startsWith('tom'))!.getAttribute('value')!);
  await tess.select(byId('collab-target'), tomId);
  await tess.click(byId('collab-invite'));
  await tess.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('tom'), { timeout: 10_000 }, byId('collab-list'));

  // Tom is told, opens it as a viewer: the earlier chat is there, the technician's tools are not.
  await tom.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('invited you to watch'), { timeout: 10_000 }, byId('console-notice'));
  await tom.click(byId('session-item'));
  await tom.waitForSelector(byId('viewing-notice'));
  await waitForChat(tom, 'The invoice export crashes.');
  expect(await tom.$(byId('end-session'))).toBeNull();
  expect(await tom.$(byId('transfer-session'))).toBeNull();
  await customer.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('tom'), { timeout: 10_000 }, byId('viewers'));

  // The customer shares once; both technicians decode her screen.
  await customer.waitForSelector(byId('share-screen'), { visible: true });
  await customer.click(byId('share-screen'));
  const [seenByTess, seenByTom] = await Promise.all([watchRemoteScreen(tess, FAKE_CAPTURE_GREEN), watchRemoteScreen(tom, FAKE_CAPTURE_GREEN)]);
  expect(seenByTess.frames).toBeGreaterThan(10);
  expect(seenByTom.frames).toBeGreaterThan(10);
  expect(seenByTom.matching).toBeGreaterThan(0.5);

  // Tom chats; everyone reads it.
  await sendChat(tom, 'I wrote that export; checking the logs.');
  await waitForChat(customer, 'I wrote that export; checking the logs.');
  await waitForChat(tess, 'I wrote that export; checking the logs.');
  expect(await accessibilityViolations(tom)).toEqual([]);
  await screenshot(tom, 'collaborator-view');
  await screenshot(customer, 'customer-with-collaborator');

  // Tom stops watching: his view goes, the customer's page stops naming him, Tess keeps the screen.
  await tom.click(byId('collab-leave'));
  await tom.waitForSelector(byId('remote-screen'), { hidden: true, timeout: 10_000 });
  await customer.waitForSelector(byId('viewers'), { hidden: true, timeout: 10_000 });
  expect((await watchRemoteScreen(tess, FAKE_CAPTURE_GREEN, 1000)).frames).toBeGreaterThan(5);
  expect(pageErrors).toEqual([]);
});
