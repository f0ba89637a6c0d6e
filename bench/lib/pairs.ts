import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import { byId, consent, createSession, enterCode, setupOwner } from '../../e2e/support/flows';
import type { TestServer } from '../../testing/server';
import type { BaselineServer } from './baseline';
import { peerStates, preparePage, videoStats } from './in-page';
import { within } from './util';

export type Route = 'direct' | 'relay';
export type Kind = 'product' | 'baseline';

/** A connected sender (customer) and viewer (technician), ready for "Share". */
export interface Pair {
  kind: Kind;
  sender: Page;
  viewer: Page;
  shareSelector: string;
  videoSelector: string;
  /** Where things stand, for timeout reports. */
  describe(): Promise<unknown>;
  close(): Promise<void>;
}

export async function describePage(page: Page): Promise<unknown> {
  try {
    return await page.evaluate(() => ({
      url: location.pathname,
      peers: (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs?.map((pc) => `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}`) ?? [],
      route: document.querySelector('[data-testid="connection-route"]')?.getAttribute('data-route') ?? null,
      video: Boolean(document.querySelector('video')),
      text: document.body?.innerText.replace(/\s+/g, ' ').slice(0, 160),
    }));
  } catch (error) {
    return `unavailable: ${String(error)}`;
  }
}

/** The product: the technician's console (signed in once) and the customer's join page, through the real server. */
export class ProductSide {
  private sessions = 0;
  private consolePage: Page | null = null;

  constructor(
    private readonly server: TestServer,
    private readonly techBrowser: Browser,
    private readonly route: Route,
  ) {}

  /** The technician's console page, signed in once and reused by every session. */
  async console(): Promise<Page> {
    if (this.consolePage) return this.consolePage;
    const page = await this.techBrowser.newPage();
    await preparePage(page);
    await within('the owner setup in the console', 30_000, setupOwner(page, this.server.url), () => describePage(page));
    this.consolePage = page;
    return page;
  }

  /** A fresh support session: code, join, consent, and the peer connection up on the expected route. */
  async open(customer: Page): Promise<Pair> {
    const tech = await this.console();
    const n = ++this.sessions;
    await tech.bringToFront();
    const { code } = await within('a new session in the console', 20_000, createSession(tech, `Bench customer ${n}`), () => describePage(tech));
    await customer.bringToFront();
    await within('the customer entering the code', 20_000, enterCode(customer, this.server.url, code), () => describePage(customer));
    await within('the customer consenting', 20_000, consent(customer), () => describePage(customer));
    await Promise.all([waitForRoute(customer, this.route, 'customer'), waitForRoute(tech, this.route, 'technician')]);
    await checkStatsRoute(tech, this.route);
    return {
      kind: 'product',
      sender: customer,
      viewer: tech,
      shareSelector: byId('share-screen'),
      videoSelector: byId('remote-screen'),
      describe: async () => ({ customer: await describePage(customer), technician: await describePage(tech) }),
      close: async () => {
        if (await customer.$(byId('end-session'))) {
          await customer.click(byId('end-session'));
          await within('the session to end', 15_000, customer.waitForSelector(byId('session-ended'), { timeout: 16_000 }), () => describePage(customer));
        }
      },
    };
  }
}

async function waitForRoute(page: Page, route: Route, who: string): Promise<void> {
  await within(
    `the ${who}'s connection-route to show ${route}`,
    30_000,
    page.waitForFunction((sel, r) => document.querySelector(sel)?.getAttribute('data-route') === r, { timeout: 31_000, polling: 50 }, byId('connection-route'), route),
    () => describePage(page),
  );
}

/** Our own check of the selected candidate pair (getStats on the viewer), independent of the product's badge. */
async function checkStatsRoute(viewer: Page, route: Route): Promise<void> {
  const stats = await within('getStats on the viewer', 10_000, async () => {
    for (;;) {
      const s = await viewer.evaluate(videoStats);
      if (s?.localCandidateType) return s;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, () => viewer.evaluate(peerStates));
  const relayed = stats.localCandidateType === 'relay' || stats.remoteCandidateType === 'relay';
  if (relayed !== (route === 'relay')) {
    throw new Error(`Expected a ${route} candidate pair, got ${stats.localCandidateType}/${stats.remoteCandidateType}`);
  }
}

/** The baseline: bare pages opened fresh for each run (new tabs in the same two browsers). */
export class BaselineSide {
  constructor(
    private readonly server: BaselineServer,
    private readonly techBrowser: Browser,
    private readonly route: Route,
  ) {}

  /** `customerBrowser` may be a browser context: in a headful browser its page opens in a window of its own. */
  async open(customerBrowser: { newPage(): Promise<Page> }): Promise<Pair> {
    const room = randomUUID();
    const query = `room=${room}&relay=${this.route === 'relay' ? 1 : 0}&turn=${this.server.turnPort}`;
    const viewer = await this.techBrowser.newPage();
    const sender = await customerBrowser.newPage();
    const close = async () => {
      await within('the baseline pages to close', 15_000, Promise.all([sender.close().catch(() => undefined), viewer.close().catch(() => undefined)]));
    };
    try {
      await Promise.all([preparePage(viewer), preparePage(sender)]);
      await within('the baseline pages to load', 20_000, Promise.all([viewer.goto(`${this.server.url}/viewer?${query}`), sender.goto(`${this.server.url}/sender?${query}`)]));
      await sender.bringToFront();
      const connected = () => (window as unknown as { pc?: RTCPeerConnection }).pc?.connectionState === 'connected';
      await within(
        'the baseline pages to connect',
        30_000,
        Promise.all([viewer.waitForFunction(connected, { timeout: 31_000, polling: 50 }), sender.waitForFunction(connected, { timeout: 31_000, polling: 50 })]),
        async () => ({ sender: await sender.evaluate(peerStates), viewer: await viewer.evaluate(peerStates) }),
      );
      await checkStatsRoute(viewer, this.route);
    } catch (error) {
      await close();
      throw error;
    }
    return {
      kind: 'baseline',
      sender,
      viewer,
      shareSelector: '#share',
      videoSelector: '#remote',
      describe: async () => ({ sender: await describePage(sender), viewer: await describePage(viewer) }),
      close,
    };
  }
}
