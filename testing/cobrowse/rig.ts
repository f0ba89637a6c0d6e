/**
 * DOM co-browse in real Chromium, without the product server: a host page (the customer's site: recorder and
 * executor, testing/cobrowse/host-entry.ts) and a console page (the mirror, console-entry.ts), each bundled with
 * esbuild and served from its own http server on 127.0.0.1 port 0, so they are two origins as in production. The
 * two talk through the test (every message seen by Node, in order) or over a real WebRTC data channel signalled
 * through the test. Used by the co-browse integration tests and the bench's cobrowse-mirror figure.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from '../../e2e/support/browser';
import type { LinkMode } from './page-link';

const here = import.meta.dirname;
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

/** The customer's page: a little of everything co-browse must mirror, mask, refuse or carry out. */
export const HOST_BODY = `
<header><h1 id="title">Northwind Outfitters</h1></header>
<main>
  <p id="live">Before recording</p>
  <p>Clicks: <span id="clicks">0</span></p>
  <button id="press" type="button" style="width:160px;height:48px">Press me</button>
  <label>Name <input id="name" autocomplete="off"></label>
  <label>Password <input id="secret" type="password" value="hunter2hunter2"></label>
  <input id="csrf" type="hidden" value="CSRF-TOKEN-0xfeed">
  <div id="account" data-lifeline-private title="TITLE-SECRET-4242">Account ACCOUNT-4242-SECRET <b>IBAN-SECRET-9911</b></div>
  <select id="plan" data-lifeline-private><option value="basic">Basic</option><option value="gold" selected>GOLD-PLAN-SECRET</option></select>
  <div class="customer-notes">NOTE-SECRET-77 about the customer</div>
  <section class="public"><h2 id="public-title">Today's offers</h2><input id="coupon" value="COUPON-PUBLIC-5"></section>
  <textarea id="message">MESSAGE-DEFAULT-TEXT</textarea>
  <a id="away" href="ELSEWHERE/collect">Leave</a>
  <div id="lifeline-panel" class="lifeline-panel" data-lifeline-own style="position:fixed;right:8px;bottom:8px;width:180px;height:60px;background:#fee">
    <button id="own-stop" type="button">OWN-UI-STOP-BUTTON</button>
  </div>
  <div id="tall" style="height:2000px">tall</div>
</main>
<script>
  window.clicks = 0;
  window.clickTimes = [];
  document.getElementById('press').addEventListener('click', () => {
    window.clickTimes.push(performance.timeOrigin + performance.now());
    document.getElementById('clicks').textContent = String(++window.clicks);
  });
  window.ownClicks = 0;
  document.getElementById('own-stop').addEventListener('click', () => window.ownClicks++);
</script>`;

const CONSOLE_BODY = '<div id="mirror" style="width:640px;height:480px;border:1px solid #888"></div>';

export interface CobrowseRig {
  browser: Browser;
  host: Page;
  console: Page;
  hostOrigin: string;
  consoleOrigin: string;
  /** Every message relayed in mode `test`, in order. */
  toConsole: string[];
  toHost: string[];
  pageErrors: string[];
  /**
   * Loads both pages afresh and connects them (a new recording needs a new page: rrweb records once per page).
   * `hostClockSkewMs`: the host page's Date.now() runs this far ahead (or behind), as another machine's would.
   */
  open(options?: { hostBody?: string; hostClockSkewMs?: number }): Promise<void>;
  close(): Promise<void>;
}

let bundles: Promise<{ host: string; console: string }> | null = null;

/** Both entries, bundled once per process (esbuild, browser IIFE). */
function bundle(): Promise<{ host: string; console: string }> {
  bundles ??= (async () => {
    const result = await build({
      entryPoints: { host: path.join(here, 'host-entry.ts'), console: path.join(here, 'console-entry.ts') },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      write: false,
      outdir: 'out',
      logLevel: 'silent',
    });
    const text = (name: string) => result.outputFiles.find((file) => path.basename(file.path) === `${name}.js`)!.text;
    return { host: text('host'), console: text('console') };
  })();
  return bundles;
}

