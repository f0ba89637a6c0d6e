import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { launchFirefox, newPage, screenshot } from './support/browser';
import { byId, consent, createSession, OWNER, sendChat, setupOwner, typeInto, waitForChat } from './support/flows';
import { useRig } from './support/rig';

const rig = useRig();

const BRAND = { name: 'Northwind Help', accent: '#c2410c', contact: 'Call us on 0800 555 0100, Monday to Friday 9:00-17:00' };
const COMMENT = 'Fixed my printer in five minutes, thank you!';

/** A logo as a designer would hand it over: a PNG drawn by the browser (a mark and a word on transparency). */
async function drawLogo(page: Page): Promise<string> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 360;
    canvas.height = 96;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#c2410c';
    g.beginPath();
    g.arc(48, 48, 40, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = 'bold 44px sans-serif';
    g.fillText('N', 33, 63);
    g.fillStyle = '#7c2d12';
    g.font = 'bold 44px sans-serif';
    g.fillText('Northwind', 104, 64);
    return canvas.toDataURL('image/png');
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lifeline-logo-')), 'logo.png');
  writeFileSync(file, Buffer.from(dataUrl.split(',')[1], 'base64'));
  return file;
}

/** Light and dark, desktop and phone: the same page four times, as the issue asks to look at it. */
async function shots(page: Page, name: string, options: { reload?: boolean } = {}): Promise<void> {
  for (const [label, viewport] of [['desktop', { width: 1280, height: 720 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewport(viewport);
    for (const theme of ['light', 'dark'] as const) {
      // A page that can be loaded again is, so its theme switch says what it will do; a session's page keeps its state.
      if (options.reload) {
        await page.evaluate((t) => localStorage.setItem('lifeline.theme', t), theme);
        await page.reload();
        await page.waitForFunction(() => [...document.querySelectorAll('img')].every((img) => img.complete));
      } else await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      await screenshot(page, `brand-${name}-${label}-${theme}`, { fullPage: true });
      expect(await accessibilityViolations(page), `${name} ${label} ${theme}`).toEqual([]);
    }
  }
  await page.setViewport({ width: 1280, height: 720 });
  await page.evaluate(() => localStorage.setItem('lifeline.theme', 'light'));
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
}

async function loadedImage(page: Page, testId: string): Promise<{ width: number; src: string }> {
  await page.waitForFunction((sel) => {
    const img = document.querySelector(sel) as HTMLImageElement | null;
    return img?.complete && img.naturalWidth > 0;
  }, { timeout: 10_000 }, byId(testId));
  return page.$eval(byId(testId), (img) => ({ width: (img as HTMLImageElement).naturalWidth, src: (img as HTMLImageElement).getAttribute('src')! }));
}

it("brands the customer's pages from the first pixel, names the technician at consent, and takes a rating that reaches the log and reports", async () => {
  const { server, tech, customer, pageErrors } = rig;
  await tech.setViewport({ width: 1280, height: 720 });
  await customer.setViewport({ width: 1280, height: 720 });
  await setupOwner(tech, server.url);

  // Settings -> Branding: name, logo, colour and contact line, with the preview following the form.
  await tech.goto(`${server.url}/admin/settings`);
  await typeInto(tech, 'branding-name', BRAND.name);
  const input = (await tech.waitForSelector(byId('branding-logo-input'))) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(await drawLogo(tech));
  await tech.waitForSelector(`${byId('branding-preview')} img.brand-logo`);
  await tech.click(byId('branding-own-accent'));
  await typeInto(tech, 'branding-accent', BRAND.accent);
  await typeInto(tech, 'branding-contact', BRAND.contact);
  expect(await tech.$eval(byId('branding-preview'), (el) => el.textContent)).toContain(BRAND.name);
  expect(await tech.$eval(`${byId('branding-preview')} button`, (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(194, 65, 12)');
  await tech.click(byId('branding-save'));
  await tech.waitForSelector(byId('branding-status'));
  await tech.waitForFunction((name) => document.querySelector('.topbar')?.textContent?.includes(name), { timeout: 10_000 }, BRAND.name);
  await shots(tech, 'settings', { reload: true });

  // The code page: the organisation's logo and name before any code is typed, in its colour, with the contact line.
  await customer.goto(`${server.url}/`);
  const logo = await loadedImage(customer, 'brand-logo');
  expect(logo.width).toBe(360);
  expect(logo.src).toMatch(/^\/brand\/logo\/[\w-]{22}$/);
  expect(await customer.$eval(byId('brand-name'), (el) => el.textContent)).toBe(BRAND.name);
  expect(await customer.$eval(byId('brand-contact'), (el) => el.textContent)).toBe(BRAND.contact);
  expect(await customer.$eval(byId('code-submit'), (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(194, 65, 12)');
  await shots(customer, 'code', { reload: true });

  // Consent: who asks (name and face), the code the customer typed, and how to stop, before anything is allowed.
  await tech.goto(`${server.url}/console`);
  await tech.waitForSelector(byId('new-session'));
  const { code } = await createSession(tech, 'Casey Customer');
  await typeInto(customer, 'code-input', code);
  await customer.click(byId('code-submit'));
  await customer.waitForSelector(byId('consent-accept'), { visible: true });
  // The session waits for the technician to pick it up; once they do, the page names them.
  await customer.waitForFunction((sel, name) => document.querySelector(sel)?.textContent === name, { timeout: 15_000 }, byId('technician-name'), OWNER.name);
  expect(await customer.$eval(byId('consent-code'), (el) => el.getAttribute('data-code'))).toBe(code);
  expect(await customer.$eval('.consent-who .avatar', (el) => el.textContent)).toBe('TT');
  expect(await customer.$eval(byId('consent-stop'), (el) => el.textContent)).toContain('Shift+Esc');
  await loadedImage(customer, 'brand-logo');
  await shots(customer, 'consent');

  // A short conversation, then the technician ends the session.
  await consent(customer);
  await sendChat(tech, 'Hello Casey, I am on it.');
  await waitForChat(customer, 'Hello Casey');
  await sendChat(customer, 'Thanks, the printer is stuck.');
  await waitForChat(tech, 'the printer is stuck');
  await tech.click(byId('end-session'));
  const confirm = await tech.waitForSelector(byId('end-confirm'), { timeout: 1000 }).catch(() => null);
  if (confirm) await confirm.click();
  await customer.waitForSelector(byId('session-ended'), { visible: true, timeout: 15_000 });
  await loadedImage(customer, 'brand-logo');

  // The transcript: the chat as text, built by the page in the customer's language.
  const downloads = mkdtempSync(path.join(tmpdir(), 'lifeline-transcript-'));
  const cdp = await customer.createCDPSession();
  await cdp.send('Page.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await customer.click(byId('transcript-download'));
  // The file can show up before Chromium has written it (it was read empty once, on a loaded machine): wait for
  // text that stays the same between two looks.
  const deadline = Date.now() + 10_000;
  let transcript = '';
  for (let last = ''; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const file = readdirSync(downloads).find((f) => f.endsWith('.txt'));
    const text = file ? readFileSync(path.join(downloads, file), 'utf8') : '';
    if (text && text === last) {
      transcript = text;
      break;
    }
    last = text;
  }
  expect(transcript).toContain(`Chat with ${BRAND.name}`);
  expect(transcript).toMatch(/Tess Technician: Hello Casey, I am on it\./);
  expect(transcript).toMatch(/You: Thanks, the printer is stuck\./);

  await shots(customer, 'ended');
  await customer.click(byId('rating-4'));
  await typeInto(customer, 'rating-comment', COMMENT);
  await customer.click(byId('rating-submit'));
  await customer.waitForSelector(byId('rating-thanks'), { visible: true });
  await screenshot(customer, 'brand-ended-rated-desktop-light', { fullPage: true });

  // The technician's log shows the rating and the comment; the report averages it per technician.
  await tech.goto(`${server.url}/console/log?view=closed`);
  expect(await tech.$eval(byId('log-rating'), (el) => [el.getAttribute('data-rating'), el.textContent])).toEqual(['4', '4 / 5']);
  await Promise.all([tech.waitForNavigation(), tech.click(byId('log-open'))]);
  expect(await tech.$eval(byId('log-session-rating'), (el) => el.textContent)).toBe('4 / 5');
  expect(await tech.$eval(byId('log-rating-comment'), (el) => el.textContent)).toBe(COMMENT);
  await screenshot(tech, 'brand-log-session', { fullPage: true });
  await tech.goto(`${server.url}/admin/reports`);
  expect(await tech.$eval(byId('report-rating'), (el) => el.getAttribute('data-rating'))).toBe('4');
  const row = await tech.$$eval(byId('report-row'), (rows) => rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('[data-testid="report-row-rating"]')?.textContent]));
  expect(row).toContainEqual([OWNER.name, '4.0 / 5 (1 rating)']);
  await screenshot(tech, 'brand-reports', { fullPage: true });
  expect(pageErrors).toEqual([]);
});

it('does the same for a customer in Firefox ESR: the brand, the technician and the code at consent, a rating at the end', async () => {
  const { server, tech, pageErrors } = rig;
  const firefox = await launchFirefox();
  try {
    const customer = await newPage(firefox, pageErrors);
    await customer.goto(`${server.url}/`);
    await loadedImage(customer, 'brand-logo');
    expect(await customer.$eval(byId('brand-contact'), (el) => el.textContent)).toBe(BRAND.contact);

    await tech.goto(`${server.url}/console`);
    await tech.waitForSelector(byId('new-session'));
    const { code } = await createSession(tech, 'Felix Firefox');
    await typeInto(customer, 'code-input', code);
    await customer.click(byId('code-submit'));
    await customer.waitForFunction((sel, name) => document.querySelector(sel)?.textContent === name, { timeout: 15_000 }, byId('technician-name'), OWNER.name);
    expect(await customer.$eval(byId('consent-code'), (el) => el.getAttribute('data-code'))).toBe(code);
    await screenshot(customer, 'brand-consent-firefox');
    await consent(customer);
    await tech.click(byId('end-session'));
    const confirm = await tech.waitForSelector(byId('end-confirm'), { timeout: 1000 }).catch(() => null);
    if (confirm) await confirm.click();
    await customer.waitForSelector(byId('session-ended'), { visible: true, timeout: 15_000 });
    await customer.click(byId('rating-5'));
    await customer.click(byId('rating-submit'));
    await customer.waitForSelector(byId('rating-thanks'), { visible: true });
    await screenshot(customer, 'brand-ended-firefox');

    // Two ratings now, 4 and 5: the technician's average is 4.5.
    await tech.goto(`${server.url}/admin/reports`);
    expect(await tech.$eval(byId('report-rating'), (el) => el.getAttribute('data-rating'))).toBe('4.5');
    expect(pageErrors).toEqual([]);
  } finally {
    await firefox.close();
  }
});
