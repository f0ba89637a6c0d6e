import { expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, consent, createSession, enterCode, sendChat, setupOwner } from './support/flows';
import { useRig } from './support/rig';
import { watchRemoteScreen } from './support/video';

// Three browsers: a technician and two customers, each customer on their own machine as in real life.
const rig = useRig({ customers: 2 });


it('works two sessions at once in tabs: the one behind keeps its screen and counts new messages', async () => {
  const { server, tech, pageErrors } = rig;
  const [first, second] = rig.customers;
  await setupOwner(tech, server.url);
  const a = await createSession(tech, 'Ada');
  await enterCode(first, server.url, a.code);
  await consent(first);
  await first.click(byId('share-screen'));
  expect((await watchRemoteScreen(tech, [0, 135, 0], 1500)).frames).toBeGreaterThan(5);

  const b = await createSession(tech, 'Ben');
  await enterCode(second, server.url, b.code);
  await consent(second);
  expect(await tech.$$eval(byId('session-tab'), (tabs) => tabs.map((t) => t.textContent?.trim()))).toEqual(['Ada', 'Ben']);
  expect(await tech.$eval(`${byId('session-tab')}[aria-current="true"]`, (t) => t.textContent?.trim())).toBe('Ben');

  // Ada writes while Ben's tab is in front: her tab shows one new message.
  await sendChat(first, 'Are you still there?');
  await tech.waitForSelector(byId('tab-unread'), { timeout: 10_000 });
  expect(await tech.$eval(byId('tab-unread'), (el) => el.textContent)).toBe('1');
  expect(await accessibilityViolations(tech)).toEqual([]);
  await screenshot(tech, 'console-tabs');

  // Back to Ada: the message is there, the badge is gone, and her screen never stopped.
  await tech.click(byId('session-tab'));
  await tech.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Are you still there?'), {}, byId('chat-log'));
  expect(await tech.$(byId('tab-unread'))).toBeNull();
  expect((await watchRemoteScreen(tech, [0, 135, 0], 1000)).frames).toBeGreaterThan(5);
  expect(pageErrors).toEqual([]);
});
