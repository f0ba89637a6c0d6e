import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { accessibilityViolations } from './support/axe';
import { launchBrowser, launchFirefox, newPage, screenshot } from './support/browser';
import { byId, createSession, enterCode, openPanelTab, sendChat, setupOwner, waitForChat } from './support/flows';
import { watchRemoteScreen } from './support/video';
import { startXvfb } from './support/xvfb';

// The customer in Firefox ESR (headful on its own display: headless Firefox has no screen to share), the
// technician in Chromium: every step of the customer's pages, join to end, in the other browser engine.
const PAINT: [number, number, number] = [214, 32, 160];

let server: TestServer;
let xvfb: { display: string; stop: () => void };
let chromium: Browser;
let firefox: Browser;
let tech: Page;
let customer: Page;
let dir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lifeline-firefox-customer-'));
  server = await startTestServer();
  xvfb = await startXvfb(1280, 720);
  [chromium, firefox] = await Promise.all([launchBrowser(), launchFirefox({ display: xvfb.display })]);
  tech = await newPage(chromium, pageErrors);
  customer = await newPage(firefox, pageErrors);
});

afterAll(async () => {
  await Promise.all([chromium?.close(), firefox?.close()]);
  await server?.close();
  xvfb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function randomFile(name: string): { file: string; sha256: string } {
  const bytes = randomBytes(512 * 1024);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return { file, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function doneHash(page: Page, direction: 'incoming' | 'outgoing'): Promise<string | null> {
  const row = await page.waitForSelector(`${byId('transfer-row')}[data-direction="${direction}"][data-state="done"]`, { timeout: 60_000 });
  return row!.evaluate((el) => el.getAttribute('data-sha256'));
}

it('a Firefox ESR customer joins, consents, chats both ways, swaps a file each way, shares a screen Chromium decodes, and ends', async () => {
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Felix Firefox');

  // Join and consent.
  await enterCode(customer, server.url, code);
  await customer.waitForSelector(byId('consent-accept'), { visible: true, timeout: 15_000 });
  expect(await accessibilityViolations(customer), 'consent').toEqual([]);
  await customer.click(byId('consent-accept'));
  await customer.waitForSelector(byId('share-screen'), { visible: true, timeout: 15_000 });

  // Chat, both ways.
  await sendChat(tech, 'Hello from Chromium.');
  await waitForChat(customer, 'Hello from Chromium.');
  await sendChat(customer, 'Hello from Firefox.');
  await waitForChat(tech, 'Hello from Firefox.');

  // A file each way, equal hashes on both sides.
  await tech.waitForFunction((sel) => !document.querySelector<HTMLInputElement>(sel)?.disabled, { timeout: 20_000 }, byId('send-file-input'));
  await customer.waitForFunction((sel) => !document.querySelector<HTMLInputElement>(sel)?.disabled, { timeout: 20_000 }, byId('customer-file-input'));
  const toCustomer = randomFile('driver.bin');
  const toTechnician = randomFile('printer-log.bin');
  await ((await tech.$(byId('send-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(toCustomer.file);
  await ((await customer.$(byId('customer-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(toTechnician.file);
  // The technician's offer is one of the requests at the top of the customer's page.
  const offer = await customer.waitForSelector(`${byId('customer-requests')} ${byId('file-offer-accept')}`, { visible: true, timeout: 20_000 });
  await offer!.click();
  await openPanelTab(tech, 'files');
  const techOffer = await tech.waitForSelector(`${byId('transfer-row')}[data-direction="incoming"][data-state="offered"] ${byId('file-offer-accept')}`, { timeout: 20_000 });
  await techOffer!.click();
  expect(await doneHash(customer, 'incoming')).toBe(toCustomer.sha256);
  expect(await doneHash(tech, 'outgoing')).toBe(toCustomer.sha256);
  expect(await doneHash(tech, 'incoming')).toBe(toTechnician.sha256);
  expect(await doneHash(customer, 'outgoing')).toBe(toTechnician.sha256);
  await screenshot(customer, 'firefox-customer-session');
  expect(await accessibilityViolations(customer), 'session').toEqual([]);

  // The whole screen, shared from a click (Firefox needs that gesture), painted in one colour the technician's
  // Chromium decodes. Firefox draws its own sharing bar into the frames, so not every pixel is the paint.
  await customer.evaluate((rgb) => {
    const paint = document.createElement('div');
    paint.id = 'paint';
    paint.style.cssText = `position:fixed;inset:0;background:rgb(${rgb.join(',')});pointer-events:none;z-index:1000`;
    document.body.append(paint);
  }, PAINT);
  await customer.click(byId('share-screen'));
  await customer.waitForSelector(byId('stop-sharing'), { timeout: 15_000 });
  const seen = await watchRemoteScreen(tech, PAINT, 2000, 90);
  await screenshot(tech, 'firefox-customer-console-screen');
  expect(seen.frames).toBeGreaterThan(5);
  expect(seen.width).toBeGreaterThan(0);
  expect(seen.matching).toBeGreaterThan(0.4);
  await customer.evaluate(() => document.getElementById('paint')?.remove());
  await screenshot(customer, 'firefox-customer-sharing');

  // The end, from the customer's side: both sides see it.
  await customer.click(byId('end-session'));
  await customer.waitForSelector(byId('session-ended'), { timeout: 15_000 });
  await tech.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'closed', { timeout: 15_000 }, byId('session-status'));
  expect(await accessibilityViolations(customer), 'ended').toEqual([]);
  await screenshot(customer, 'firefox-customer-ended');
  expect(pageErrors).toEqual([]);
});
