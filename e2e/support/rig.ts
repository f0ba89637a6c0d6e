import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../core/clock';
import { startTestServer, type TestServer } from '../../testing/server';
import { launchBrowser, newPage } from './browser';

export interface Rig {
  server: TestServer;
  tech: Page;
  /** The first customer; `customers` holds all of them. */
  customer: Page;
  customers: Page[];
  /** Uncaught errors and console errors of every page, for a test to assert there were none. */
  pageErrors: string[];
}

/**
 * The real server and one Chromium per person (the technician, then each customer), started before the
 * file's tests and closed after them. Read the fields inside tests: they are filled in beforeAll.
 */
export function useRig(options: { env?: Record<string, string>; clock?: Clock; customers?: number } = {}): Rig {
  const rig = { pageErrors: [] as string[], customers: [] as Page[] } as unknown as Rig;
  let browsers: Browser[] = [];
  beforeAll(async () => {
    rig.server = await startTestServer({ env: options.env, clock: options.clock });
    browsers = await Promise.all(Array.from({ length: 1 + (options.customers ?? 1) }, () => launchBrowser()));
    rig.tech = await newPage(browsers[0], rig.pageErrors);
    rig.customers = await Promise.all(browsers.slice(1).map((browser) => newPage(browser, rig.pageErrors)));
    rig.customer = rig.customers[0];
  });
  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await rig.server?.close();
  });
  return rig;
}
