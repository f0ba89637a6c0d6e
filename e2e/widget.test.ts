import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type ElementHandle, type Frame, KnownDevices, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cspDirectives } from '../testing/csp';
import { accessibilityViolations } from './support/axe';
import { launchFirefox, newPage, screenshot } from './support/browser';
import { byId, createSession, openPanelTab, setupOwner, typeInto } from './support/flows';
import { type HostSite, shopPage, startHostSite } from './support/host-site';
import { useRig } from './support/rig';
import { withTimeout } from '../testing/cobrowse/rig';

// The technician (the owner, who also sets the channel up) and the customer on the company's site.
const rig = useRig();
let shop: HostSite;
let stranger: HostSite;
/** The company's support page, where technicians read a code out: the widget with the code field only. */
let supportPage: HostSite;
let slug = '';
let dir: string;

beforeAll(async () => {
  shop = await startHostSite(() => shopPage(rig.server.url, slug));
  stranger = await startHostSite(() => shopPage(rig.server.url, slug));
  supportPage = await startHostSite(() => shopPage(rig.server.url, slug, { mode: 'code' }));
  dir = mkdtempSync(path.join(tmpdir(), 'lifeline-widget-'));
});
afterAll(async () => {
  await shop?.close();
  await stranger?.close();
  await supportPage?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The widget's frame in the customer's page, once the launcher opened it. */
async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('>>> [data-testid="widget-frame"]', { timeout: 15_000 });
  const frame = await (handle as ElementHandle<HTMLIFrameElement>).contentFrame();
  if (!frame) throw new Error('the widget has no frame');
  return frame;
}

async function typeIn(frame: Frame, selector: string, text: string): Promise<void> {
  await frame.waitForSelector(selector, { visible: true });
  await frame.click(selector, { count: 3 });
  await frame.type(selector, text);
}

async function chatShows(where: Page | Frame, text: string): Promise<void> {
  await where.waitForFunction(
    (sel, expected) => [...document.querySelectorAll(`${sel} li`)].some((li) => li.textContent?.includes(expected)),
    { timeout: 15_000 },
    byId('chat-log'),
    text,
  );
}

/**
 * A click on an element of the console's mirror, where a person would click: the mirror is scaled to fit its
 * box, and puppeteer's own element clicks do not follow a transformed iframe. The point is checked to be on the
 * element first (a mirror that rescaled under the test would otherwise take the click elsewhere, silently).
 */
async function clickInMirror(tech: Page, selector: string): Promise<void> {
  const point = await tech.evaluate((sel) => {
    const iframe = document.querySelector<HTMLIFrameElement>('[data-testid="cobrowse-view"] iframe')!;
    const outer = iframe.getBoundingClientRect();
    const scale = outer.width / iframe.offsetWidth;
    const doc = iframe.contentDocument!;
    const element = doc.querySelector(sel)!;
    const inner = element.getBoundingClientRect();
    const x = inner.left + inner.width / 2;
    const y = inner.top + inner.height / 2;
    const hit = doc.elementFromPoint(x, y);
    return { x: outer.left + x * scale, y: outer.top + y * scale, onIt: Boolean(hit && (hit === element || element.contains(hit))) };
  }, selector);
  expect(point.onIt, `the middle of ${selector} in the mirror shows ${selector}`).toBe(true);
  await tech.mouse.click(point.x, point.y);
}

/** Both ends of the co-browse as they stand, for a wait that gave up: which of them did not follow. */
async function cobrowseState(tech: Page, customer: Page): Promise<unknown> {
  const fields = () => ({
    note: (document.getElementById('note') as HTMLInputElement | null)?.value,
    status: document.getElementById('status')?.textContent,
    focused: document.activeElement?.id || document.activeElement?.localName,
  });
  return {
    mirrors: await tech.evaluate(() => [...document.querySelectorAll<HTMLIFrameElement>('[data-testid="cobrowse-view"] iframe')].map((iframe) => {
      const doc = iframe.contentDocument;
      return { url: doc?.URL, note: (doc?.getElementById('note') as HTMLInputElement | null)?.value, status: doc?.getElementById('status')?.textContent, focused: doc?.activeElement?.id };
    })).catch(String),
    console: await tech.evaluate(() => ({
      focused: document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.localName,
      view: document.querySelector('[data-testid="cobrowse-view"]')?.closest('section')?.querySelector('[role="status"]')?.textContent,
      controlling: document.querySelector('[data-testid="cobrowse-view"]')?.getAttribute('data-controlling'),
    })).catch(String),
    page: await customer.evaluate(fields).catch(String),
    errors: rig.pageErrors.slice(-5),
  };
}

/** Waits up to 10 s for `check` in the customer's page, and says where both ends stood if it never holds. */
async function waitUntil(what: string, check: () => boolean, tech: Page, customer: Page): Promise<void> {
  await withTimeout(what, 10_000, customer.waitForFunction(check, { timeout: 11_000 }), () => cobrowseState(tech, customer));
}

/**
 * Waits until the console's mirror has `selector`, showing `text` unless that is null, polled from the console
 * page. Not from the mirror's own frame: it is sandboxed without scripts, where puppeteer's polling (an animation
 * frame callback in that frame) never runs, so a wait that does not hold at once never ends, and Chromium logs
 * "Blocked script execution" (what failed CI once the mirror was a little slower than the first check).
 */
async function inMirror(what: string, selector: string, text: string | null, tech: Page, customer: Page, ms = 10_000): Promise<void> {
  const shows = tech.waitForFunction(
    (sel, expected) => {
      const element = document.querySelector<HTMLIFrameElement>('[data-testid="cobrowse-view"] iframe')?.contentDocument?.querySelector(sel);
      return expected === null ? Boolean(element) : element?.textContent === expected;
    },
    { timeout: ms + 1000 },
    selector,
    text,
  );
  await withTimeout(what, ms, shows, () => cobrowseState(tech, customer));
}

function randomFile(name: string, size = 256 * 1024): { file: string; sha256: string } {
  const bytes = randomBytes(size);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return { file, sha256: createHash('sha256').update(bytes).digest('hex') };
}

it('an administrator sets up a channel with a custom field and the shop\'s origin; the admin center shows its link and snippet', async () => {
  const { server, tech } = rig;
  await setupOwner(tech, server.url);
  await tech.click(byId('admin-link')).catch(() => tech.goto(`${server.url}/admin`));
  await tech.goto(`${server.url}/admin`);
  await tech.click(byId('channels-nav'));
  await tech.waitForSelector(byId('channel-new'));
  await tech.click(byId('channel-new'));
  await typeInto(tech, 'channel-name', 'Web shop');
  const group = await tech.$$eval(`${byId('channel-groups')} option`, (options) => options.find((o) => o.textContent === 'Technicians')!.getAttribute('value')!);
  await tech.select(byId('channel-groups'), group);
  await typeInto(tech, 'channel-origins', shop.origin);
  await tech.click(byId('channel-field-add'));
  await typeInto(tech, 'channel-field-label', 'Order number');
  await tech.select(byId('channel-field-type'), 'short_text');
  await tech.click(byId('channel-field-required'));
  expect(await accessibilityViolations(tech)).toEqual([]);
  await tech.click(byId('channel-save'));
  await tech.waitForSelector(byId('channel-snippet'), { timeout: 10_000 });
  const link = await tech.$eval(byId('channel-link'), (el) => el.textContent!.trim());
  slug = /\/c\/([a-z0-9-]+)$/.exec(link)![1];
  expect(await tech.$eval(byId('channel-snippet'), (el) => el.textContent)).toBe(`<script src="${server.url}/widget.js" data-channel="${slug}" async></script>`);
  await screenshot(tech, 'admin-channel', { fullPage: true });
  await tech.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
  await screenshot(tech, 'admin-channel-dark', { fullPage: true });
  await tech.evaluate(() => { document.documentElement.dataset.theme = 'light'; });
  await tech.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await screenshot(tech, 'admin-channel-phone', { fullPage: true });
  await tech.setViewport({ width: 1280, height: 800 });
});

/** The customer's browsers: the widget must work in each, and on a phone. */
const CUSTOMERS: { id: string; name: string; open: () => Promise<Page> }[] = [
  { id: 'chromium', name: 'Chromium', open: async () => rig.customer },
  {
    id: 'firefox',
    name: 'Firefox ESR',
    open: async () => {
      firefox = await launchFirefox();
      return newPage(firefox, rig.pageErrors);
    },
  },
  {
    id: 'phone',
    name: 'a phone in French (Chromium emulating a Pixel 5)',
    open: async () => {
      const page = await rig.customer.browser().newPage();
      page.on('pageerror', (error) => rig.pageErrors.push(String(error)));
      await page.emulate(KnownDevices['Pixel 5']);
      await page.setExtraHTTPHeaders({ 'accept-language': 'fr-FR,fr;q=0.9' });
      return page;
    },
  },
];
let firefox: Browser | undefined;
afterAll(async () => {
  await firefox?.close();
});

for (const kind of CUSTOMERS) {
  it(`on the shop's page the customer fills the form in the widget, waits in the queue, is picked up, consents, chats, swaps files, and is co-browsed and controlled until they revoke, and ends it from the site's next page (${kind.name})`, async () => {
    const { tech, pageErrors } = rig;
    const customer = await kind.open();
    const name = `Carol ${kind.id}`;
    await tech.goto(`${rig.server.url}/console`);
    await tech.waitForSelector(byId('queue-empty'));

    await customer.goto(shop.origin);
    await customer.waitForSelector('>>> [data-testid="widget-launcher"]', { timeout: 15_000 });
    await screenshot(customer, `widget-launcher-${kind.id}`);
    await customer.click('>>> [data-testid="widget-launcher"]');
    const frame = await widgetFrame(customer);

    // The required field is refused next to it, before anything is sent.
    await typeIn(frame, byId('widget-name'), name);
    await frame.click(byId('widget-submit'));
    await frame.waitForSelector(`${byId('widget-field-error')}`);
    expect(await frame.$eval('[aria-invalid="true"]', (el) => el.getAttribute('data-label'))).toBe('Order number');
    // In the customer's language, next to the field.
    expect(await frame.$eval(byId('widget-field-error'), (el) => el.textContent)).toBe(kind.id === 'phone' ? 'Remplissez ce champ.' : 'Fill in this field.');
    await screenshot(customer, `widget-form-error-${kind.id}`);
    await typeIn(frame, `${byId('widget-field')}[data-label="Order number"]`, 'A-1042');
    await frame.click(byId('widget-submit'));

    // Consent comes first; then the customer waits in the queue, first in line.
    await frame.waitForSelector(byId('consent-accept'), { visible: true, timeout: 15_000 });
    await frame.click(byId('consent-accept'));
    await frame.waitForSelector(byId('widget-queue-position'), { timeout: 15_000 });
    expect(await frame.$eval(byId('widget-queue-position'), (el) => el.getAttribute('data-position'))).toBe('1');
    await frame.waitForSelector(byId('estimated-wait'));
    await screenshot(customer, `widget-waiting-${kind.id}`);

    // The technician sees the channel and the answer in the queue, and takes it.
    const row = `${byId('queue-row')}[data-channel="Web shop"]`;
    await tech.waitForSelector(row, { timeout: 15_000 });
    expect(await tech.$eval(`${row} ${byId('custom-field')}`, (el) => [el.getAttribute('data-label'), el.getAttribute('data-value')])).toEqual(['Order number', 'A-1042']);
    await screenshot(tech, 'console-channel-queue');
    await tech.click(`${row} ${byId('assign-to-me')}`);
    await frame.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Tess Technician', { timeout: 15_000 }, byId('technician-name'));

    // Chat both ways.
    await typeIn(frame, byId('chat-input'), 'My order shows twice.');
    await frame.click(byId('chat-send'));
    await chatShows(tech, 'My order shows twice.');
    await typeInto(tech, 'chat-input', 'Let me look at your order.');
    await tech.click(byId('chat-send'));
    await chatShows(frame, 'Let me look at your order.');

    // A file each way, with the same hash on both sides.
    await tech.waitForFunction((sel) => !document.querySelector<HTMLInputElement>(sel)?.disabled, { timeout: 20_000 }, byId('send-file-input'));
    const toCustomer = randomFile('invoice.pdf');
    const toTechnician = randomFile('screenshot.png');
    await ((await tech.$(byId('send-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(toCustomer.file);
    await ((await frame.$(byId('customer-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(toTechnician.file);
    const offered = (side: Page | Frame) => side.waitForSelector(`${byId('transfer-row')}[data-direction="incoming"][data-state="offered"] ${byId('file-offer-accept')}`, { timeout: 20_000 });
    await (await offered(frame))!.click();
    await openPanelTab(tech, 'files');
    await (await offered(tech))!.click();
    const hash = async (side: Page | Frame, direction: string) =>
      (await side.waitForSelector(`${byId('transfer-row')}[data-direction="${direction}"][data-state="done"]`, { timeout: 60_000 }))!.evaluate((el) => el.getAttribute('data-sha256'));
    expect(await hash(frame, 'incoming')).toBe(toCustomer.sha256);
    expect(await hash(tech, 'incoming')).toBe(toTechnician.sha256);
    // The same short authentication string in the console and in the widget, whatever the customer's browser.
    const sas = async (side: Page | Frame) => (await side.waitForSelector(byId('sas-code'), { timeout: 15_000 }))!.evaluate((el) => el.getAttribute('data-code'));
    const [customerSas, technicianSas] = await Promise.all([sas(frame), sas(tech)]);
    expect(customerSas).toMatch(/^\d{6}$/);
    expect(technicianSas).toBe(customerSas);
    await screenshot(customer, `widget-in-session-${kind.id}`);

    // Co-browse: the technician asks, the customer agrees in the widget, and the console mirrors the shop's page.
    await tech.waitForSelector(byId('cobrowse-request'), { visible: true, timeout: 15_000 });
    await tech.click(byId('cobrowse-request'));
    await frame.waitForSelector(byId('cobrowse-accept'), { visible: true, timeout: 15_000 });
    await frame.click(byId('cobrowse-accept'));
    await frame.waitForSelector(byId('cobrowse-banner'));
    await tech.waitForSelector(`${byId('cobrowse-view')} iframe`, { timeout: 15_000 });
    await inMirror('the shop\'s page in the mirror', '#order', null, tech, customer, 15_000);
    // Text the page writes after the session started shows in the mirror.
    await customer.evaluate(() => { document.getElementById('status')!.textContent = 'Basket: 2 items'; });
    await inMirror('the page\'s new text in the mirror', '#status', 'Basket: 2 items', tech, customer);
    // The private field's value never reaches the console.
    const mirrored = await tech.evaluate(() => {
      const doc = document.querySelector<HTMLIFrameElement>('[data-testid="cobrowse-view"] iframe')!.contentDocument!;
      return doc.documentElement.outerHTML + (doc.getElementById('card') as HTMLInputElement | null)?.value;
    });
    expect(mirrored).not.toContain('4111');
    await screenshot(tech, `console-cobrowse-${kind.id}`);

    // Control of the page, granted in the widget: clicks and typing on the mirror act on the real elements.
    await tech.select(byId('control-mode'), 'page');
    await tech.click(byId('control-request'));
    await frame.waitForSelector(byId('control-accept'), { visible: true, timeout: 15_000 });
    await frame.click(byId('control-accept'));
    await frame.waitForSelector(byId('control-banner'));
    await tech.waitForSelector(`${byId('cobrowse-view')}[data-controlling="true"]`, { timeout: 10_000 });
    await clickInMirror(tech, '#note');
    await tech.keyboard.type('Leave at the door');
    await waitUntil('the typed note on the page', () => (document.getElementById('note') as HTMLInputElement).value === 'Leave at the door', tech, customer);
    await clickInMirror(tech, '#order');
    await waitUntil('the order placed on the page', () => document.getElementById('status')!.textContent === 'Order placed: Leave at the door', tech, customer);
    await inMirror('the order placed in the mirror', '#status', 'Order placed: Leave at the door', tech, customer);
    // The private field refuses input.
    await clickInMirror(tech, '#card');
    await tech.keyboard.type('9999');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await customer.$eval('#card', (el) => (el as HTMLInputElement).value)).toBe('4111 1111 1111 1111');
    await screenshot(customer, `widget-cobrowse-control-${kind.id}`);

    // The laser: the element the technician points at lights up on the customer's page.
    // (It lasts a moment: the page itself notes when it lit up.)
    await customer.evaluate(() => {
      const w = window as unknown as { litUp?: boolean };
      const order = document.getElementById('order')!;
      new MutationObserver(() => { if (order.hasAttribute('data-lifeline-highlight')) w.litUp = true; }).observe(order, { attributes: true });
    });
    await tech.click(byId('cobrowse-laser'));
    await clickInMirror(tech, '#order');
    await waitUntil('the laser on the page', () => (window as unknown as { litUp?: boolean }).litUp === true, tech, customer);
    expect(await customer.$eval('#status', (el) => el.textContent)).toBe('Order placed: Leave at the door');
    await tech.click(byId('cobrowse-laser'));

    // The customer revokes: the technician's clicks do nothing any more.
    await frame.click(byId('control-revoke'));
    await tech.waitForSelector(`${byId('cobrowse-view')}[data-controlling="false"]`, { timeout: 10_000 });
    await clickInMirror(tech, '#note');
    await tech.keyboard.type(' twice');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await customer.$eval('#note', (el) => (el as HTMLInputElement).value)).toBe('Leave at the door');

    // A script of the host page cannot reach into the frame: no consent button to click, no chat to read.
    const reach = await customer.evaluate(() => {
      const iframe = document.querySelector('div[data-lifeline-own]')!.shadowRoot!.querySelector('iframe')!;
      let document_: string;
      try {
        document_ = iframe.contentWindow!.document.body.innerText;
      } catch (error) {
        document_ = (error as Error).name;
      }
      return { contentDocument: iframe.contentDocument, document: document_, chatInPage: document.body.innerText.includes('Let me look at your order.') };
    });
    expect(reach).toEqual({ contentDocument: null, document: 'SecurityError', chatInPage: false });

    // The customer goes to another page of the site: the widget's frame comes back by itself, the session goes on
    // and the mirror follows, without a new consent.
    await customer.goto(`${shop.origin}/account/orders`);
    await customer.waitForSelector('>>> [data-testid="widget-frame"]', { timeout: 15_000 });
    const followed = async () => {
      const current = (await (await tech.waitForSelector(`${byId('cobrowse-view')} iframe`))!.contentFrame())!;
      return current.evaluate(() => document.getElementById('path')?.textContent ?? '');
    };
    await expect.poll(followed, { timeout: 20_000 }).toBe('You are on /account/orders');
    expect(await tech.$(byId('cobrowse-request'))).toBeNull();
    await screenshot(tech, `console-cobrowse-next-page-${kind.id}`);

    // On this page the customer opens the widget again and ends the session from it: the console sees it end,
    // and the site's next page no longer brings the frame back.
    // (Opened as a company's own "Contact support" button would: the launcher toggles, and the panel may be open.)
    await customer.evaluate(() => (window as unknown as { LifelineWidget: { open(): void } }).LifelineWidget.open());
    const resumed = await widgetFrame(customer);
    await resumed.waitForSelector(byId('end-session'), { visible: true, timeout: 15_000 });
    await resumed.click(byId('end-session'));
    await resumed.waitForSelector(byId('session-ended'), { timeout: 15_000 });
    await tech.waitForFunction(
      (sel, who) => [...document.querySelectorAll('.workspace')].some((w) => w.querySelector('h2')?.textContent === who && w.querySelector(sel)?.getAttribute('data-state') === 'closed'),
      { timeout: 15_000 },
      byId('session-status'),
      name,
    );
    await customer.goto(`${shop.origin}/account`);
    await customer.waitForSelector('>>> [data-testid="widget-launcher"]', { timeout: 15_000 });
    expect(await customer.$('>>> [data-testid="widget-frame"]')).toBeNull();
    expect(pageErrors).toEqual([]);
  });
}

it('does not start on a site the channel does not allow, says why in the page\'s console, and its frame refuses to be framed there', async () => {
  const { server, customer } = rig;
  const warnings: string[] = [];
  const listen = (message: { type(): string; text(): string }) => {
    if (message.type() === 'warn') warnings.push(message.text());
  };
  customer.on('console', listen);
  await customer.goto(stranger.origin);
  await expect.poll(() => warnings.find((w) => w.startsWith('Lifeline widget:')), { timeout: 10_000 }).toContain(stranger.origin);
  expect(await customer.$('>>> [data-testid="widget-launcher"]')).toBeNull();
  customer.off('console', listen);

  // The frame names only the channel's origins as the ones that may frame it.
  const framed = await fetch(`${server.url}/w/${slug}?host=${encodeURIComponent(shop.origin)}`);
  expect(cspDirectives(framed.headers.get('content-security-policy')).get('frame-ancestors')).toEqual([shop.origin]);
  expect(framed.headers.get('x-frame-options')).toBeNull();
  expect((await fetch(`${server.url}/c/${slug}`)).headers.get('x-frame-options')).toBe('DENY');
  // Asked for a host it does not allow, the frame shows nothing of the channel.
  expect(await (await fetch(`${server.url}/w/${slug}?host=${encodeURIComponent(stranger.origin)}`)).text()).toContain('data-testid="widget-refused"');
});

it('with data-mode="code", the widget asks only for the code a technician reads out; the customer joins, chats and ends the session from it', async () => {
  const { tech, customer, pageErrors } = rig;
  await tech.goto(`${rig.server.url}/console`);
  const { code } = await createSession(tech, 'Dora Code');

  // The channel is allowed on this origin too (the administrator lists each site the widget goes on).
  const added = await tech.evaluate(async (channelSlug, origin) => {
    const list = (await (await fetch('/api/admin/channels')).json()) as { channels: { id: string; slug: string; allowedOrigins: string[] }[] };
    const channel = list.channels.find((c) => c.slug === channelSlug)!;
    // The editor saves the whole channel: the same, with one more origin.
    const response = await fetch(`/api/admin/channels/${channel.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...channel, allowedOrigins: [...channel.allowedOrigins, origin] }),
    });
    return { status: response.status, body: await response.text() };
  }, slug, supportPage.origin);
  expect(added.status, added.body).toBe(200);
  // The phone's tab came in front of this one; puppeteer's clicks wait for frames a background tab never paints.
  await customer.bringToFront();
  await customer.goto(supportPage.origin);
  await customer.waitForSelector('>>> [data-testid="widget-launcher"]', { timeout: 15_000 });
  await customer.click('>>> [data-testid="widget-launcher"]');
  const frame = await widgetFrame(customer);
  await frame.waitForSelector(byId('code-input'), { visible: true });
  // Ready to type into at once, though a frame of another origin ignores `autofocus`.
  await frame.waitForFunction((sel) => document.activeElement === document.querySelector(sel), { timeout: 5_000 }, byId('code-input'));
  // No form: no name, no channel fields.
  expect(await frame.$(byId('widget-name'))).toBeNull();
  await typeIn(frame, byId('code-input'), code);
  await frame.click(byId('code-submit'));
  await frame.waitForSelector(byId('consent-accept'), { visible: true, timeout: 15_000 });
  await frame.click(byId('consent-accept'));
  await screenshot(customer, 'widget-code-mode-in-session');

  await typeIn(frame, byId('chat-input'), 'I have the code from the phone call.');
  await frame.click(byId('chat-send'));
  await chatShows(tech, 'I have the code from the phone call.');
  await typeInto(tech, 'chat-input', 'Thank you, I see you.');
  await tech.click(byId('chat-send'));
  await chatShows(frame, 'Thank you, I see you.');

  // The customer ends it from the widget; both sides see it ended.
  await frame.click(byId('end-session'));
  await frame.waitForSelector(byId('session-ended'), { timeout: 15_000 });
  await tech.waitForFunction(
    (sel) => [...document.querySelectorAll('.workspace')].some((w) => w.querySelector('h2')?.textContent === 'Dora Code' && w.querySelector(sel)?.getAttribute('data-state') === 'closed'),
    { timeout: 15_000 },
    byId('session-status'),
  );
  expect(pageErrors).toEqual([]);
});
