import type { Browser, Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { TestServer } from '../../server/testing';
import { launchBrowser, newPage, screenshot } from './browser';
import { attribute, byId, consent, createSession, enterCode, setupOwner } from './flows';
import { watchRemoteScreen } from './video';

async function selectedPair(page: Page): Promise<{ route: string | null; localType: string | null }> {
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-local-type'), { timeout: 30_000 }, byId('connection-route'));
  return { route: await attribute(page, 'connection-route', 'data-route'), localType: await attribute(page, 'connection-route', 'data-local-type') };
}

/**
 * A whole session on a server configured for relay-only ICE: the fake screen reaches the technician and both
 * sides report (from getStats) a selected candidate pair whose local candidate is a relay candidate.
 */
export async function expectRelayedSession(server: TestServer, screenshotName: string): Promise<void> {
  const browsers: Browser[] = await Promise.all([launchBrowser(), launchBrowser()]);
  const pageErrors: string[] = [];
  try {
    const tech = await newPage(browsers[0], pageErrors);
    const customer = await newPage(browsers[1], pageErrors);
    await setupOwner(tech, server.url);
    const { code } = await createSession(tech, 'Riley Relay');
    await enterCode(customer, server.url, code);
    await consent(customer);
    await customer.click(byId('share-screen'));

    const seen = await watchRemoteScreen(tech, [0, 135, 0]);
    expect(seen.frames).toBeGreaterThan(10);
    expect(seen.matching).toBeGreaterThan(0.5);
    expect(await selectedPair(tech)).toEqual({ route: 'relay', localType: 'relay' });
    expect(await selectedPair(customer)).toEqual({ route: 'relay', localType: 'relay' });
    await screenshot(tech, screenshotName);
    expect(pageErrors).toEqual([]);
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
  }
}
