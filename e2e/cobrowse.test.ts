import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { accessibilityViolations } from './support/axe';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { byId, consent, createSession, enterCode, setupOwner } from './support/flows';
import { aimOnRemoteScreen } from './support/remote-screen';
import { loggedEvents } from '../testing/session-events';
import { startXvfb } from './support/xvfb';

/**
 * Co-browse: the customer shares this very tab (headful on Xvfb, the tab capture accepted by a flag) and
 * allows control of the page; the technician's clicks and keys in `remote-screen` land on the customer's page,
 * never in a password field, and stop the moment the customer revokes.
 */
let server: TestServer;
let xvfb: { display: string; stop: () => void };
let browsers: Browser[] = [];
let tech: Page;
let customer: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  xvfb = await startXvfb(1280, 800);
  browsers = await Promise.all([
    launchBrowser({ windowSize: { width: 1400, height: 900 } }),
    launchBrowser({ display: xvfb.display, windowSize: { width: 1280, height: 800 }, extraArgs: ['--auto-accept-this-tab-capture', '--window-position=0,0'] }),
  ]);
  tech = await newPage(browsers[0], pageErrors);
  customer = await newPage(browsers[1], pageErrors);
});

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await server?.close();
  xvfb?.stop();
});

/** A strip of the customer's page for the test to aim at: a button counting clicks, a text field, a password field. */
async function addTargets(page: Page): Promise<void> {
  await page.evaluate(() => {
    const strip = document.createElement('div');
    strip.id = 'targets';
    // A landmark of its own, as a company's page would put it in one.
    strip.setAttribute('role', 'region');
    strip.setAttribute('aria-label', 'Test targets');
    strip.style.cssText = 'position:fixed;left:40px;bottom:30px;z-index:50;display:flex;gap:40px;align-items:center;padding:24px;background:#fff;border:2px solid #000';
    strip.innerHTML = `
      <button id="target-button" type="button" style="width:160px;height:60px;font-size:20px">Press me</button>
      <label>Name <input id="target-text" style="width:220px;height:40px;font-size:20px;color:#000;background:#fff"></label>
      <label>Secret <input id="target-password" type="password" value="hunter2hunter2" style="width:220px;height:40px;font-size:20px;color:#000;background:#fff"></label>
      <form action="https://elsewhere.example/collect" method="post"><button id="target-away" type="submit" style="height:40px;font-size:18px">Send away</button></form>`;
    document.body.append(strip);
    (window as unknown as { clicks: number }).clicks = 0;
    document.getElementById('target-button')!.addEventListener('click', () => (window as unknown as { clicks: number }).clicks++);
  });
}

/** Where the centre of a customer element (by id) shows in the technician's remote screen, in the console's page coordinates. */
async function aimAt(elementId: string): Promise<{ x: number; y: number }> {
  const normalised = await customer.evaluate((id) => {
    const rect = document.getElementById(id)!.getBoundingClientRect();
    return { x: (rect.left + rect.width / 2) / window.innerWidth, y: (rect.top + rect.height / 2) / window.innerHeight };
  }, elementId);
  return aimOnRemoteScreen(tech, normalised);
}

/** The mean and spread of the technician's decoded pixels over a customer element: a blurred field is flat grey. */
async function decodedPatch(elementId: string): Promise<{ mean: number; spread: number }> {
  const rect = await customer.evaluate((id) => {
    const r = document.getElementById(id)!.getBoundingClientRect();
    return { x: r.left / window.innerWidth, y: r.top / window.innerHeight, w: r.width / window.innerWidth, h: r.height / window.innerHeight };
  }, elementId);
  return tech.evaluate(async (r) => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-screen"]')!;
    await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(video, 0, 0);
    // The inner part of the field (its border and the blur's soft edge left out).
    const x = Math.round((r.x + r.w * 0.2) * canvas.width);
    const y = Math.round((r.y + r.h * 0.3) * canvas.height);
    const data = context.getImageData(x, y, Math.max(1, Math.round(r.w * 0.6 * canvas.width)), Math.max(1, Math.round(r.h * 0.4 * canvas.height))).data;
    const values: number[] = [];
    for (let i = 0; i < data.length; i += 4) values.push((data[i] + data[i + 1] + data[i + 2]) / 3);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return { mean, spread: Math.max(...values) - Math.min(...values) };
  }, rect);
}

const clicks = () => customer.evaluate(() => (window as unknown as { clicks: number }).clicks);
const valueOf = (id: string) => customer.evaluate((i) => (document.getElementById(i) as HTMLInputElement).value, id);

