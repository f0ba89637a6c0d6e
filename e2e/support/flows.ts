import type { Page } from 'puppeteer-core';

export const OWNER = { name: 'Tess Technician', email: 'tess@example.com', password: 'a long enough password', organisation: 'Acme Support' };

const byId = (id: string) => `[data-testid="${id}"]`;
export { byId };

export async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  await page.waitForSelector(byId(testId), { visible: true });
  await page.click(byId(testId), { count: 3 });
  await page.type(byId(testId), text);
}

/** First run: the console shows the setup page; creating the owner signs them in. */
export async function setupOwner(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.waitForSelector(byId('setup-email'));
  await typeInto(page, 'setup-organisation', OWNER.organisation);
  await typeInto(page, 'setup-name', OWNER.name);
  await typeInto(page, 'setup-email', OWNER.email);
  await typeInto(page, 'setup-password', OWNER.password);
  await page.click(byId('setup-submit'));
  await page.waitForSelector(byId('new-session'));
}

export async function signIn(page: Page, baseUrl: string, as: { email: string; password: string } = OWNER): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.waitForSelector(byId('login-email'));
  await typeInto(page, 'login-email', as.email);
  await typeInto(page, 'login-password', as.password);
  await page.click(byId('login-submit'));
  await page.waitForSelector(byId('new-session'));
}

export async function createSession(page: Page, customerName: string): Promise<{ code: string; link: string }> {
  await page.click(byId('new-session'));
  await typeInto(page, 'customer-name', customerName);
  await page.click(byId('create-session'));
  await page.waitForFunction((sel) => /^\d{6}$/.test(document.querySelector(sel)?.textContent ?? ''), {}, byId('session-code'));
  const code = await page.$eval(byId('session-code'), (el) => el.textContent!.trim());
  const link = await page.$eval(byId('session-link'), (el) => el.textContent!.trim());
  return { code, link };
}

export async function enterCode(page: Page, baseUrl: string, code: string): Promise<void> {
  await page.goto(`${baseUrl}/join`);
  await typeInto(page, 'code-input', code);
  await page.click(byId('code-submit'));
}

export async function consent(page: Page): Promise<void> {
  await page.waitForSelector(byId('consent-accept'), { visible: true });
  await page.click(byId('consent-accept'));
  await page.waitForSelector(byId('share-screen'), { visible: true });
}

export async function sendChat(page: Page, text: string): Promise<void> {
  // In the console the chat is one tab of the session panel: a technician on another tab clicks Chat first.
  if (await page.$(`${byId('panel-tab-chat')}[aria-selected="false"]`)) await openPanelTab(page, 'chat');
  await typeInto(page, 'chat-input', text);
  await page.click(byId('chat-send'));
}

export async function waitForChat(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (sel, expected) => [...document.querySelectorAll(`${sel} li`)].some((li) => li.textContent?.includes(expected)),
    { timeout: 15_000 },
    byId('chat-log'),
    text,
  );
}

export async function attribute(page: Page, testId: string, name: string): Promise<string | null> {
  return page.$eval(byId(testId), (el, attr) => el.getAttribute(attr), name);
}

/** The technician ends the session from the console: End, then the confirmation. */
export async function endSession(tech: Page): Promise<void> {
  await tech.click(byId('end-session'));
  await tech.waitForSelector(byId('end-confirm'), { visible: true });
  await tech.click(byId('end-confirm'));
}

/** Brings a tab of the console's session panel to the front (Chat, Files, Notes, Details). */
export async function openPanelTab(tech: Page, tab: 'chat' | 'files' | 'notes' | 'details'): Promise<void> {
  await tech.waitForSelector(byId(`panel-tab-${tab}`), { visible: true });
  await tech.click(byId(`panel-tab-${tab}`));
  await tech.waitForSelector(`#session-panel-${tab}:not([hidden])`);
}

/** Opens one of the console's popovers (stats, the toolbar's overflow, console settings) if it is closed. */
export async function openPopover(tech: Page, testId: 'stats-toggle' | 'screen-more' | 'console-settings'): Promise<void> {
  await tech.waitForSelector(byId(testId), { visible: true });
  if ((await attribute(tech, testId, 'aria-expanded')) !== 'true') await tech.click(byId(testId));
}
