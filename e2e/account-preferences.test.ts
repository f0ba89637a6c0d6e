import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { afterAll, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, openPopover, OWNER, setupOwner, signIn, typeInto } from './support/flows';
import { useRig } from './support/rig';

// The owner in one Chromium; the second Chromium is another browser profile they sign in from later.
const rig = useRig();
const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-avatar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const upload = async (page: typeof rig.tech, file: string) => {
  const input = (await page.$(byId('account-avatar-file'))) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(file);
};
const htmlState = (page: typeof rig.tech) => page.evaluate(() => ({ lang: document.documentElement.lang, theme: document.documentElement.dataset.theme }));

it('/account keeps nickname, picture, language, theme and sound for the person: the console shows them, and another browser gets them', async () => {
  const { server, tech: owner, customer: elsewhere, pageErrors } = rig;
  await owner.setViewport({ width: 1280, height: 720 });
  await setupOwner(owner, server.url);

  // The console's single top bar: the same pages as everywhere, "Sessions" marked, the person's initials.
  expect(await owner.$eval(byId('sessions-link'), (el) => el.getAttribute('aria-current'))).toBe('page');
  expect(await owner.$$eval(`${byId('staff-nav')} a[aria-current]`, (els) => els.length)).toBe(1);
  expect(await owner.$eval('.topbar .avatar', (el) => el.textContent)).toBe('TT');
  await owner.click(byId('account-link'));
  await owner.waitForSelector(byId('account-nickname'));
  expect(await owner.$eval(byId('account-link'), (el) => el.getAttribute('aria-current'))).toBe('page');
  expect(await accessibilityViolations(owner)).toEqual([]);
  await screenshot(owner, 'account-light-desktop');

  // A picture is judged by its bytes: a renamed text file is refused, beside the picture, saying what to do.
  const fake = path.join(dir, 'photo.png');
  writeFileSync(fake, '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await upload(owner, fake);
  await owner.waitForSelector(byId('account-avatar-problem'));
  expect(await owner.$eval(byId('account-avatar-problem'), (el) => el.textContent)).toBe('That file is not a PNG, JPEG or WebP picture. Choose one of those.');
  const real = path.join(dir, 'me.png');
  writeFileSync(real, PNG_1PX);
  await upload(owner, real);
  await owner.waitForSelector(`${byId('account-avatar')} img[src^="/api/avatars/"]`);
  expect(await owner.$(byId('account-avatar-problem'))).toBeNull();

  // Nickname, sound, theme: saved, said beside the Save; then French, which reloads the page in French.
  await typeInto(owner, 'account-nickname', 'Tess from Support');
  await owner.click(byId('account-sound'));
  await owner.select(byId('account-theme'), 'dark');
  await owner.click(byId('account-preferences-save'));
  await owner.waitForFunction((sel) => document.querySelector(sel)?.closest('.save-row')?.querySelector('[data-testid="save-status"]')?.textContent?.includes('Preferences saved.'), {}, byId('account-preferences-save'));
  expect(await htmlState(owner)).toMatchObject({ theme: 'dark' });
  await owner.select(byId('account-language'), 'fr');
  await Promise.all([owner.waitForNavigation(), owner.click(byId('account-preferences-save'))]);
  await owner.waitForSelector(byId('account-nickname'));
  expect(await htmlState(owner)).toEqual({ lang: 'fr', theme: 'dark' });
  expect(await owner.$eval('h1', (el) => el.textContent)).toBe('Votre compte');
  expect(await accessibilityViolations(owner)).toEqual([]);
  await screenshot(owner, 'account-dark-desktop');
  await owner.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await owner.reload();
  await owner.waitForSelector(byId('account-nickname'));
  expect(await accessibilityViolations(owner)).toEqual([]);
  await screenshot(owner, 'account-dark-phone', { fullPage: true });
  await owner.setViewport({ width: 1280, height: 720 });

  // The console: the nickname and picture in its top bar, and its own sound switch reads the same setting.
  await owner.goto(`${server.url}/console`);
  await owner.waitForSelector(byId('alert-sound'));
  expect(await owner.$eval(byId('topbar-name'), (el) => el.textContent)).toBe('Tess from Support');
  expect(await owner.$eval('.topbar img.avatar', (el) => el.getAttribute('src'))).toMatch(/^\/api\/avatars\/[0-9a-f]{64}$/);
  expect(await owner.$eval(byId('sessions-link'), (el) => [el.getAttribute('aria-current'), el.textContent])).toEqual(['page', 'Sessions']);
  // One line of pages at 1280 px, in French too: the screen below gets the height.
  const navRows = await owner.$$eval(`${byId('staff-nav')} a`, (links) => new Set(links.map((a) => Math.round(a.getBoundingClientRect().top))).size);
  expect(navRows).toBe(1);
  expect(await owner.$eval(byId('alert-sound'), (el) => (el as HTMLInputElement).checked)).toBe(false);
  expect(await accessibilityViolations(owner)).toEqual([]);
  await screenshot(owner, 'console-topbar-dark');
  // Turning the sound back on in the console (its settings popover) saves it for the person: the account page says so.
  await openPopover(owner, 'console-settings');
  await Promise.all([owner.waitForResponse((r) => r.url().endsWith('/api/account/preferences') && r.ok()), owner.click(byId('alert-sound'))]);

  // Another browser profile: nothing saved in it, yet after signing in it is French, dark and has the sound on.
  await signIn(elsewhere, server.url, OWNER);
  expect(await htmlState(elsewhere)).toEqual({ lang: 'fr', theme: 'dark' });
  expect(await elsewhere.$eval(byId('alert-sound'), (el) => (el as HTMLInputElement).checked)).toBe(true);
  await elsewhere.goto(`${server.url}/account`);
  await elsewhere.waitForSelector(byId('account-nickname'));
  expect(await elsewhere.$eval(byId('account-nickname'), (el) => (el as HTMLInputElement).value)).toBe('Tess from Support');
  expect(await elsewhere.$eval(byId('account-sound'), (el) => (el as HTMLInputElement).checked)).toBe(true);
  await elsewhere.reload();
  await elsewhere.waitForSelector(byId('account-nickname'));
  expect(await htmlState(elsewhere)).toEqual({ lang: 'fr', theme: 'dark' });

  // Back to light and to this browser's language, from the account page: both browsers follow at their next page.
  await elsewhere.select(byId('account-theme'), 'light');
  await elsewhere.select(byId('account-language'), '');
  await Promise.all([elsewhere.waitForNavigation(), elsewhere.click(byId('account-preferences-save'))]);
  await elsewhere.waitForSelector(byId('account-nickname'));
  expect(await htmlState(elsewhere)).toMatchObject({ theme: 'light' });
  await owner.goto(`${server.url}/account`);
  await owner.waitForSelector(byId('account-nickname'));
  expect(await htmlState(owner)).toMatchObject({ theme: 'light' });
  await owner.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await owner.reload();
  await owner.waitForSelector(byId('account-nickname'));
  await screenshot(owner, 'account-light-phone', { fullPage: true });
  await owner.setViewport({ width: 1280, height: 720 });
  expect(pageErrors).toEqual([]);
});
