import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { attribute, byId, consent, createSession, endSession, enterCode, openPanelTab, openPopover, sendChat, setupOwner, typeInto, waitForChat } from './support/flows';
import { useRig } from './support/rig';
import { watchRemoteScreen } from './support/video';

// Chromium's fake screen capture is a green (0,135,0) background with a moving pattern, 800×450 here.
const FAKE_CAPTURE_GREEN: [number, number, number] = [0, 135, 0];
const rig = useRig();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lifeline-layout-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** What a person sees of the layout: the screen's box against the window, and whether the page scrolls. */
async function measure(tech: Page): Promise<{ share: number; scrolls: boolean; wide: boolean; box: { width: number; height: number } }> {
  return tech.evaluate(() => {
    const box = document.querySelector('[data-testid="remote-screen"]')!.getBoundingClientRect();
    const root = document.documentElement;
    return {
      share: (box.width * box.height) / (innerWidth * innerHeight),
      scrolls: root.scrollHeight > innerHeight,
      wide: root.scrollWidth > innerWidth,
      box: { width: Math.round(box.width), height: Math.round(box.height) },
    };
  });
}

/** The focus nowhere in particular, as after reading: where the console's letter shortcuts apply. */
async function nowhere(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((value) => { document.documentElement.dataset.theme = value; }, theme);
}