function page(title: string, body: string, script: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><script>${NAME_SHIM}</script></head><body>${body}<script src="/${script}"></script></body></html>`;
}

async function serve(routes: (url: string) => { type: string; body: string } | null): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    if (request.url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const found = routes(request.url ?? '/');
    if (!found) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-store' }).end(found.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function startCobrowseRig(mode: LinkMode, options: { browser?: Browser } = {}): Promise<CobrowseRig> {
  const code = await bundle();
  let hostBody = HOST_BODY;
  const consoleSide = await serve((url) =>
    url === '/' ? { type: 'text/html', body: page('Console', CONSOLE_BODY, 'console.js') } : url === '/console.js' ? { type: 'text/javascript', body: code.console } : null,
  );
  // The link points at the console's origin: another origin, as a link to another site would be.
  const hostSide = await serve((url) =>
    url === '/' ? { type: 'text/html', body: page('Shop', hostBody.replaceAll('ELSEWHERE', consoleSide.origin), 'host.js') } : url === '/host.js' ? { type: 'text/javascript', body: code.host } : null,
  );
  const browser = options.browser ?? (await launchBrowser({ windowSize: { width: 1000, height: 700 } }));
  const pageErrors: string[] = [];
  const watch = (p: Page, name: string) => {
    p.on('pageerror', (error) => pageErrors.push(`${name}: ${String(error)}`));
    p.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${name}: ${message.text()}`);
    });
  };
  // Windows, not tabs: a background tab gets no animation frames, so no scroll events and no puppeteer clicks.
  const host = await browser.newPage({ type: 'window' });
  const consolePage = await browser.newPage({ type: 'window' });
  watch(host, 'host');
  watch(consolePage, 'console');
  const toConsole: string[] = [];
  const toHost: string[] = [];
  let skewScript: string | null = null;
  // In order, one at a time: evaluate calls racing each other could reorder the stream.
  let toConsoleQueue = Promise.resolve();
  let toHostQueue = Promise.resolve();
  const relay = (queue: 'console' | 'host', run: () => Promise<unknown>) => {
    const next = (queue === 'console' ? toConsoleQueue : toHostQueue).then(run).then(
      () => undefined,
      (error: unknown) => void pageErrors.push(`relay to ${queue}: ${String(error)}`),
    );
    if (queue === 'console') toConsoleQueue = next;
    else toHostQueue = next;
  };
  await host.exposeFunction('__lifelineOut', (wire: string) => {
    toConsole.push(wire);
    relay('console', () => consolePage.evaluate((w) => window.lifelineConsole.receive(w), wire));
  });
  await consolePage.exposeFunction('__lifelineOut', (wire: string) => {
    toHost.push(wire);
    relay('host', () => host.evaluate((w) => window.lifelineHost.receive(w), wire));
  });
  await host.exposeFunction('__lifelineSignal', (signal: string) => relay('console', () => consolePage.evaluate((s) => window.lifelineConsole.signal(s), signal)));
  await consolePage.exposeFunction('__lifelineSignal', (signal: string) => relay('host', () => host.evaluate((s) => window.lifelineHost.signal(s), signal)));

  return {
    browser,
    host,
    console: consolePage,
    hostOrigin: hostSide.origin,
    consoleOrigin: consoleSide.origin,
    toConsole,
    toHost,
    pageErrors,
    async open(openOptions = {}) {
      hostBody = openOptions.hostBody ?? HOST_BODY;
      toConsole.length = 0;
      toHost.length = 0;
      if (skewScript) await host.removeScriptToEvaluateOnNewDocument(skewScript);
      skewScript = null;
      if (openOptions.hostClockSkewMs) {
        // Before any script of the page: rrweb takes Date.now once, when it loads.
        ({ identifier: skewScript } = await host.evaluateOnNewDocument((skew: number) => {
          const now = Date.now.bind(Date);
          Date.now = () => now() + skew;
        }, openOptions.hostClockSkewMs));
      }
      await Promise.all([host.goto(`${hostSide.origin}/`), consolePage.goto(`${consoleSide.origin}/`)]);
      // Both ends wait for the link to open; with WebRTC the host offers and the signals cross through Node.
      await withTimeout(
        'the pages\' link to open',
        15_000,
        Promise.all([host.evaluate((m) => window.lifelineHost.connect(m), mode), consolePage.evaluate((m) => window.lifelineConsole.connect(m), mode)]),
        async () => ({ host: await host.evaluate(() => window.lifelineHost.describeLink()), console: await consolePage.evaluate(() => window.lifelineConsole.describeLink()) }),
      );
    },
    async close() {
      if (!options.browser) await browser.close();
      else await Promise.all([host.close(), consolePage.close()]);
      // The browser keeps connections alive past its pages: close them, or close() waits for them.
      await Promise.all(
        [hostSide.server, consoleSide.server].map((server) => {
          const closed = new Promise((resolve) => server.close(resolve));
          server.closeAllConnections();
          return closed;
        }),
      );
    },
  };
}

/** A wait that says, when it gives up, what it waited for and where things stood. */
export async function withTimeout<T>(what: string, ms: number, work: Promise<T>, state: () => Promise<unknown>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void state().then(
        (described) => reject(new Error(`Timed out after ${ms} ms waiting for ${what}. State: ${JSON.stringify(described)}`)),
        (error: unknown) => reject(new Error(`Timed out after ${ms} ms waiting for ${what} (state unavailable: ${String(error)})`)),
      );
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
