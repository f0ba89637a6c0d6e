import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, consent, createSession, enterCode, openPanelTab, OWNER, sendChat, setupOwner, typeInto, waitForChat } from './support/flows';
import { useRig } from './support/rig';

// The customer's session page built around the conversation (issue 14): requests on top, the chat in the
// height left, files in the chat, a small preview, Stop always in view, and a page that calls them back.
const rig = useRig();
let dir: string;

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };
const LAPTOP = { width: 1280, height: 720 };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lifeline-customer-session-'));
  // Counts the tones the page plays (WebAudio, the real thing): each alert starts oscillators.
  await rig.customer.evaluateOnNewDocument(() => {
    const counted = window as unknown as { __tones: number };
    counted.__tones = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
      counted.__tones++;
      return start.apply(this, args);
    };
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The element's box, wholly inside the viewport, or a message saying where it is. */
async function inView(page: Page, testId: string): Promise<string> {
  return page.$eval(byId(testId), (el) => {
    const box = el.getBoundingClientRect();
    const ok = box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
    return ok ? 'in view' : `${JSON.stringify(box)} outside ${window.innerWidth}x${window.innerHeight}`;
  });
}

async function box(page: Page, selector: string): Promise<DOMRect> {
  return page.$eval(selector, (el) => el.getBoundingClientRect().toJSON() as DOMRect);
}

async function bothThemes(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => {
      document.documentElement.dataset.theme = t;
    }, theme);
    expect(await accessibilityViolations(page), `${name} ${theme}`).toEqual([]);
    await screenshot(page, `${name}-${theme}`);
  }
  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'light';
  });
}

