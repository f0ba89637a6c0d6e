import type { Browser, Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { TestServer } from '../../testing/server';
import { launchBrowser, newPage, screenshot } from './browser';
import { attribute, byId, consent, createSession, enterCode, setupOwner } from './flows';
import { watchRemoteScreen } from './video';

async function selectedPair(page: Page): Promise<{ route: string | null; localType: string | null }> {
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-local-type'), { timeout: 30_000 }, byId('connection-route'));
  return { route: await attribute(page, 'connection-route', 'data-route'), localType: await attribute(page, 'connection-route', 'data-local-type') };
}

/** Every peer connection's state changes in the page, from its first document on. */
function recordConnectionStates(): void {
  const w = window as unknown as { __connectionStates: string[]; RTCPeerConnection: typeof RTCPeerConnection };
  w.__connectionStates = [];
  const Native = w.RTCPeerConnection;
  w.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      this.addEventListener('connectionstatechange', () => w.__connectionStates.push(this.connectionState));
    }
  };
}

const connectionStates = (page: Page) => page.evaluate(() => (window as unknown as { __connectionStates: string[] }).__connectionStates);

/**
 * A whole session on a server configured for relay-only ICE: the fake screen reaches the technician and both
 * sides report (from getStats) a selected candidate pair whose local candidate is a relay candidate. With
 * `outlastMs`, the session must then still flow that long after it connected, without any connection ever
 * leaving "connected" (a relay that browsers give up on shows up within 40 s).
 */
export async function expectRelayedSession(server: TestServer, screenshotName: string, options: { outlastMs?: number } = {}): Promise<void> {
  const browsers: Browser[] = await Promise.all([launchBrowser(), launchBrowser()]);
  const pageErrors: string[] = [];
  try {
    const tech = await newPage(browsers[0], pageErrors);
    const customer = await newPage(browsers[1], pageErrors);
    await Promise.all([tech.evaluateOnNewDocument(recordConnectionStates), customer.evaluateOnNewDocument(recordConnectionStates)]);
    await setupOwner(tech, server.url);
    const { code } = await createSession(tech, 'Riley Relay');
    await enterCode(customer, server.url, code);
    await consent(customer);
    const connectedAt = Date.now();
    await customer.click(byId('share-screen'));

    const seen = await watchRemoteScreen(tech, [0, 135, 0]);
    expect(seen.frames).toBeGreaterThan(10);
    expect(seen.matching).toBeGreaterThan(0.5);
    expect(await selectedPair(tech)).toEqual({ route: 'relay', localType: 'relay' });
    expect(await selectedPair(customer)).toEqual({ route: 'relay', localType: 'relay' });
    await screenshot(tech, screenshotName);
    if (options.outlastMs) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, connectedAt + options.outlastMs! - Date.now())));
      const later = await watchRemoteScreen(tech, [0, 135, 0]);
      expect(later.frames, 'frames still decoded at the end').toBeGreaterThan(10);
      expect(await selectedPair(tech)).toEqual({ route: 'relay', localType: 'relay' });
      for (const [who, page] of [['technician', tech], ['customer', customer]] as const) {
        const states = await connectionStates(page);
        expect(states, `${who}'s connection states`).toContain('connected');
        expect(states.filter((state) => state !== 'connecting' && state !== 'connected' && state !== 'new'), `${who}'s connection states`).toEqual([]);
      }
    }
    expect(pageErrors).toEqual([]);
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
  }
}