describe('the technician console around a live shared screen', () => {
  it('gives the screen at least 60% of a 1280×720 window, with the sidebar folded to a rail, and the page never scrolls', async () => {
    const { server, tech, customer } = rig;
    await tech.setViewport({ width: 1280, height: 720 });
    await setupOwner(tech, server.url);
    const { code } = await createSession(tech, 'Lara Layout');
    await enterCode(customer, server.url, code);
    await consent(customer);
    await customer.click(byId('share-screen'));
    expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN, 1000)).frames).toBeGreaterThan(3);

    await tech.click(byId('sidebar-toggle'));
    await tech.waitForSelector('.sidebar[data-collapsed="true"]');
    const laptop = await measure(tech);
    console.log(await tech.evaluate(() => ['.topbar', '.session-tabs', '.ws-bar', '.screen-frame', '.side-panel', '.sidebar'].map((sel) => { const r = document.querySelector(sel)?.getBoundingClientRect(); return `${sel} ${r?.width}x${r?.height}@${r?.top}`; }).join('; ')));
    await screenshot(tech, 'console-layout-measure');
    console.log(`1280×720: remote-screen ${laptop.box.width}×${laptop.box.height}, ${(laptop.share * 100).toFixed(1)}% of the window`);
    expect(laptop.share).toBeGreaterThanOrEqual(0.6);
    expect(laptop.scrolls).toBe(false);
    expect(laptop.wide).toBe(false);

    // The rail is remembered.
    await tech.reload();
    await tech.waitForSelector('.sidebar[data-collapsed="true"]');
    await tech.click(byId('sidebar-toggle'));
    await tech.waitForSelector(byId('session-item'), { visible: true });
    await tech.click(byId('session-item'));
    await tech.click(byId('sidebar-toggle'));
    expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN, 1000)).frames).toBeGreaterThan(3);

    await tech.setViewport({ width: 1920, height: 1080 });
    const large = await measure(tech);
    await screenshot(tech, 'console-layout-live-1920-light');
    console.log(`1920×1080: remote-screen ${large.box.width}×${large.box.height}, ${(large.share * 100).toFixed(1)}% of the window`);
    expect(large.share).toBeGreaterThanOrEqual(0.6);
    expect(large.scrolls).toBe(false);
    await tech.setViewport({ width: 1280, height: 720 });
  });

  it('fits the screen, shows it 1:1 with scrolling inside the screen area only, and goes full screen until Escape', async () => {
    const { tech } = rig;
    // With the sidebar open, the 800 px wide capture is wider than the screen area: 1:1 must scroll inside it.
    await tech.click(byId('sidebar-toggle'));
    await tech.waitForSelector('.sidebar[data-collapsed="false"]');
    const fit = await tech.$eval(byId('screen-frame'), (frame) => {
      const video = frame.querySelector('video')!;
      return { frame: frame.clientWidth, video: video.getBoundingClientRect().width };
    });
    expect(Math.abs(fit.video - fit.frame)).toBeLessThanOrEqual(1);
    expect(await attribute(tech, 'view-fit', 'aria-pressed')).toBe('true');

    await tech.click(byId('view-actual'));
    expect(await attribute(tech, 'view-actual', 'aria-pressed')).toBe('true');
    const actual = await tech.$eval(byId('screen-frame'), (frame) => {
      const video = frame.querySelector('video')!;
      return { width: video.getBoundingClientRect().width, videoWidth: video.videoWidth, scrollWidth: frame.scrollWidth, clientWidth: frame.clientWidth };
    });
    expect(actual.width).toBe(actual.videoWidth);
    expect(actual.scrollWidth).toBeGreaterThan(actual.clientWidth);
    const page = await measure(tech);
    expect(page.scrolls).toBe(false);
    expect(page.wide).toBe(false);
    await tech.click(byId('view-fit'));

    await tech.click(byId('view-fullscreen'));
    await tech.waitForFunction(() => document.fullscreenElement?.getAttribute('data-testid') === 'screen-frame', { timeout: 5000 });
    await tech.keyboard.press('Escape');
    await tech.waitForFunction(() => document.fullscreenElement === null, { timeout: 5000 });
    await tech.click(byId('sidebar-toggle'));
  });

  it('shows the connection figures in a popover and keeps the rarer tools in the overflow menu', async () => {
    const { tech } = rig;
    expect(await tech.$eval(byId('stats-panel'), (el) => (el.closest('.popover-panel') as HTMLElement).hidden)).toBe(true);
    await openPopover(tech, 'stats-toggle');
    await tech.waitForSelector(byId('stats-panel'), { visible: true });
    await tech.waitForFunction((sel) => Number(document.querySelector(sel)?.textContent) > 0, { timeout: 10_000 }, byId('stats-fps'));
    await screenshot(tech, 'console-layout-stats');
    await tech.keyboard.press('Escape');
    await tech.waitForSelector(byId('stats-panel'), { hidden: true });
    await openPopover(tech, 'screen-more');
    await tech.waitForSelector(byId('request-other-screen'), { visible: true });
    await screenshot(tech, 'console-layout-more');
    await tech.click(byId('screen-more'));
    // The drawing palette shows only while drawing.
    expect(await tech.$(byId('annotate-clear'))).toBeNull();
    await tech.click(byId('annotate-toggle'));
    await tech.waitForSelector(byId('annotate-clear'), { visible: true });
    await tech.click(byId('annotate-toggle'));
    await tech.waitForSelector(byId('annotate-clear'), { hidden: true });
  });

  it('keeps the session panel in ARIA tabs, and marks Chat when a message comes in behind another tab', async () => {
    const { tech, customer } = rig;
    expect(await attribute(tech, 'panel-tab-chat', 'aria-selected')).toBe('true');
    await openPanelTab(tech, 'notes');
    expect(await attribute(tech, 'panel-tab-notes', 'aria-selected')).toBe('true');
    expect(await tech.$eval('#session-panel-chat', (el) => (el as HTMLElement).hidden)).toBe(true);
    // Arrow keys move between tabs.
    await tech.focus(byId('panel-tab-notes'));
    await tech.keyboard.press('ArrowRight');
    expect(await attribute(tech, 'panel-tab-details', 'aria-selected')).toBe('true');
    await tech.keyboard.press('ArrowLeft');
    expect(await attribute(tech, 'panel-tab-notes', 'aria-selected')).toBe('true');

    await sendChat(customer, 'Are you still there?');
    await tech.waitForSelector(`${byId('panel-tab-chat')} ${byId('panel-unread')}`, { timeout: 10_000 });
    await openPanelTab(tech, 'chat');
    await waitForChat(tech, 'Are you still there?');
    expect(await tech.$(byId('panel-unread'))).toBeNull();
  });

  it('picks canned replies from inside the chat box: "/" lists them, arrows and Enter insert one, a click too', async () => {
    const { tech } = rig;
    await openPopover(tech, 'console-settings');
    await tech.click(`${byId('canned-replies')} summary`);
    for (const [keyword, text] of [['hello', 'Hello, I am looking at your screen now.'], ['wait', 'One moment please, I am checking that for you.']]) {
      await typeInto(tech, 'canned-keyword', keyword);
      await typeInto(tech, 'canned-text', text);
      await tech.click(byId('canned-save'));
      await tech.waitForFunction((sel, k) => document.querySelector(sel)?.textContent?.includes(`/${k}`), {}, byId('canned-replies'), keyword);
    }
    await screenshot(tech, 'console-layout-settings');
    await tech.click(byId('console-settings'));

    await tech.click(byId('chat-input'));
    await tech.keyboard.type('/');
    await tech.waitForSelector(byId('canned-picker'), { visible: true });
    expect(await tech.$$eval(byId('canned-option'), (options) => options.length)).toBe(2);
    expect(await attribute(tech, 'chat-input', 'aria-expanded')).toBe('true');
    await tech.keyboard.type('wa');
    expect(await tech.$$eval(byId('canned-option'), (options) => options.map((o) => o.textContent))).toEqual(['/wait One moment please, I am checking that for you.']);
    await tech.keyboard.press('Backspace');
    await tech.keyboard.press('Backspace');
    await tech.keyboard.press('ArrowDown');
    expect(await tech.$eval(`${byId('canned-option')}[aria-selected="true"]`, (o) => o.textContent)).toContain('/wait');
    await screenshot(tech, 'console-layout-canned-picker');
    await tech.keyboard.press('Enter');
    expect(await tech.$eval(byId('chat-input'), (el) => (el as HTMLInputElement).value)).toBe('One moment please, I am checking that for you.');
    expect(await tech.$(byId('canned-picker'))).toBeNull();

    await tech.click(byId('chat-input'), { count: 3 });
    await tech.keyboard.type('/he');
    await tech.click(byId('canned-option'));
    expect(await tech.$eval(byId('chat-input'), (el) => (el as HTMLInputElement).value)).toBe('Hello, I am looking at your screen now.');
    await tech.click(byId('chat-send'));
    await waitForChat(rig.customer, 'Hello, I am looking at your screen now.');
  });

  it('works from the keyboard: the ? sheet, screenshot, view modes, chat, tabs and a new session, never while typing', async () => {
    const { tech } = rig;
    await nowhere(tech);
    await tech.keyboard.type('?');
    await tech.waitForSelector(`${byId('shortcuts-sheet')}[open]`);
    expect(await tech.$$eval(`${byId('shortcuts-sheet')} kbd`, (keys) => keys.map((k) => k.textContent))).toEqual(expect.arrayContaining(['Alt + N', ']', '[', 'C', 'R', 'S', 'F', '?']));
    expect(await accessibilityViolations(tech)).toEqual([]);
    await screenshot(tech, 'console-layout-shortcuts');
    await tech.keyboard.press('Escape');
    await tech.waitForSelector(`${byId('shortcuts-sheet')}[open]`, { hidden: true });

    await tech.keyboard.press('2');
    expect(await attribute(tech, 'view-actual', 'aria-pressed')).toBe('true');
    await tech.keyboard.press('1');
    expect(await attribute(tech, 'view-fit', 'aria-pressed')).toBe('true');

    // Clicked into the customer's screen, letters are for the customer: no screenshot, no full screen.
    await tech.click(byId('remote-screen'));
    await tech.keyboard.type('sf');
    expect(await tech.evaluate(() => document.fullscreenElement)).toBeNull();
    expect(await tech.$eval(byId('evidence-status'), (el) => (el as HTMLElement).hidden)).toBe(true);
    await nowhere(tech);
    await tech.keyboard.press('s');
    await tech.waitForFunction((sel) => /Screenshot saved/.test(document.querySelector(sel)?.textContent ?? ''), { timeout: 15_000 }, byId('evidence-status'));

    // "c" goes to the chat; letters typed there stay text.
    await openPanelTab(tech, 'notes');
    await nowhere(tech);
    await tech.keyboard.press('c');
    await tech.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'chat-input');
    expect(await attribute(tech, 'panel-tab-chat', 'aria-selected')).toBe('true');
    await tech.keyboard.type('2f');
    expect(await tech.$eval(byId('chat-input'), (el) => (el as HTMLInputElement).value)).toBe('2f');
    expect(await attribute(tech, 'view-fit', 'aria-pressed')).toBe('true');
    expect(await tech.evaluate(() => document.fullscreenElement)).toBeNull();

    // Alt+N works from inside the field (it has a modifier): a second session, in a second tab.
    await tech.keyboard.down('Alt');
    await tech.keyboard.press('KeyN');
    await tech.keyboard.up('Alt');
    await tech.waitForSelector(byId('customer-name'), { visible: true });
    await tech.type(byId('customer-name'), 'Nico Next');
    await tech.click(byId('create-session'));
    await tech.waitForFunction(() => document.querySelectorAll('[data-testid="session-tab"]').length === 2, { timeout: 10_000 });
    await tech.waitForFunction(() => document.querySelector('[data-testid="session-tab"][aria-current="true"]')?.textContent?.includes('Nico Next'));
    await nowhere(tech);
    await tech.keyboard.press('[');
    await tech.waitForFunction(() => document.querySelector('[data-testid="session-tab"][aria-current="true"]')?.textContent?.includes('Lara Layout'));
    await tech.keyboard.press(']');
    await tech.waitForFunction(() => document.querySelector('[data-testid="session-tab"][aria-current="true"]')?.textContent?.includes('Nico Next'));
    await tech.keyboard.press(']');
    await tech.waitForFunction(() => document.querySelector('[data-testid="session-tab"][aria-current="true"]')?.textContent?.includes('Lara Layout'));
    await tech.waitForSelector(byId('remote-screen'));
    await tech.click(byId('sidebar-toggle'));
    await tech.waitForSelector('.sidebar[data-collapsed="true"]');
  });

  it('stays accessible and whole in light and dark, on a laptop and a phone (screenshots)', async () => {
    const { tech } = rig;
    await tech.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="remote-screen"]')?.videoWidth ?? 0) > 0, { timeout: 15_000 });
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(tech, theme);
      expect(await accessibilityViolations(tech)).toEqual([]);
      await screenshot(tech, `console-layout-live-1280-${theme}`);
      await tech.setViewport({ width: 390, height: 844 });
      // The session's workspace fits the phone's width (the top bar is the shared navigation's own).
      expect(await tech.$eval('.workspace', (el) => el.getBoundingClientRect().right <= innerWidth + 1 && el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      await screenshot(tech, `console-layout-live-phone-${theme}`);
      await screenshot(tech, `console-layout-live-phone-${theme}-full`, { fullPage: true });
      await tech.setViewport({ width: 1280, height: 720 });
    }
    await setTheme(tech, 'light');
  });

  it('asks before ending: Escape and Cancel keep the session', async () => {
    const { tech } = rig;
    await tech.click(byId('end-session'));
    await tech.waitForSelector(byId('end-confirm'), { visible: true });
    expect(await accessibilityViolations(tech)).toEqual([]);
    await screenshot(tech, 'console-layout-end-confirm');
    await tech.keyboard.press('Escape');
    await tech.waitForSelector(byId('end-confirm'), { hidden: true });
    await tech.click(byId('end-session'));
    await tech.click(byId('end-cancel'));
    await tech.waitForSelector(byId('end-confirm'), { hidden: true });
    expect(await attribute(tech, 'session-status', 'data-state')).toBe('active');
  });

  it('shows a closed session\'s summary, with the file the customer sent still downloadable', async () => {
    const { tech, customer, pageErrors } = rig;
    const file = path.join(dir, 'printer-log.txt');
    writeFileSync(file, 'paper jam at tray 2\n');
    await customer.waitForFunction((sel) => !document.querySelector<HTMLInputElement>(sel)?.disabled, { timeout: 20_000 }, byId('customer-file-input'));
    await ((await customer.$(byId('customer-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(file);
    await tech.waitForSelector(`${byId('panel-tab-files')} ${byId('panel-unread')}`, { timeout: 20_000 });
    await openPanelTab(tech, 'files');
    await tech.click(`${byId('transfer-row')}[data-state="offered"] ${byId('file-offer-accept')}`);
    await tech.waitForSelector(`${byId('transfer-row')}[data-direction="incoming"][data-state="done"]`, { timeout: 20_000 });

    await endSession(tech);
    await customer.waitForSelector(byId('session-ended'), { timeout: 15_000 });
    await tech.waitForSelector(byId('session-summary'), { timeout: 15_000 });
    expect(await attribute(tech, 'session-status', 'data-state')).toBe('closed');
    expect(await tech.$eval(byId('summary-duration'), (el) => el.textContent)).toMatch(/\d+ (s|min)/);
    expect(await tech.$eval(byId('session-summary'), (el) => el.textContent)).toMatch(/1 screenshot/);
    const href = await tech.$eval(byId('summary-log-link'), (a) => a.getAttribute('href'));
    expect(href).toMatch(/^\/console\/log\/[\w-]+$/);
    // Saved as a person saves it: a click on the summary's link writes the file.
    const downloads = path.join(dir, 'downloads');
    const cdp = await tech.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await tech.click(`${byId('session-summary')} ${byId('transfer-download')}`);
    await expect.poll(() => existsSync(path.join(downloads, 'printer-log.txt')) && readFileSync(path.join(downloads, 'printer-log.txt'), 'utf8'), { timeout: 10_000 }).toBe('paper jam at tray 2\n');
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(tech, theme);
      expect(await accessibilityViolations(tech)).toEqual([]);
      await screenshot(tech, `console-layout-closed-1280-${theme}`);
      await tech.setViewport({ width: 390, height: 844 });
      await screenshot(tech, `console-layout-closed-phone-${theme}`, { fullPage: true });
      await tech.setViewport({ width: 1280, height: 720 });
    }
    const log = await tech.goto(new URL(href!, rig.server.url).href);
    expect(log?.status()).toBe(200);
    expect(pageErrors).toEqual([]);
  });
});
