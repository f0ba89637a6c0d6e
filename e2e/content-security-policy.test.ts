import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import { afterAll, expect, it } from 'vitest';
import { launchFirefox, newPage } from './support/browser';
import { takeCspViolations } from './support/csp-watch';
import { byId, setupOwner } from './support/flows';
import { shopPage, startHostSite } from './support/host-site';
import { useRig } from './support/rig';

const rig = useRig();
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/**
 * What an injected script (an XSS) would put on one of our pages: markup with an inline handler. It does not run
 * under the page's policy, and the harness sees the attempt (csp-watch.ts), which is also what makes every other
 * e2e test fail when the product itself breaks its policy. (A script element that script creates would run: that is
 * what 'strict-dynamic' trusts, so Next's chunk loader works; it needs a script of ours running first.)
 */
async function injectHandler(page: Page | Frame): Promise<boolean> {
  return page.evaluate(async () => {
    document.body.insertAdjacentHTML('beforeend', '<img src="data:,not-an-image" onerror="window.__injected = true">');
    await new Promise((resolve) => setTimeout(resolve, 300));
    return (window as { __injected?: boolean }).__injected === true;
  });
}

async function expectBlocked(page: Page | Frame, what: string): Promise<void> {
  expect(await injectHandler(page), `${what}: an injected handler ran`).toBe(false);
  const seen: string[] = [];
  await expect.poll(() => seen.push(...takeCspViolations()) && seen.join('\n'), { timeout: 5_000 }).toMatch(/CSP violation: script-src-attr/);
  // Chromium logs the refusal itself as well, about when the event fires: let it arrive, then forget both.
  await new Promise((resolve) => setTimeout(resolve, 300));
  takeCspViolations();
}

it('runs our pages under their policy in Chromium and refuses inline script injected into them', async () => {
  const { server, tech, customer, pageErrors } = rig;
  await setupOwner(tech, server.url);
  // The console (Next) works: the queue renders, its socket connected.
  await tech.waitForSelector(byId('new-session'), { visible: true });
  expect(takeCspViolations()).toEqual([]);
  await expectBlocked(tech, 'console');

  // The customer's page (ours, not Next's) hydrates with its nonce'd script.
  await customer.goto(`${server.url}/join`);
  await customer.waitForFunction(() => document.querySelectorAll('.center-page .row button').length > 0, { timeout: 15_000 });
  expect(takeCspViolations()).toEqual([]);
  await expectBlocked(customer, '/join');
  // Chromium logs each refusal as an error too; those were ours.
  pageErrors.splice(0, pageErrors.length);
});

it('runs the customer page under its policy in Firefox too', async () => {
  const firefox = await launchFirefox();
  closers.push(() => firefox.close());
  const errors: string[] = [];
  const page = await newPage(firefox, errors);
  await page.goto(`${rig.server.url}/join`);
  await page.waitForFunction(() => document.querySelectorAll('.center-page .row button').length > 0, { timeout: 15_000 });
  expect(takeCspViolations()).toEqual([]);
  await expectBlocked(page, 'Firefox /join');
});

it("watches the widget's frame too, inside a company's page on another site", async () => {
  const { server, tech, customer } = rig;
  const shop = await startHostSite(() => shopPage(server.url, slug));
  closers.push(() => shop.close());
  const created = await tech.evaluate(async (origin) => {
    const snapshot = (await (await fetch('/api/admin/organisation')).json()) as { groups: { id: string; parentId: string | null }[] };
    const root = snapshot.groups.find((group) => group.parentId === null)!;
    const response = await fetch('/api/admin/channels', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Policy shop', groupIds: [root.id], allowedOrigins: [origin] }),
    });
    return (await response.json()) as { channel: { slug: string } };
  }, shop.origin);
  const slug = created.channel.slug;
  await customer.goto(shop.origin);
  await customer.click('>>> [data-testid="widget-launcher"]');
  const handle = await customer.waitForSelector('>>> [data-testid="widget-frame"]', { timeout: 15_000 });
  const frame = (await (handle as ElementHandle<HTMLIFrameElement>).contentFrame())!;
  await frame.waitForSelector(byId('widget-submit'), { visible: true, timeout: 15_000 });
  expect(takeCspViolations()).toEqual([]);
  await expectBlocked(frame, 'the widget frame');
  rig.pageErrors.splice(0, rig.pageErrors.length);
});