it('the technician clicks and types on the customer\'s page, never into a password, and nothing after the revoke', async () => {
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Cora Browse');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await addTargets(customer);

  await customer.click(byId('share-tab'));
  await customer.waitForSelector(byId('stop-sharing'));
  await tech.waitForSelector(byId('remote-screen'));
  await tech.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="remote-screen"]')?.videoWidth ?? 0) > 0, { timeout: 20_000 });

  // Ask for control of the page; the customer sees who asks and allows it.
  await tech.select(byId('control-mode'), 'page');
  await tech.click(byId('control-request'));
  await customer.waitForSelector(byId('control-prompt'), { visible: true });
  await customer.click(byId('control-accept'));
  await customer.waitForSelector(byId('control-banner'), { visible: true });
  await tech.waitForSelector(byId('control-stop'), { visible: true });
  // While controlling, the screen wears a frame in the accent colour.
  await tech.waitForSelector(`${byId('screen-frame')}[data-controlling="true"]`);
  // Input gets a connection of its own to the page, beside the screen's: everything below takes it.
  await tech.waitForSelector('.control-panel[data-input-connection="own"]', { timeout: 15_000 });
  await screenshot(customer, 'cobrowse-customer-controlled');

  // A click where the button shows lands on the button.
  const button = await aimAt('target-button');
  await tech.mouse.click(button.x, button.y);
  await customer.waitForFunction(() => (window as unknown as { clicks: number }).clicks === 1, { timeout: 10_000 });

  // Typing into the text field: the text appears, as real input events.
  const text = await aimAt('target-text');
  await tech.mouse.click(text.x, text.y);
  await customer.waitForFunction(() => document.activeElement?.id === 'target-text', { timeout: 10_000 });
  await tech.keyboard.type('Hello there');
  await customer.waitForFunction(() => (document.getElementById('target-text') as HTMLInputElement).value === 'Hello there', { timeout: 10_000 });

  // The password field takes nothing, and the technician sees it blurred (flat), unlike the text field.
  const password = await aimAt('target-password');
  await tech.mouse.click(password.x, password.y);
  await tech.keyboard.type('stolen');
  await tech.waitForFunction(() => document.querySelector('[data-testid="control-refused"]')?.getAttribute('data-reason') === 'private-field', { timeout: 10_000 });
  expect(await valueOf('target-password')).toBe('hunter2hunter2');
  const blurred = await decodedPatch('target-password');
  const plain = await decodedPatch('target-text');
  expect(blurred.spread, JSON.stringify({ blurred, plain })).toBeLessThan(plain.spread);
  expect(Math.abs(blurred.mean - 136), JSON.stringify(blurred)).toBeLessThan(40);
  await screenshot(tech, 'cobrowse-console-controlling');

  // A form that posts to another site: the click is refused and the page stays where it is.
  const away = await aimAt('target-away');
  await tech.mouse.click(away.x, away.y);
  await tech.waitForFunction(() => document.querySelector('[data-testid="control-refused"]')?.getAttribute('data-reason') === 'off-origin', { timeout: 10_000 });
  expect(new URL(customer.url()).origin).toBe(server.url);
  expect(await accessibilityViolations(customer), 'customer page').toEqual([]);
  expect(await accessibilityViolations(tech), 'console').toEqual([]);

  // The customer revokes: the console hears it, and input sent after it changes nothing.
  await customer.click(byId('control-revoke'));
  await customer.waitForSelector(byId('control-banner'), { hidden: true });
  await tech.waitForSelector(byId('control-stop'), { hidden: true, timeout: 10_000 });
  // Aimed afresh: the console's panel shrank when control ended, so the screen moved.
  const buttonAfter = await aimAt('target-button');
  await tech.mouse.click(buttonAfter.x, buttonAfter.y);
  const textAfter = await aimAt('target-text');
  await tech.mouse.click(textAfter.x, textAfter.y);
  await tech.keyboard.type(' more');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await clicks()).toBe(1);
  expect(await valueOf('target-text')).toBe('Hello there');

  // Sharing this tab, the technician's strokes are drawn over the page itself: a preview of the page inside the
  // page would be captured too, and the picture would never be still.
  expect(await customer.$('.share-preview')).toBeNull();
  await tech.click(byId('annotate-toggle'));
  await tech.$eval(byId('annotation-overlay'), (overlay) => overlay.scrollIntoView({ block: 'center' }));
  const overlay = (await (await tech.$(byId('annotation-overlay')))!.boundingBox())!;
  await tech.mouse.move(overlay.x + overlay.width * 0.3, overlay.y + overlay.height * 0.5);
  await tech.mouse.down();
  for (let i = 1; i <= 10; i++) await tech.mouse.move(overlay.x + overlay.width * (0.3 + i * 0.04), overlay.y + overlay.height * 0.5);
  await tech.mouse.up();
  await customer.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-strokes') === '1', { timeout: 10_000, polling: 50 }, byId('annotation-layer'));
  // Red across the middle of the customer's viewport, from 30 % to 70 % of its width, and nowhere near its edges.
  const red = await customer.$eval(byId('annotation-layer'), (layer) => {
    const canvas = layer as HTMLCanvasElement;
    const row = canvas.getContext('2d')!.getImageData(0, Math.round(canvas.height * 0.5), canvas.width, 1).data;
    const xs: number[] = [];
    for (let x = 0; x < canvas.width; x++) if (row[x * 4] > 200 && row[x * 4 + 1] < 100 && row[x * 4 + 3] > 0) xs.push(x / canvas.width);
    return { first: xs[0] ?? -1, last: xs.at(-1) ?? -1, width: canvas.width, viewport: window.innerWidth };
  });
  expect(red.width).toBe(red.viewport);
  expect(red.first, JSON.stringify(red)).toBeGreaterThan(0.25);
  expect(red.first, JSON.stringify(red)).toBeLessThan(0.35);
  expect(red.last, JSON.stringify(red)).toBeGreaterThan(0.65);
  expect(red.last, JSON.stringify(red)).toBeLessThan(0.75);
  await screenshot(customer, 'cobrowse-annotation');
  await tech.click(byId('annotate-clear'));
  await customer.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-strokes') === '0', { timeout: 10_000, polling: 50 }, byId('annotation-layer'));
  await tech.click(byId('annotate-toggle'));

  const types = loggedEvents(server).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(['control_requested', 'control_granted', 'control_stopped']));
  expect(pageErrors).toEqual([]);
});
