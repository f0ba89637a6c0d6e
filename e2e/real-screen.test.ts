import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { byId, consent, createSession, enterCode, setupOwner } from './support/flows';
import { recordPeerConnections } from './support/peer-connections';
import { watchRemoteScreen } from './support/video';
import { startXvfb } from './support/xvfb';

// A colour nothing else on screen uses; the customer's page is painted with it before sharing.
const PAINT: [number, number, number] = [214, 32, 160];
// The colour it changes to while the screen is shared (the still-screen test).
const REPAINT: [number, number, number] = [32, 176, 64];

let server: TestServer;
let xvfb: { display: string; stop: () => void };
let browsers: Browser[] = [];
let tech: Page;
let customer: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  xvfb = await startXvfb(1280, 720);
  browsers = await Promise.all([
    launchBrowser(),
    // Headful on its own display: headless Chromium cannot capture a real screen.
    launchBrowser({
      display: xvfb.display,
      windowSize: { width: 1280, height: 720 },
      extraArgs: ['--auto-select-desktop-capture-source=Entire screen', '--window-position=0,0'],
    }),
  ]);
  tech = await newPage(browsers[0], pageErrors);
  await recordPeerConnections(tech);
  customer = await newPage(browsers[1], pageErrors);
});

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await server?.close();
  xvfb?.stop();
});

it('shows the real screen of the customer: the colour their page is painted dominates the decoded frames', async () => {
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Robin Real');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await customer.evaluate((rgb) => {
    const paint = document.createElement('div');
    paint.id = 'e2e-paint';
    paint.style.cssText = `position:fixed;inset:0;background:rgb(${rgb.join(',')});pointer-events:none;z-index:1000`;
    document.body.append(paint);
  }, PAINT);
  await customer.click(byId('share-screen'));
  await customer.waitForSelector(byId('stop-sharing'));

  const seen = await watchRemoteScreen(tech, PAINT, 2000, 90);
  await screenshot(tech, 'console-real-screen');
  // A still screen sends few frames (next test): what counts here is that it is the customer's, whole.
  expect(seen.frames).toBeGreaterThan(0);
  expect(seen.width).toBe(1280);
  expect(seen.matching).toBeGreaterThan(0.5);
  expect(pageErrors).toEqual([]);
});

/** Frames the technician's browser decoded so far (inbound video of its newest open connection, getStats). */
async function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.filter((c) => c.connectionState === 'connected').at(-1);
    let frames = 0;
    (await pc?.getStats())?.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded;
    });
    return frames;
  });
}

it('sends a still screen almost not at all, then not at all, and still a picture to a console that reloads, and a change at once', async () => {
  // Chromium hands over a still screen at the full capture rate (about 30 frames a second); only the changed
  // frames leave the customer (client/still-frames.ts), one a second to keep the encoder answerable, and after
  // 10 s more of stillness none: the encoding is switched off.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  let before = await framesDecoded(tech);
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const settled = (await framesDecoded(tech)) - before;
  expect(settled).toBeGreaterThan(0);
  expect(settled).toBeLessThanOrEqual(6);

  await new Promise((resolve) => setTimeout(resolve, 6000));
  before = await framesDecoded(tech);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect((await framesDecoded(tech)) - before).toBe(0);

  // Paused, the screen still reaches a console that comes back: a new connection asks for a picture.
  await tech.reload();
  await tech.waitForSelector(byId('session-item'));
  await tech.click(byId('session-item'));
  const back = await watchRemoteScreen(tech, PAINT, 1000, 90);
  expect(back.frames).toBeGreaterThan(0);
  expect(back.matching).toBeGreaterThan(0.5);

  await customer.evaluate((rgb) => {
    document.getElementById('e2e-paint')!.style.background = `rgb(${rgb.join(',')})`;
  }, REPAINT);
  const changed = await watchRemoteScreen(tech, REPAINT, 1500, 90);
  expect(changed.frames).toBeGreaterThan(0);
  expect(changed.matching).toBeGreaterThan(0.5);
  expect(pageErrors).toEqual([]);
});
