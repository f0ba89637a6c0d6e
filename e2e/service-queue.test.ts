import { expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, consent, createSession, enterCode, sendChat, typeInto, waitForChat } from './support/flows';
import { useRig } from './support/rig';
import { twoTechnicians } from './support/team';
import { watchRemoteScreen } from './support/video';

// Three Chromiums: Tess and Tom (technicians of the same group) and the customer.
const rig = useRig({ customers: 2 });
const FAKE_CAPTURE_GREEN: [number, number, number] = [0, 135, 0];
const NOTE = 'Printer driver reinstalled; the jam is mechanical. Please check the tray with her.';

it('transfers a live session to a second technician who sees the earlier chat and the screen, back to the queue, and resolves it', async () => {
  const { server, tech: tess, pageErrors } = rig;
  const [tom, customer] = rig.customers;

  // The organisation: the owner invites Tess and Tom into "Technicians" (through the API, as the admin center does).
  const technicians = await twoTechnicians(server, tess, tom);

  // Tess helps Carol: code, consent, chat both ways.
  const { code } = await createSession(tess, 'Carol Customer');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await sendChat(customer, 'My printer keeps jamming.');
  await waitForChat(tess, 'My printer keeps jamming.');
  await sendChat(tess, 'Let me look at the driver first.');
  await waitForChat(customer, 'Let me look at the driver first.');
  expect(await tess.$eval(byId('queue-list'), (el) => el.textContent)).toContain('Carol Customer');
  // Tom's queue does not list Tess's session.
  await tom.waitForSelector(byId('queue-empty'));

  // Transfer to Tom with a note.
  await tess.click(byId('transfer-session'));
  await tess.waitForSelector(`${byId('transfer-target')} option[value^="technician:"]`);
  const tomOption = await tess.$$eval(`${byId('transfer-target')} option`, (options) => options.find((o) => o.textContent?.startsWith('tom'))!.getAttribute('value')!);
  await tess.select(byId('transfer-target'), tomOption);
  await typeInto(tess, 'transfer-note', NOTE);
  expect(await accessibilityViolations(tess)).toEqual([]);
  await screenshot(tess, 'queue-transfer-form');
  await tess.click(byId('transfer-confirm'));
  await tess.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('now belongs to tom'), { timeout: 10_000 }, byId('console-notice'));
  await tess.waitForSelector(byId('queue-empty'));
  // The customer is told who helps them now.
  await customer.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'tom', { timeout: 10_000 }, byId('technician-name'));

  // Tom finds it in his queue, opens it, reads the note and the chat, and the customer's screen reaches him.
  await tom.waitForSelector(`${byId('queue-list')} ${byId('session-item')}`, { timeout: 10_000 });
  await tom.click(byId('session-item'));
  await tom.waitForSelector(byId('handoff-note'));
  expect(await tom.$eval(byId('handoff-note'), (el) => el.textContent)).toContain(NOTE);
  await waitForChat(tom, 'My printer keeps jamming.');
  await waitForChat(tom, 'Let me look at the driver first.');
  await customer.waitForSelector(byId('share-screen'), { visible: true });
  await customer.click(byId('share-screen'));
  const seen = await watchRemoteScreen(tom, FAKE_CAPTURE_GREEN);
  expect(seen.frames).toBeGreaterThan(10);
  expect(seen.matching).toBeGreaterThan(0.5);
  await screenshot(tom, 'queue-after-transfer');

  // Tom sends it back to the group's queue; Tess picks it up with "Assign to me".
  await tom.click(byId('transfer-session'));
  await tom.waitForSelector(`${byId('transfer-target')} option[value^="group:"]`);
  await tom.select(byId('transfer-target'), `group:${technicians}`);
  await typeInto(tom, 'transfer-note', 'Tray checked; needs a part. Whoever is free, please order it with her.');
  await tom.click(byId('transfer-confirm'));
  await tess.waitForSelector(byId('assign-to-me'), { timeout: 10_000 });
  expect(await tess.$eval(byId('queue-list'), (el) => el.textContent)).toContain('Unassigned');
  expect(await accessibilityViolations(tess)).toEqual([]);
  await screenshot(tess, 'queue-unassigned');
  await tess.click(byId('assign-to-me'));
  await tess.waitForSelector(byId('handoff-note'));
  expect(await tess.$eval(byId('handoff-note'), (el) => el.textContent)).toContain('needs a part');
  await customer.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'tess', { timeout: 10_000 }, byId('technician-name'));
  await tom.waitForFunction(() => !document.querySelector('[data-testid="queue-list"]'), { timeout: 10_000 });

  // Resolved with a note: the customer is told, and the session leaves the queue.
  await tess.click(byId('resolve-session'));
  await typeInto(tess, 'resolve-note', 'Part ordered; printer works with the manual feed meanwhile.');
  await tess.click(byId('resolve-confirm'));
  await customer.waitForSelector(byId('session-ended'), { timeout: 10_000 });
  expect(await customer.evaluate(() => document.body.textContent)).toContain('resolved');
  // The console keeps the closed session's summary in view, with the resolution.
  await tess.waitForSelector(byId('session-summary'), { timeout: 10_000 });
  expect(await tess.$eval(byId('session-summary'), (el) => el.textContent)).toContain('Part ordered; printer works with the manual feed meanwhile.');
  await tess.waitForSelector(byId('queue-empty'));
  await tess.select(byId('queue-filter'), 'closed');
  expect(await tess.$eval(byId('queue-list'), (el) => el.textContent)).toContain('Carol Customer');
  expect(pageErrors).toEqual([]);
});
