import type { Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { loggedEvents } from '../testing/session-events';
import { byId, consent, createSession, enterCode, sendChat, setupOwner, waitForChat } from './support/flows';
import { recordPeerConnections } from './support/peer-connections';
import { useRig } from './support/rig';
import { watchRemoteScreen } from './support/video';

const FAKE_CAPTURE_GREEN: [number, number, number] = [0, 135, 0];
const rig = useRig();

/** Peer connections the page created, and how many are still open. */
const connections = (page: Page) =>
  page.evaluate(() => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    return { created: all.length, open: all.filter((pc) => pc.connectionState === 'connected').length };
  });

/** How many times `text` shows in the page's chat. */
const times = (page: Page, text: string) =>
  page.$$eval(`${byId('chat-log')} li`, (items, expected) => items.filter((li) => li.textContent?.includes(expected as string)).length, text);

/**
 * The server restarts in the middle of a session (a deploy, a crash): the screen goes peer to peer and keeps
 * flowing while it is down; both pages reconnect on their own to the same session; what each side wrote during
 * the outage arrives once; and nobody builds a new connection for it.
 */
it('restarting the server mid-session: the screen keeps flowing, both sides resume, chat written meanwhile arrives once', async () => {
  const { server, tech, customer, pageErrors } = rig;
  await recordPeerConnections(customer);
  await recordPeerConnections(tech);
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Rhea Restart');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await customer.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-route') === 'direct', { timeout: 20_000 }, byId('connection-route'));
  await customer.click(byId('share-screen'));
  await customer.waitForSelector(byId('stop-sharing'), { visible: true });
  expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN)).frames).toBeGreaterThan(10);
  // The console reloads first, so the customer's socket is the older one: the server closes it first when it
  // stops, and the console must not take that for the customer leaving.
  await tech.reload();
  await tech.waitForSelector(byId('queue-row'));
  await tech.click(byId('queue-row'));
  expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN)).frames).toBeGreaterThan(10);
  const before = { customer: await connections(customer), tech: await connections(tech) };

  let duringOutage = 0;
  await server.restart(async () => {
    // Down: the pages notice, and the screen still flows between the browsers.
    await customer.waitForFunction(() => document.body.innerText.includes('Reconnecting'), { timeout: 10_000 });
    duringOutage = (await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN, 1500)).frames;
    await sendChat(customer, 'Written while the server was down');
    await sendChat(tech, 'Also written during the outage');
  });
  expect(duringOutage).toBeGreaterThan(10);

  // Up again: each page is back in the session by itself, and the messages arrive, each once on each side.
  await customer.waitForFunction(() => !document.body.innerText.includes('Reconnecting'), { timeout: 20_000 });
  for (const page of [tech, customer]) {
    await waitForChat(page, 'Written while the server was down');
    await waitForChat(page, 'Also written during the outage');
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const page of [tech, customer]) {
    expect(await times(page, 'Written while the server was down')).toBe(1);
    expect(await times(page, 'Also written during the outage')).toBe(1);
  }
  expect(loggedEvents(server, 'chat').filter((e) => String(e.data.text).includes('during the outage') || String(e.data.text).includes('server was down'))).toHaveLength(2);

  // The same connection still carries the screen, and the restarted server knows it is shared.
  expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN)).frames).toBeGreaterThan(10);
  expect(await connections(customer)).toEqual(before.customer);
  expect(await connections(tech)).toEqual(before.tech);
  await expect.poll(() => loggedEvents(server, 'screen_share_started').length, { timeout: 10_000 }).toBe(2);
  expect(pageErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|socket\.io/i.test(e))).toEqual([]);
});
