import type { HTTPRequest, Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { byId, createSession, setupOwner, typeInto } from './support/flows';
import { useRig } from './support/rig';

const rig = useRig();

/**
 * Holds the customer pages' script back until the test lets it go, as a slow network does: the server-rendered
 * form is on screen and people type into it before any of our code runs.
 */
async function holdScript(page: Page): Promise<{ release: () => void; done: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.setRequestInterception(true);
  const onRequest = (request: HTTPRequest) => {
    if (new URL(request.url()).pathname === '/customer.js') void released.then(() => request.continue());
    else void request.continue();
  };
  page.on('request', onRequest);
  return {
    release,
    done: async () => {
      page.off('request', onRequest);
      await page.setRequestInterception(false);
    },
  };
}

/** The page's code has taken over: the theme switch renders only in the browser. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('.center-page .row button').length > 0, { timeout: 15_000 });
}

it("keeps what the customer typed into the server-rendered form before the page's script arrived, and acts on it", async () => {
  const { server, tech, customer, pageErrors } = rig;
  await setupOwner(tech, server.url);

  // The code form: typed before the script, the code is there once it runs, and the button takes it.
  const { code } = await createSession(tech, 'Early Typist');
  const held = await holdScript(customer);
  // A deferred script holds DOMContentLoaded back too: the page is on screen long before `goto` would return.
  const loaded = customer.goto(`${server.url}/join`);
  await typeInto(customer, 'code-input', code);
  // Without the script the form cannot be sent (the button is rendered disabled until the code is checked).
  expect(await customer.$eval(byId('code-submit'), (el) => (el as HTMLButtonElement).disabled)).toBe(true);
  held.release();
  await loaded;
  await hydrated(customer);
  await customer.waitForFunction((selector) => !(document.querySelector(selector) as HTMLButtonElement).disabled, {}, byId('code-submit'));
  expect(await customer.$eval(byId('code-input'), (el) => (el as HTMLInputElement).value)).toBe(code);
  await customer.click(byId('code-submit'));
  await customer.waitForSelector(byId('consent-accept'), { visible: true });
  await held.done();

  // A channel's form: the name and a required field typed before the script are what the server receives.
  const created = await tech.evaluate(async () => {
    const snapshot = (await (await fetch('/api/admin/organisation')).json()) as { groups: { id: string; parentId: string | null }[] };
    const root = snapshot.groups.find((group) => group.parentId === null)!;
    const response = await fetch('/api/admin/channels', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Early shop', groupIds: [root.id], fields: [{ id: 'order', label: 'Order number', type: 'short_text', required: true }] }),
    });
    return { status: response.status, body: (await response.json()) as { channel?: { slug: string } } };
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const slug = created.body.channel!.slug;

  // Another customer, in a browser profile of their own (in the first one's, the page would resume its session).
  const context = await customer.browser().createBrowserContext();
  const erin = await context.newPage();
  erin.on('pageerror', (error) => pageErrors.push(String(error)));
  const again = await holdScript(erin);
  const loadedAgain = erin.goto(`${server.url}/c/${slug}`);
  await typeInto(erin, 'widget-name', 'Erin Early');
  await erin.type('[data-testid="widget-field"][data-label="Order number"]', 'A-1234');
  again.release();
  await loadedAgain;
  await hydrated(erin);
  await erin.click(byId('widget-submit'));
  // Accepted as sent (a refusal would keep the form, with an error beside the field): the session asks consent.
  await erin.waitForSelector(byId('consent-accept'), { visible: true });
  await again.done();

  // The technician's queue shows the customer's name and the value typed before the script ran.
  await tech.waitForFunction(() => [...document.querySelectorAll('[data-testid="queue-row"]')].some((row) => row.textContent?.includes('Erin Early') && row.textContent.includes('A-1234')), { timeout: 15_000 });
  await context.close();
  expect(pageErrors).toEqual([]);
});
