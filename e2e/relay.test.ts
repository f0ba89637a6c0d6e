import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/testing';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { attribute, byId, consent, createSession, enterCode, setupOwner } from './support/flows';
import { watchRemoteScreen } from './support/video';

// ICE_TRANSPORT_POLICY=relay: every peer connection must go through the embedded TURN relay.
let server: TestServer;
let browsers: Browser[] = [];
let tech: Page;
let customer: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { ICE_TRANSPORT_POLICY: 'relay' } });
  browsers = await Promise.all([launchBrowser(), launchBrowser()]);
  tech = await newPage(browsers[0], pageErrors);
  customer = await newPage(browsers[1], pageErrors);
});

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await server?.close();
});

async function selectedPair(page: Page): Promise<{ route: string | null; localType: string | null }> {
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-local-type'), { timeout: 30_000 }, byId('connection-route'));
  return { route: await attribute(page, 'connection-route', 'data-route'), localType: await attribute(page, 'connection-route', 'data-local-type') };
}

it('carries the screen through the relay, with a relay candidate pair selected on both sides', async () => {
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Riley Relay');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await customer.click(byId('share-screen'));

  const seen = await watchRemoteScreen(tech, [0, 135, 0]);
  expect(seen.frames).toBeGreaterThan(10);
  expect(seen.matching).toBeGreaterThan(0.5);

  // Both sides read getStats(): transport -> selectedCandidatePairId -> local candidate type.
  expect(await selectedPair(tech)).toEqual({ route: 'relay', localType: 'relay' });
  expect(await selectedPair(customer)).toEqual({ route: 'relay', localType: 'relay' });
  await screenshot(tech, 'console-relayed');
  expect(pageErrors).toEqual([]);
});