it('keeps the conversation in the whole height: requests on top, the paperclip sends a file, the page never scrolls', async () => {
  const { server, tech, customer, pageErrors } = rig;
  await customer.setViewport(LAPTOP);
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Carla Conversation');
  await enterCode(customer, server.url, code);
  await consent(customer);

  await sendChat(tech, 'Hello Carla, I am here to help.');
  await waitForChat(customer, 'Hello Carla');
  await sendChat(customer, 'My printer is stuck.');
  await waitForChat(tech, 'My printer is stuck.');

  // The chat takes the height the page has left: most of the viewport, and the document does not scroll.
  const chat = await box(customer, '.session-chat');
  expect(chat.height).toBeGreaterThan(LAPTOP.height * 0.6);
  expect(await customer.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
  for (const id of ['end-session', 'share-screen', 'chat-input', 'chat-attach']) expect(await inView(customer, id), id).toBe('in view');

  // The paperclip beside the message field sends a file, which arrives whole.
  await tech.waitForFunction((sel) => !document.querySelector<HTMLInputElement>(sel)?.disabled, { timeout: 20_000 }, byId('send-file-input'));
  const bytes = randomBytes(300 * 1024);
  const file = path.join(dir, 'printer-log.txt');
  writeFileSync(file, bytes);
  const [chooser] = await Promise.all([customer.waitForFileChooser(), customer.click(byId('chat-attach'))]);
  await chooser.accept([file]);
  await openPanelTab(tech, 'files');
  const offered = await tech.waitForSelector(`${byId('transfer-row')}[data-direction="incoming"][data-state="offered"]`, { timeout: 20_000 });
  await (await offered!.$(byId('file-offer-accept')))!.click();
  // Its progress and result show in the chat, between the messages and the field.
  await customer.waitForSelector(`.session-chat ${byId('transfer-row')}[data-direction="outgoing"][data-state="done"]`, { timeout: 60_000 });
  await tech.waitForSelector(`${byId('transfer-row')}[data-direction="incoming"][data-state="done"]`, { timeout: 60_000 });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  expect(await customer.$eval(`${byId('transfer-row')}[data-direction="outgoing"]`, (el) => el.getAttribute('data-sha256'))).toBe(sha256);
  expect(await tech.$eval(`${byId('transfer-row')}[data-direction="incoming"]`, (el) => el.getAttribute('data-sha256'))).toBe(sha256);

  // What the technician asks (a file, a link, a call) appears in one place at the top, above the chat.
  await tech.click(byId('file-request'));
  await openPanelTab(tech, 'notes');
  await typeInto(tech, 'url-input', 'https://example.com/printer-driver');
  await tech.click(byId('url-push'));
  await openPanelTab(tech, 'chat');
  await tech.click(byId('call-propose'));
  for (const id of ['file-request-prompt', 'pushed-url', 'call-accept']) {
    await customer.waitForSelector(`${byId('customer-requests')} ${byId(id)}`, { visible: true, timeout: 15_000 });
  }
  const requests = await box(customer, byId('customer-requests'));
  expect(requests.bottom).toBeLessThanOrEqual((await box(customer, '.session-chat')).top);
  expect(requests.top).toBeLessThan(120);
  expect(await customer.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
  expect(await inView(customer, 'end-session')).toBe('in view');
  expect(await inView(customer, 'chat-input')).toBe('in view');
  await bothThemes(customer, 'customer-session-requests-desktop');

  // Answered, they leave the strip.
  await customer.click(byId('call-decline'));
  await customer.click(`${byId('file-request-prompt')} button`);
  await customer.click(`${byId('pushed-url')} button.secondary`);
  for (const id of ['file-request-prompt', 'pushed-url', 'call-accept']) await customer.waitForSelector(byId(id), { hidden: true, timeout: 10_000 });
  await bothThemes(customer, 'customer-session-chat-desktop');
  expect(pageErrors).toEqual([]);
});

it('on a phone while sharing: chat and Stop stay in view, the preview is a small thumbnail that folds, big buttons at the bottom', async () => {
  const { tech, customer, pageErrors } = rig;
  // Turning into a phone reloads the page (puppeteer, when touch changes): it rejoins the session.
  await customer.setViewport(PHONE);
  await customer.waitForSelector(byId('share-screen'), { visible: true, timeout: 15_000 });
  await customer.click(byId('share-screen'));
  await customer.waitForSelector(byId('stop-sharing'), { visible: true, timeout: 15_000 });
  await tech.waitForSelector(`${byId('remote-screen')}`, { timeout: 15_000 });
  await sendChat(tech, 'I can see your screen now.');
  await waitForChat(customer, 'I can see your screen now.');

  expect(await customer.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
  for (const id of ['stop-sharing', 'end-session', 'chat-input', 'chat-send', 'chat-attach', 'chat-log']) expect(await inView(customer, id), id).toBe('in view');
  // Stop, Switch, Files and End in one bar along the bottom edge, each large enough for a thumb.
  const bar = await box(customer, byId('session-actions'));
  expect(bar.bottom).toBeGreaterThan(PHONE.height - 20);
  const buttons = await customer.$$eval(`${byId('session-actions')} > *`, (els) =>
    els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => ({ text: el.textContent, height: el.getBoundingClientRect().height, width: el.getBoundingClientRect().width })),
  );
  expect(buttons.length).toBeGreaterThanOrEqual(3);
  for (const button of buttons) expect(button.height, button.text ?? '').toBeGreaterThanOrEqual(48);
  // No drag-and-drop hints where nothing can be dragged.
  expect(await customer.$$eval('.drop-hint', (hints) => hints.filter((h) => (h as HTMLElement).offsetParent !== null).length)).toBe(0);

  // The self-preview is a thumbnail, not a screen-wide video pushing the chat away; it folds and unfolds.
  await screenshot(customer, 'customer-session-sharing-phone-first');
  const preview = await box(customer, '.share-preview-frame video');
  expect(preview.height).toBeLessThanOrEqual(100);
  expect(preview.width).toBeLessThanOrEqual(PHONE.width);
  const chatOpen = (await box(customer, '.session-chat')).height;
  expect(chatOpen).toBeGreaterThan(PHONE.height * 0.4);
  await bothThemes(customer, 'customer-session-sharing-phone');
  await customer.click(byId('share-preview-toggle'));
  expect(await customer.$eval(byId('share-preview-toggle'), (el) => el.getAttribute('aria-expanded'))).toBe('false');
  expect(await customer.$eval('.share-preview-frame', (el) => (el as HTMLElement).offsetHeight)).toBe(0);
  expect((await box(customer, '.session-chat')).height).toBeGreaterThanOrEqual(chatOpen);
  await screenshot(customer, 'customer-session-sharing-phone-folded');
  await customer.click(byId('share-preview-toggle'));
  expect(await customer.$eval('.share-preview-frame', (el) => (el as HTMLElement).offsetHeight)).toBeGreaterThan(40);

  // The paperclip and the Files button open the same picker; a request still shows at the top on a phone.
  await openPanelTab(tech, 'files');
  await tech.click(byId('file-request'));
  await customer.waitForSelector(`${byId('customer-requests')} ${byId('file-request-prompt')}`, { visible: true, timeout: 15_000 });
  expect(await inView(customer, 'file-request-prompt')).toBe('in view');
  expect(await inView(customer, 'stop-sharing')).toBe('in view');
  expect(await inView(customer, 'chat-input')).toBe('in view');
  await screenshot(customer, 'customer-session-request-phone');
  // A short window too (a small phone, the keyboard up): the question's answers, the field and Stop stay in view.
  await customer.setViewport({ ...PHONE, height: 560 });
  for (const id of ['file-request-answer', 'chat-input', 'stop-sharing', 'end-session']) {
    const target = id === 'file-request-answer' ? `${byId('file-request-prompt')} button` : byId(id);
    expect(await customer.$eval(target, (el) => { const b = el.getBoundingClientRect(); return b.top >= 0 && b.bottom <= window.innerHeight && b.height > 0; }), id).toBe(true);
  }
  await screenshot(customer, 'customer-session-request-short');
  await customer.setViewport(PHONE);
  await customer.click(`${byId('file-request-prompt')} button`);

  // Stop is where the thumb is, and works.
  await customer.click(byId('stop-sharing'));
  await customer.waitForSelector(byId('share-screen'), { visible: true, timeout: 10_000 });
  await bothThemes(customer, 'customer-session-chat-phone');

  // And on a laptop while sharing: the preview stays small beside the chat.
  await customer.setViewport(LAPTOP);
  await customer.waitForSelector(byId('share-screen'), { visible: true, timeout: 15_000 });
  await customer.click(byId('share-screen'));
  await customer.waitForSelector(byId('stop-sharing'), { visible: true, timeout: 15_000 });
  await customer.waitForSelector('.share-preview-frame video', { visible: true });
  expect((await box(customer, '.share-preview-frame video')).height).toBeLessThanOrEqual(160);
  expect(await customer.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
  for (const id of ['stop-sharing', 'end-session', 'chat-input']) expect(await inView(customer, id), id).toBe('in view');
  await bothThemes(customer, 'customer-session-sharing-desktop');
  expect(pageErrors).toEqual([]);
});

it('while the page is hidden, a new message or request flashes the title and plays a tone, unless muted', async () => {
  const { tech, customer, pageErrors } = rig;
  const title = await customer.title();
  const tones = () => customer.evaluate(() => (window as unknown as { __tones: number }).__tones);
  // Another tab in front: the session page is hidden, as when the customer went to look for something.
  const other = await customer.browser().newPage();
  const hide = async () => {
    await other.bringToFront();
    await customer.waitForFunction(() => document.visibilityState === 'hidden', { timeout: 5000 });
  };
  const show = async () => {
    await customer.bringToFront();
    await customer.waitForFunction((original) => document.visibilityState === 'visible' && document.title === original, { timeout: 5000 }, title);
  };

  await hide();
  const before = await tones();
  await sendChat(tech, 'Are you still there?');
  await customer.waitForFunction((name) => document.title === `New message from ${name}`, { timeout: 10_000, polling: 50 }, OWNER.name);
  expect(await tones()).toBeGreaterThan(before);
  // It keeps flashing: back to the page's own title and to the news again.
  await customer.waitForFunction((original) => document.title === original, { timeout: 5000, polling: 50 }, title);
  await customer.waitForFunction((name) => document.title === `New message from ${name}`, { timeout: 5000, polling: 50 }, OWNER.name);
  await show();

  // A request says so.
  await hide();
  await openPanelTab(tech, 'chat');
  await tech.click(byId('call-propose'));
  await customer.waitForFunction((name) => document.title === `${name} is asking you something`, { timeout: 10_000, polling: 50 }, OWNER.name);
  await show();
  await customer.click(byId('call-decline'));

  // Muted: the title still flashes, no tone plays; the choice is shown on the switch.
  await customer.click(byId('sound-toggle'));
  expect(await customer.$eval(byId('sound-toggle'), (el) => el.getAttribute('aria-pressed'))).toBe('true');
  await hide();
  const muted = await tones();
  await sendChat(tech, 'One more question.');
  await customer.waitForFunction((name) => document.title === `New message from ${name}`, { timeout: 10_000, polling: 50 }, OWNER.name);
  expect(await tones()).toBe(muted);
  await show();
  await other.close();
  expect(pageErrors).toEqual([]);
});
