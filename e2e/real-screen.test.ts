import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { byId, consent, createSession, enterCode, setupOwner } from './support/flows';
import { watchRemoteScreen } from './support/video';
import { startXvfb } from './support/xvfb';

// A colour nothing else on screen uses; the customer's page is painted with it before sharing.
const PAINT: [number, number, number] = [214, 32, 160];

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
    paint.style.cssText = `position:fixed;inset:0;background:rgb(${rgb.join(',')});pointer-events:none;z-index:1000`;
    document.body.append(paint);
  }, PAINT);
  await customer.click(byId('share-screen'));
  await customer.waitForSelector(byId('stop-sharing'));

  const seen = await watchRemoteScreen(tech, PAINT, 2000, 90);
  await screenshot(tech, 'console-real-screen');
  expect(seen.frames).toBeGreaterThan(5);
  expect(seen.width).toBe(1280);
  expect(seen.matching).toBeGreaterThan(0.5);
  expect(pageErrors).toEqual([]);
});
