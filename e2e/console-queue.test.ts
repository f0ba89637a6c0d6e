import type { Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, consent, createSession, enterCode, sendChat, setupOwner, typeInto } from './support/flows';
import { useRig } from './support/rig';

// Two customers in browsers work with the technician; a third arrives from a channel and waits in the queue.
const rig = useRig({ customers: 2 });
const LONG_NAME = 'Carolina Vandenberghe-Oosterhuis';

/** The queue's wait of the first waiting row: its words, colour level and milliseconds. */
const waitOf = (page: Page) => page.$eval(byId('queue-wait'), (el) => ({ text: el.textContent ?? '', level: el.getAttribute('data-level'), ms: Number(el.getAttribute('data-ms')) }));

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((value) => localStorage.setItem('lifeline.theme', value), theme);
  await page.reload();
  await page.waitForSelector(byId('queue-list'));
}

it('the queue shows a live wait coloured after the administrator\'s thresholds, the tab title and favicon count, toasts for background sessions, and the technician\'s status', async () => {
  const { server, tech, pageErrors } = rig;
  const [carol, dan] = rig.customers;
  await tech.setViewport({ width: 1280, height: 720 });
  await setupOwner(tech, server.url);

  // The administrator sets the waiting colours: amber after 5 seconds, red after 10.
  await tech.goto(`${server.url}/admin/settings`);
  await tech.waitForSelector(byId('console-settings-form'));
  await typeInto(tech, 'console-setting-waitWarnSeconds', '20');
  await typeInto(tech, 'console-setting-waitLateSeconds', '10');
  await tech.click(byId('console-settings-save'));
  // Late before amber is refused next to its field, in words.
  await tech.waitForSelector('#console-waitLateSeconds-problem');
  expect(await tech.$eval('#console-waitLateSeconds-problem', (el) => el.textContent)).toContain('21');
  await screenshot(tech, 'admin-console-settings-refused');
  await typeInto(tech, 'console-setting-waitWarnSeconds', '5');
  await tech.click(byId('console-settings-save'));
  await tech.waitForFunction(() => document.querySelector('.settings-form[data-testid="console-settings-form"] [role="status"]') !== null);
  expect(await accessibilityViolations(tech)).toEqual([]);

  // The group's maximum of sessions at once, in the group's panel (a maximum of 5 stays out of the way below).
  await tech.goto(`${server.url}/admin`);
  await tech.click(`${byId('tree-group-Technicians')} > .tree-row`);
  await typeInto(tech, 'group-max-sessions', '5');
  await tech.click(byId('group-save'));
  await tech.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Group saved.'), { timeout: 10_000 }, byId('save-status'));
  expect(await tech.evaluate(async () => ((await (await fetch('/api/admin/organisation')).json()) as { groups: { maxSessions: number | null }[] }).groups[0].maxSessions)).toBe(5);
  await tech.$eval(byId('group-max-sessions'), (el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(tech, 'admin-group-max-sessions');

  await tech.goto(`${server.url}/console`);
  await tech.waitForSelector(byId('new-session'));
  await tech.waitForFunction(() => document.title.trim() !== '');
  const baseTitle = await tech.title();
  const baseIcon = await tech.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel~="icon"]')?.href ?? null);

  // A customer with a long name starts support from a channel and waits: her full name, the channel and her
  // answer on the row, a wait that ticks in seconds and grows, then turns amber.
  const slug = await tech.evaluate(async () => {
    const organisation = (await (await fetch('/api/admin/organisation')).json()) as { groups: { id: string; parentId: string | null }[] };
    const groupIds = [organisation.groups.find((g) => g.parentId === null)!.id];
    const fields = [{ id: 'order', label: 'Order number', type: 'short_text', required: true }];
    const response = await fetch('/api/admin/channels', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Web shop', groupIds, fields }) });
    return ((await response.json()) as { channel: { slug: string } }).channel.slug;
  });
  const started = await fetch(`${server.url}/api/channels/${slug}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ customerName: LONG_NAME, values: { order: 'A-1042' } }) });
  expect(started.status, await started.clone().text()).toBe(201);
  await tech.waitForSelector(byId('queue-wait'), { timeout: 10_000 });
  expect(await tech.$eval(byId('queue-channel'), (el) => el.textContent)).toContain('Web shop');
  expect(await tech.$eval(`${byId('queue-row')} ${byId('custom-field')}`, (el) => el.getAttribute('data-value'))).toBe('A-1042');
  const first = await waitOf(tech);
  expect(first.text).toMatch(/^\d+ seconds?$/);
  await tech.waitForFunction((sel, ms) => Number(document.querySelector(sel)?.getAttribute('data-ms')) > ms, { timeout: 10_000 }, byId('queue-wait'), first.ms);
  await tech.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-level') === 'warn', { timeout: 15_000 }, byId('queue-wait'));
  expect((await waitOf(tech)).text).toMatch(/^\d+ seconds \(long wait\)$/);
  expect(await tech.$eval(`${byId('queue-row')} .queue-customer`, (el) => el.textContent)).toBe(LONG_NAME);

  // The tab title and favicon count her.
  await tech.waitForFunction((title) => document.title === `(1) ${title}`, { timeout: 10_000 }, baseTitle);
  const icon = await tech.evaluate(() => {
    const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    return { href: link?.href ?? '', badge: link?.dataset.badge ?? null };
  });
  expect(icon.href.startsWith('data:image/png')).toBe(true);
  expect(icon.badge).toBe('1');

  // Screenshots of the queue with a waiting customer: light and dark, desktop and phone.
  await tech.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-level') === 'late', { timeout: 15_000 }, byId('queue-wait'));
  expect(await accessibilityViolations(tech)).toEqual([]);
  await screenshot(tech, 'console-queue-light-1280');
  await setTheme(tech, 'dark');
  expect(await accessibilityViolations(tech)).toEqual([]);
  await screenshot(tech, 'console-queue-dark-1280');
  await tech.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await tech.waitForSelector(byId('queue-wait'));
  await screenshot(tech, 'console-queue-dark-390', { fullPage: true });
  await setTheme(tech, 'light');
  await screenshot(tech, 'console-queue-light-390', { fullPage: true });
  await tech.setViewport({ width: 1280, height: 720 });

  // Tess helps Carol, then Dan, which leaves Carol's session in the background.
  const first_ = await createSession(tech, 'Carol');
  await enterCode(carol, server.url, first_.code);
  await consent(carol);
  const second = await createSession(tech, 'Dan');
  await enterCode(dan, server.url, second.code);
  await consent(dan);

  // A message in Carol's session, which is not in front: a toast says it, and the title counts it.
  await sendChat(carol, 'The printer shows error E42 now.');
  await tech.waitForSelector(`${byId('toast')}[data-kind="message"]`, { timeout: 10_000 });
  expect(await tech.$eval(byId('toast'), (el) => el.textContent)).toContain('The printer shows error E42 now.');
  expect(await tech.$eval('.toast-stack', (el) => [el.getAttribute('role'), el.getAttribute('aria-live')])).toEqual(['status', 'polite']);
  await tech.waitForFunction((title) => document.title === `(2) ${title}`, { timeout: 10_000 }, baseTitle);
  await screenshot(tech, 'console-toast');
  await tech.click(`${byId('toast')} button[aria-label]`);
  await tech.waitForFunction((sel) => document.querySelector(sel) === null, {}, byId('toast'));

  // Newest first by default; "longest wait first" puts the waiting customer on top.
  const order = () => tech.$$eval(`${byId('queue-row')} .queue-customer`, (names) => names.map((n) => n.textContent));
  expect(await order()).toEqual(['Dan', 'Carol', LONG_NAME]);
  await tech.select('#queue-sort', 'longestWait');
  expect(await order()).toEqual([LONG_NAME, 'Dan', 'Carol']);

  // Status: Available at first; Busy as chosen; the server confirms it.
  expect(await tech.$eval(byId('tech-status'), (el) => (el as HTMLSelectElement).value)).toBe('available');
  await tech.select(byId('tech-status'), 'busy');
  await tech.waitForFunction(() => document.querySelector('.tech-status')?.getAttribute('data-status') === 'busy');
  expect(await tech.$eval(byId('tech-status'), (el) => el.getAttribute('data-why'))).toBe('chosen');
  await tech.select(byId('tech-status'), 'away');
  await tech.waitForFunction(() => document.querySelector('.tech-status')?.getAttribute('data-status') === 'away');
  await tech.select(byId('tech-status'), 'available');
  await tech.waitForFunction(() => document.querySelector('.tech-status')?.getAttribute('data-status') === 'available');
  expect(await accessibilityViolations(tech)).toEqual([]);

  // Tess takes the waiting customer and resolves it: its tab dims (it closes by itself later); back on Carol's
  // tab nothing waits and nothing is unread, so the title and the favicon are as they were.
  await tech.click(byId('assign-to-me'));
  await tech.waitForSelector(byId('resolve-session'));
  await tech.click(byId('resolve-session'));
  await typeInto(tech, 'resolve-note', 'Order found; refund sent.');
  await tech.click(byId('resolve-confirm'));
  await tech.click(`${byId('session-tab')}[data-session-id="${await sessionIdOf(tech, 'Carol')}"]`);
  await tech.waitForSelector('.session-tab[data-closing="true"]');
  await tech.waitForFunction((title) => document.title === title, { timeout: 10_000 }, baseTitle);
  expect(await tech.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel~="icon"]')?.href ?? null)).toBe(baseIcon);
  await screenshot(tech, 'console-closed-tab');
  expect(pageErrors).toEqual([]);
});

/** The id of the session with this customer, from the queue's rows. */
function sessionIdOf(page: Page, customer: string): Promise<string> {
  return page.$$eval(byId('queue-row'), (rows, name) => rows.find((r) => r.querySelector('.queue-customer')?.textContent === name)!.getAttribute('data-session-id')!, customer);
}
