/**
 * Figure 7 (`weights`): what the customer's browser downloads before it can do anything, and how long that takes
 * on a slow phone network. Issue: "Loader script <= 10 KB gz; the widget's UI <= 120 KB gz JS; the customer's
 * /join page <= 120 KB gz JS. Interactive <= 3 s on a throttled 'slow 4G' profile."
 *
 * - The real product server (testing/server.ts, the production build of web/), an owner, a channel with a required
 *   field whose allowed origin is the bench's own little http server, and the owner's console socket connected
 *   (a channel takes sessions only while one of its technicians is online).
 * - Loader: GET /widget.js as it is (identity) and as a browser asks for it (gzip, br): raw bytes, gzip -9 of the
 *   raw bytes, and what the server sent.
 * - Pages (/join, /c/<slug>, /w/<slug>?host=<origin>&mode=form): loaded in a fresh browser context of headless
 *   Chromium with the cache off, unthrottled; every JavaScript response the page loads (CDP Network events, until
 *   the page is interactive and 1.5 s pass without a new one) is gzipped here at level 9, so the figure does not
 *   depend on the server's compression; what the server sent (encodedDataLength) is kept beside it.
 * - Interactive: the same pages (and a bare static page with one input, the baseline) in a fresh context each run,
 *   throttled through CDP as DevTools' "Slow 4G" (puppeteer's PredefinedNetworkConditions['Slow 4G'], sent as
 *   Network.emulateNetworkConditions) and a 4x slower CPU (Emulation.setCPUThrottlingRate). A probe installed
 *   before any of the page's scripts "types" every 25 ms (native value setter + input event, as a keystroke
 *   reaches React) and, on the forms, clicks submit; the page is interactive when the page's own code answered:
 *   /join (and the baseline) when the submit button turns enabled for a 6-digit code, /c and /w when the client-side
 *   check shows [data-testid="widget-field-error"] for the empty required field. Stamped by a MutationObserver, as
 *   performance.now() of the page: milliseconds since navigation start. Median of BENCH_WEIGHTS_RUNS (3) loads.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type CDPSession, type Page, PredefinedNetworkConditions } from 'puppeteer-core';
import { launchBrowser } from '../../e2e/support/browser';
import { startTestServer } from '../../testing/server';
import { testClients } from '../../testing/socket-clients';
import { Cleanup, log, median, round, sleep, within } from './util';

/** 1 KB = 1,000 bytes here (as Next's build output counts): the stricter reading of the goals. */
export const KB = 1000;
export const WEIGHT_GOALS = { loaderGzKb: 10, pageGzKb: 120, interactiveMs: 3000 } as const;
const RUNS = Math.max(1, Number(process.env.BENCH_WEIGHTS_RUNS ?? 3));
const CPU_RATE = 4;
const NETWORK = PredefinedNetworkConditions['Slow 4G'];
/** The page is done loading JavaScript once it is interactive and no new script arrived for this long. */
const QUIET_MS = 1500;
const webDir = path.resolve(import.meta.dirname, '..', '..', 'web');

export type ProbeKind = 'code' | 'form';

export interface ChunkWeight {
  url: string;
  /** The file name, for tables. */
  file: string;
  rawBytes: number;
  gzipBytes: number;
  /** What the server sent for it (encodedDataLength, headers included) and its content-encoding. */
  servedBytes: number;
  encoding: string | null;
  /** What is in it, from the build's client manifests and fingerprints of known packages. */
  contains: string[];
}

export interface PageWeight {
  name: string;
  path: string;
  /** All JavaScript responses the page loaded, biggest gzip first. */
  chunks: ChunkWeight[];
  rawBytes: number;
  gzipBytes: number;
  servedBytes: number;
  /** The HTML document (the server-rendered page, its inline CSS and the words and data its script starts from). */
  document: { rawBytes: number; gzipBytes: number; servedBytes: number; encoding: string | null } | null;
  css: { files: number; gzipBytes: number };
  goalGzBytes: number;
  met: boolean;
}

export interface InteractiveRun {
  /** Navigation start -> the page's own code answered typing (ms, the page's performance.now()). */
  interactiveMs: number;
  /** The main control in the DOM (server-rendered: visible before any script runs). */
  controlMs: number | null;
  fcpMs: number | null;
  domContentLoadedMs: number | null;
  loadMs: number | null;
  /** Probe ticks (typing attempts) until the page answered. */
  attempts: number;
  /** How the page answered (the button enabled; which field error showed). */
  answer: string;
}

export interface InteractiveSeries {
  name: string;
  path: string;
  runs: InteractiveRun[];
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  controlMedianMs: number | null;
  fcpMedianMs: number | null;
  goalMs: number | null;
  met: boolean | null;
  errors: string[];
}

export interface WeightsFigure {
  chromium: string | null;
  kb: number;
  goals: typeof WEIGHT_GOALS;
  loader: { url: string; rawBytes: number; gzipBytes: number; served: { encoding: string | null; bytes: number }; goalGzBytes: number; met: boolean } | null;
  pages: PageWeight[];
  interactive: {
    network: { name: string; latencyMs: number; downloadBytesPerSec: number; uploadBytesPerSec: number };
    cpuThrottlingRate: number;
    runs: number;
    baseline: InteractiveSeries | null;
    pages: InteractiveSeries[];
  };
  errors: string[];
}

interface Target {
  name: string;
  path: string;
  url: string;
  kind: ProbeKind;
}

export async function measureWeights(): Promise<WeightsFigure> {
  const figure: WeightsFigure = {
    chromium: null,
    kb: KB,
    goals: WEIGHT_GOALS,
    loader: null,
    pages: [],
    interactive: {
      network: { name: 'Slow 4G', latencyMs: NETWORK.latency, downloadBytesPerSec: NETWORK.download, uploadBytesPerSec: NETWORK.upload },
      cpuThrottlingRate: CPU_RATE,
      runs: RUNS,
      baseline: null,
      pages: [],
    },
    errors: [],
  };
  const cleanup = new Cleanup();
  const fail = (what: string, error: unknown) => {
    const message = `weights ${what}: ${error instanceof Error ? error.message : String(error)}`;
    figure.errors.push(message);
    log(`FAILED ${message}`);
  };
  try {
    log('weights: starting the product server and the bare page\'s server');
    const server = await within('the product server to start', 120_000, startTestServer());
    cleanup.add('product server', () => server.close());
    const bare = await serveBarePage();
    cleanup.add('bare page server', () => bare.close());

    // An owner, a channel with a required field that the bare page's origin may frame, and the owner online.
    const clients = testClients(server);
    cleanup.add('sockets', () => clients.closeAll());
    await clients.setupOwner();
    const group = await clients.firstGroupId();
    const created = await clients.postAs('/api/admin/channels', {
      name: 'Bench shop',
      groupIds: [group],
      allowedOrigins: [bare.origin],
      fields: [{ id: 'order', label: 'Order number', type: 'short_text', required: true }],
    });
    if (created.status !== 201) throw new Error(`creating the channel: ${created.status} ${JSON.stringify(created.body)}`);
    const slug = (created.body.channel as { slug: string }).slug;
    await clients.technician();

    try {
      figure.loader = await weighLoader(server.url);
      log(`weights: /widget.js ${figure.loader.rawBytes} B raw, ${figure.loader.gzipBytes} B gz -9, served ${figure.loader.served.bytes} B (${figure.loader.served.encoding ?? 'identity'})`);
    } catch (error) {
      fail('loader', error);
    }

    const targets: Target[] = [
      { name: '/join', path: '/join', url: `${server.url}/join`, kind: 'code' },
      { name: '/c/<slug>', path: `/c/${slug}`, url: `${server.url}/c/${slug}`, kind: 'form' },
      { name: '/w/<slug>?mode=form', path: `/w/${slug}?host=…&mode=form`, url: `${server.url}/w/${slug}?host=${encodeURIComponent(bare.origin)}&mode=form`, kind: 'form' },
    ];
    const browser = await launchBrowser();
    cleanup.add('browser', () => browser.close());
    figure.chromium = await browser.version();
    const manifest = clientManifestIds();

    for (const target of targets) {
      try {
        const weight = await within(`the weight of ${target.name}`, 60_000, weighPage(browser, target, manifest));
        figure.pages.push(weight);
        log(`weights: ${target.name} ${weight.chunks.length} JS files, ${fmtKb(weight.rawBytes)} KB raw, ${fmtKb(weight.gzipBytes)} KB gz -9, ${fmtKb(weight.servedBytes)} KB served`);
      } catch (error) {
        fail(`page ${target.name}`, error);
      }
    }

    // Interactive on slow 4G: baseline and pages take turns, the order rotated each round.
    const baselineTarget: Target = { name: 'bare page (baseline)', path: '/', url: `${bare.origin}/`, kind: 'code' };
    const all = [baselineTarget, ...targets];
    const series = new Map(all.map((t) => [t, emptySeries(t, t === baselineTarget ? null : WEIGHT_GOALS.interactiveMs)]));
    for (let round = 0; round < RUNS; round++) {
      const order = all.map((_, i) => all[(i + round) % all.length]);
      for (const target of order) {
        const s = series.get(target)!;
        // One retry: a load that failed (timeout) is logged and run again.
        for (let attempt = 0; attempt < 2; attempt++) {
          try {
            const run = await within(`${target.name} interactive on slow 4G`, 45_000, interactiveRun(browser, target));
            s.runs.push(run);
            log(`weights: ${target.name} interactive ${run.interactiveMs.toFixed(0)} ms (control in the DOM ${run.controlMs?.toFixed(0) ?? '?'} ms, FCP ${run.fcpMs?.toFixed(0) ?? '?'} ms, ${run.attempts} attempts; ${run.answer})`);
            break;
          } catch (error) {
            const message = `${target.name} run ${round + 1}: ${error instanceof Error ? error.message : String(error)}`;
            s.errors.push(message);
            log(`FAILED weights ${message}`);
          }
        }
      }
    }
    for (const s of series.values()) summarise(s);
    figure.interactive.baseline = series.get(baselineTarget)!;
    figure.interactive.pages = targets.map((t) => series.get(t)!);
  } catch (error) {
    fail('setup', error);
  } finally {
    await cleanup.runAll();
  }
  return figure;
}

function emptySeries(target: Target, goalMs: number | null): InteractiveSeries {
  return { name: target.name, path: target.path, runs: [], medianMs: null, minMs: null, maxMs: null, controlMedianMs: null, fcpMedianMs: null, goalMs, met: null, errors: [] };
}

function summarise(s: InteractiveSeries): void {
  const ms = s.runs.map((r) => r.interactiveMs);
  s.medianMs = round(median(ms), 0);
  s.minMs = ms.length ? round(Math.min(...ms), 0) : null;
  s.maxMs = ms.length ? round(Math.max(...ms), 0) : null;
  s.controlMedianMs = round(median(s.runs.map((r) => r.controlMs ?? NaN)), 0);
  s.fcpMedianMs = round(median(s.runs.map((r) => r.fcpMs ?? NaN)), 0);
  s.met = s.goalMs === null || s.medianMs === null ? null : s.medianMs <= s.goalMs;
}

// ---------------------------------------------------------------------------------------------------------------
// The loader

async function weighLoader(origin: string): Promise<NonNullable<WeightsFigure['loader']>> {
  const url = `${origin}/widget.js`;
  const plain = await rawGet(url, { 'accept-encoding': 'identity' });
  if (plain.status !== 200) throw new Error(`GET /widget.js: ${plain.status}`);
  const asBrowser = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
  const gzipBytes = gzipSync(plain.body, { level: 9 }).length;
  return {
    url: '/widget.js',
    rawBytes: plain.body.length,
    gzipBytes,
    served: { encoding: asBrowser.headers['content-encoding']?.toString() ?? null, bytes: asBrowser.body.length },
    goalGzBytes: WEIGHT_GOALS.loaderGzKb * KB,
    met: gzipBytes <= WEIGHT_GOALS.loaderGzKb * KB,
  };
}

/** A GET that keeps the body as the server sent it (fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (chunk: Buffer) => parts.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.setTimeout(15_000, () => request.destroy(new Error(`GET ${url} timed out`)));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Page weight

interface Captured {
  url: string;
  type: string;
  mimeType: string;
  encoding: string | null;
  served: number | null;
  body: Buffer | null;
}

async function weighPage(browser: Browser, target: Target, manifest: Map<number, string>): Promise<PageWeight> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const cdp = await page.createCDPSession();
    const responses = new Map<string, Captured>();
    let lastScriptAt = Date.now();
    cdp.on('Network.responseReceived', (event) => {
      const headers = lowerKeys(event.response.headers);
      responses.set(event.requestId, {
        url: event.response.url,
        type: event.type ?? '',
        mimeType: event.response.mimeType,
        encoding: headers['content-encoding'] ?? null,
        served: null,
        body: null,
      });
      if (isScript(responses.get(event.requestId)!)) lastScriptAt = Date.now();
    });
    cdp.on('Network.loadingFinished', (event) => {
      const found = responses.get(event.requestId);
      if (found) found.served = event.encodedDataLength;
    });
    await cdp.send('Network.enable', { maxResourceBufferSize: 64 * 2 ** 20, maxTotalBufferSize: 256 * 2 ** 20 });
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const errors = await prepareProbe(page, target.kind);
    await page.goto(target.url, { waitUntil: 'load', timeout: 30_000 });
    // Interactive first (late chunks load during hydration), then quiet.
    await waitInteractive(page, 20_000, errors);
    while (Date.now() - lastScriptAt < QUIET_MS || [...responses.values()].some((r) => isScript(r) && r.served === null)) await sleep(100);
    for (const [requestId, captured] of responses) {
      if (!(isScript(captured) || isDocument(captured, target.url) || captured.type === 'Stylesheet')) continue;
      captured.body = await bodyOf(cdp, requestId);
    }

    const chunks: ChunkWeight[] = [];
    for (const captured of responses.values()) {
      if (!isScript(captured) || !captured.body) continue;
      chunks.push({
        url: captured.url,
        file: new URL(captured.url).pathname.split('/').pop() ?? captured.url,
        rawBytes: captured.body.length,
        gzipBytes: gzipSync(captured.body, { level: 9 }).length,
        servedBytes: captured.served ?? 0,
        encoding: captured.encoding,
        contains: describeChunk(captured.url, captured.body.toString('utf8'), manifest),
      });
    }
    chunks.sort((a, b) => b.gzipBytes - a.gzipBytes);
    const doc = [...responses.values()].find((r) => isDocument(r, target.url) && r.body);
    const css = [...responses.values()].filter((r) => r.type === 'Stylesheet' && r.body);
    const gzipBytes = sum(chunks.map((c) => c.gzipBytes));
    return {
      name: target.name,
      path: target.path,
      chunks,
      rawBytes: sum(chunks.map((c) => c.rawBytes)),
      gzipBytes,
      servedBytes: sum(chunks.map((c) => c.servedBytes)),
      document: doc ? { rawBytes: doc.body!.length, gzipBytes: gzipSync(doc.body!, { level: 9 }).length, servedBytes: doc.served ?? 0, encoding: doc.encoding } : null,
      css: { files: css.length, gzipBytes: sum(css.map((r) => gzipSync(r.body!, { level: 9 }).length)) },
      goalGzBytes: WEIGHT_GOALS.pageGzKb * KB,
      met: gzipBytes <= WEIGHT_GOALS.pageGzKb * KB,
    };
  } finally {
    await context.close();
  }
}

function isScript(r: Captured): boolean {
  return r.type === 'Script' || /javascript|ecmascript/.test(r.mimeType);
}

function isDocument(r: Captured, url: string): boolean {
  return r.type === 'Document' && new URL(r.url).pathname === new URL(url).pathname;
}

async function bodyOf(cdp: CDPSession, requestId: string): Promise<Buffer | null> {
  try {
    const { body, base64Encoded } = await cdp.send('Network.getResponseBody', { requestId });
    return Buffer.from(body, base64Encoded ? 'base64' : 'utf8');
  } catch {
    return null;
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Client components' module ids -> their source path, from the build's client reference manifests (Turbopack's
 * production chunks carry numeric module ids only; the manifests name the modules that are client boundaries).
 */
function clientManifestIds(): Map<number, string> {
  const ids = new Map<number, string>();
  const appDir = path.join(webDir, '.next', 'server', 'app');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('client-reference-manifest.js')) {
        const match = /=\s*(\{.*\});?\s*$/s.exec(readFileSync(file, 'utf8'));
        if (!match) continue;
        try {
          const parsed = JSON.parse(match[1]) as { clientModules?: Record<string, { id: number | string }> };
          for (const [source, entry] of Object.entries(parsed.clientModules ?? {})) {
            const clean = source.replace(/^\[project\]\//, '').replace(/\s*<.*$/, '').replace(/\s+\[.*$/, '');
            ids.set(Number(entry.id), clean);
          }
        } catch {
          // not the shape expected: no names for this route
        }
      }
    }
  };
  try {
    walk(appDir);
  } catch {
    // no build output to read: fingerprints only
  }
  return ids;
}

/** Fingerprints that survive minification: a chunk holding one of these holds that package (or feature). */
const FINGERPRINTS: [string, RegExp][] = [
  ['react-dom', /__reactContainer/],
  // Preact keeps its internal property names (mangled to these) in its published build.
  ['Preact', /\.__H\b[\s\S]*\.__k\b/],
  ['React Server Components client', /createFromReadableStream/],
  ['Next app router', /next-router|NEXT_REDIRECT|__next_f/],
  ['zod', /_zod|ZodError/],
  ['socket.io-client', /xhr poll error|websocket error/],
  ['hash-wasm (MD5 + SHA-256 of files, in WebAssembly)', /WebAssembly\.[\s\S]*md5|md5[\s\S]*WebAssembly\./],
  ['WebRTC', /RTCPeerConnection/],
  ['screen capture', /getDisplayMedia/],
  ['next-intl / use-intl', /MISSING_MESSAGE/],
  ['ICU parser (intl-messageformat)', /IntlMessageFormat/],
  ['rrweb', /rrweb|rr_mirror|__rrweb/],
  ['QR codes', /qrcode|QRCode/],
  ['polyfills', /"trimStart"in String\.prototype/],
];

function describeChunk(url: string, text: string, manifest: Map<number, string>): string[] {
  const found: string[] = [];
  if (/\/turbopack-[^/]*\.js$/.test(url)) found.push('Turbopack runtime');
  for (const [name, pattern] of FINGERPRINTS) if (pattern.test(text)) found.push(name);
  // Client components defined here: in Turbopack's `push([script, id, factory, id, id, factory, ...])`, the
  // module ids are bare numbers right before a factory or another id.
  const defined = new Set<string>();
  for (const match of text.matchAll(/[,[](\d{1,7})(?=,(?:\d|\(?[A-Za-z_$][\w$]*(?:,[A-Za-z_$][\w$]*)*\)?=>|function))/g)) {
    const source = manifest.get(Number(match[1]));
    if (source) defined.add(source.replace(/^web\//, ''));
  }
  // Our own modules by path; a package's by its name.
  const named = [...new Set([...defined].map((source) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? source))];
  if (named.length) found.push(`client: ${named.slice(0, 4).join(', ')}${named.length > 4 ? ` +${named.length - 4}` : ''}`);
  // The UI in it, by the test ids of its elements (their first word): chat, call, file, share...
  const ui = new Map<string, number>();
  for (const match of text.matchAll(/(?:"data-testid":|testId:)"([a-z]+)[a-z-]*"/g)) ui.set(match[1], (ui.get(match[1]) ?? 0) + 1);
  if (ui.size) found.push(`UI: ${[...ui].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k]) => k).join(', ')}${ui.size > 8 ? '…' : ''}`);
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Interactive on slow 4G

interface ProbeState {
  controlAt: number | null;
  interactiveAt: number | null;
  attempts: number;
  answer: string;
}
type ProbeWindow = Window & { __benchProbe?: ProbeState };

/**
 * In the page, before any of its scripts (evaluateOnNewDocument): every 25 ms, "type" into the main control (the
 * native value setter, then an input event, as a keystroke reaches React's listener) and, on a form, click its
 * submit button (in the next task, once React has committed the name); stamp when the page's own code answered. A submit listener in the capture phase cancels the
 * browser's own submission, which a click before hydration would otherwise start (reloading the page).
 */
export function installProbe(kind: ProbeKind): void {
  const w = window as unknown as ProbeWindow;
  const state: ProbeState = { controlAt: null, interactiveAt: null, attempts: 0, answer: '' };
  w.__benchProbe = state;
  window.addEventListener('submit', (event) => event.preventDefault(), true);
  const setValue = (input: HTMLInputElement, value: string) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const answered = (): string | null => {
    if (kind === 'code') {
      const input = document.querySelector<HTMLInputElement>('[data-testid="code-input"]');
      const button = document.querySelector<HTMLButtonElement>('[data-testid="code-submit"]');
      return input && button && !button.disabled && /^\d{6}$/.test(input.value) ? 'the submit button enabled for a 6-digit code' : null;
    }
    const error = document.querySelector('[data-testid="widget-field-error"]');
    if (!error) return null;
    const field = error.id.replace(/-problem$/, '').replace(/^channel-/, '');
    return `a field error next to ${field}`;
  };
  let flip = 0;
  const observer = new MutationObserver(() => {
    if (state.interactiveAt !== null) return;
    const answer = answered();
    if (answer) {
      state.interactiveAt = performance.now();
      state.answer = answer;
      observer.disconnect();
      clearInterval(timer);
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const timer = setInterval(() => {
    if (state.interactiveAt !== null) return;
    const input = document.querySelector<HTMLInputElement>(kind === 'code' ? '[data-testid="code-input"]' : '[data-testid="widget-name"]');
    const submit = document.querySelector<HTMLButtonElement>(kind === 'code' ? '[data-testid="code-submit"]' : '[data-testid="widget-submit"]');
    if (!input || !submit) return;
    state.controlAt ??= performance.now();
    state.attempts++;
    if (kind === 'code') setValue(input, flip++ % 2 ? '123456' : '654321');
    else {
      setValue(input, flip++ % 2 ? 'Bench customer' : 'Bench customer ');
      // In a task of its own: React commits the name first, so the check finds only the empty required field.
      setTimeout(() => submit.click(), 0);
    }
  }, 25);
}

/** tsx (esbuild keepNames) wraps named inner functions in `__name`, which the page does not have. */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

/** The probe, before any of the page's scripts; returns the page's errors as they come. */
async function prepareProbe(page: Page, kind: ProbeKind): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.evaluateOnNewDocument(NAME_SHIM);
  await page.evaluateOnNewDocument(installProbe, kind);
  return errors;
}

async function waitInteractive(page: Page, timeoutMs: number, errors: string[]): Promise<void> {
  try {
    await page.waitForFunction(() => (window as unknown as ProbeWindow).__benchProbe?.interactiveAt != null, { polling: 100, timeout: timeoutMs });
  } catch (error) {
    const state = await page
      .evaluate(() => ({ probe: (window as unknown as ProbeWindow).__benchProbe ?? null, url: location.href, body: document.body?.innerText.slice(0, 200) ?? null }))
      .catch((e: unknown) => String(e));
    throw new Error(`the page did not answer the probe's typing within ${timeoutMs} ms (${error instanceof Error ? error.message : String(error)}). State: ${JSON.stringify(state)}; page errors: ${JSON.stringify(errors.slice(0, 3))}`);
  }
}

async function interactiveRun(browser: Browser, target: Target): Promise<InteractiveRun> {
  const context = await browser.createBrowserContext();
  try {
    const page: Page = await context.newPage();
    await page.setCacheEnabled(false);
    // Network.emulateNetworkConditions and Emulation.setCPUThrottlingRate, through puppeteer (it applies them to
    // every target of the page).
    await page.emulateNetworkConditions(NETWORK);
    await page.emulateCPUThrottling(CPU_RATE);
    const errors = await prepareProbe(page, target.kind);
    await page.goto(target.url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    await waitInteractive(page, 30_000, errors);
    const probe = await page.evaluate(() => {
      const state = (window as unknown as ProbeWindow).__benchProbe!;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        ...state,
        fcp: fcp ? fcp.startTime : null,
        dcl: nav && nav.domContentLoadedEventEnd > 0 ? nav.domContentLoadedEventEnd : null,
        load: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null,
      };
    });
    return {
      interactiveMs: round(probe.interactiveAt!, 1)!,
      controlMs: round(probe.controlAt, 1),
      fcpMs: round(probe.fcp, 1),
      domContentLoadedMs: round(probe.dcl, 1),
      loadMs: round(probe.load, 1),
      attempts: probe.attempts,
      answer: probe.answer,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The bare page: the baseline for "interactive", and the origin the channel allows for its widget frame.

const BARE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Bare code form</title></head>
<body><main><form><label for="code">Code</label>
<input id="code" data-testid="code-input" inputmode="numeric" maxlength="7" autocomplete="one-time-code" required>
<button type="submit" data-testid="code-submit" disabled>Continue</button></form></main>
<script>
  const input = document.querySelector('[data-testid="code-input"]');
  const button = document.querySelector('[data-testid="code-submit"]');
  input.addEventListener('input', () => { button.disabled = input.value.replace(/\\D/g, '').length !== 6; });
</script></body></html>`;

async function serveBarePage(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    if ((request.url ?? '/').split('?')[0] !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(BARE_HTML);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The table

const fmtKb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? '-' : (bytes / KB).toFixed(1));

export function printWeights(out: string[], figure: WeightsFigure): void {
  const { goals } = figure;
  out.push(`7. Weight and slow-4G interactive (weights): JavaScript the customer's browser loads; gz = gzip -9 of each body, done here (KB = ${KB} bytes)`);
  const loader = figure.loader;
  out.push(
    loader
      ? `   loader ${loader.url}: ${fmtKb(loader.rawBytes)} KB raw, ${fmtKb(loader.gzipBytes)} KB gz; the server sends ${fmtKb(loader.served.bytes)} KB (${loader.served.encoding ?? 'uncompressed'}). Goal <= ${goals.loaderGzKb} KB gz: ${loader.met ? 'met' : 'MISSED'}`
      : '   loader /widget.js: not measured (see problems)',
  );
  if (figure.pages.length) {
    out.push(`   ${'page'.padEnd(22)} ${'JS files'.padStart(8)} ${'raw KB'.padStart(8)} ${'gz KB'.padStart(7)} ${'served KB'.padStart(9)}  goal (gz)`);
    for (const p of figure.pages) {
      const over = p.gzipBytes - p.goalGzBytes;
      out.push(
        `   ${p.name.padEnd(22)} ${String(p.chunks.length).padStart(8)} ${fmtKb(p.rawBytes).padStart(8)} ${fmtKb(p.gzipBytes).padStart(7)} ${fmtKb(p.servedBytes).padStart(9)}  <= ${goals.pageGzKb} KB: ${p.met ? 'met' : `MISSED by ${fmtKb(over)} KB (${(p.gzipBytes / p.goalGzBytes).toFixed(1)}x)`}`,
      );
    }
    const docs = figure.pages.filter((p) => p.document);
    if (docs.length) {
      out.push(`   besides the JS: the HTML ${docs.map((p) => `${p.name} ${fmtKb(p.document!.gzipBytes)} KB gz (${fmtKb(p.document!.rawBytes)} raw, served ${p.document!.encoding ?? 'uncompressed'})`).join('; ')}; ${figure.pages[0].css.files ? `CSS ${fmtKb(figure.pages[0].css.gzipBytes)} KB gz` : 'CSS inline in the HTML'}`);
    }
    const first = figure.pages[0];
    out.push(`   ${first.name}'s JavaScript, biggest first (gz KB, raw KB, file, what is in it):`);
    for (const c of first.chunks) out.push(`     ${fmtKb(c.gzipBytes).padStart(6)} ${fmtKb(c.rawBytes).padStart(7)}  ${c.file.padEnd(30)} ${c.contains.join('; ') || '?'}`);
    for (const p of figure.pages.slice(1)) {
      const firstFiles = new Set(first.chunks.map((c) => c.file));
      const theirs = new Set(p.chunks.map((c) => c.file));
      const added = p.chunks.filter((c) => !firstFiles.has(c.file));
      const missing = first.chunks.filter((c) => !theirs.has(c.file));
      out.push(
        `   ${p.name}: ${added.length || missing.length ? `as ${first.name}` : `the same files as ${first.name}`}` +
          (added.length ? `, plus ${added.map((c) => `${c.file} ${fmtKb(c.gzipBytes)} KB (${c.contains.join('; ') || '?'})`).join(', ')}` : '') +
          (missing.length ? `, without ${missing.map((c) => `${c.file} ${fmtKb(c.gzipBytes)} KB`).join(', ')}` : ''),
      );
    }
  }
  const { interactive } = figure;
  out.push(
    `   Interactive on "${interactive.network.name}" (latency ${interactive.network.latencyMs} ms, down ${(interactive.network.downloadBytesPerSec * 8 / 1e6).toFixed(2)} Mbit/s, up ${(interactive.network.uploadBytesPerSec * 8 / 1e6).toFixed(2)} Mbit/s) and CPU / ${interactive.cpuThrottlingRate}, cold cache; navigation start -> the page's code answers typing, ms, median of ${interactive.runs}:`,
  );
  out.push(`   ${'page'.padEnd(22)} ${'median'.padStart(7)} ${'min'.padStart(6)} ${'max'.padStart(6)} ${'control'.padStart(8)} ${'FCP'.padStart(6)}  goal`);
  const rows = [interactive.baseline, ...interactive.pages].filter((s): s is InteractiveSeries => s !== null);
  for (const s of rows) {
    const ms = (v: number | null) => (v === null ? '-' : v.toFixed(0));
    out.push(
      `   ${s.name.padEnd(22)} ${ms(s.medianMs).padStart(7)} ${ms(s.minMs).padStart(6)} ${ms(s.maxMs).padStart(6)} ${ms(s.controlMedianMs).padStart(8)} ${ms(s.fcpMedianMs).padStart(6)}  ` +
        (s.goalMs === null ? '(baseline)' : s.met === null ? 'no figure' : `<= ${s.goalMs} ms: ${s.met ? 'met' : 'MISSED'}`) +
        (s.runs.length < interactive.runs ? ` (${s.runs.length} of ${interactive.runs} runs)` : ''),
    );
  }
  out.push('   control = the main control in the DOM (server-rendered HTML, before any script); interactive = the page\'s own code answered the probe\'s typing.');
  const errors = [...figure.errors, ...rows.flatMap((s) => s.errors)];
  if (errors.length) {
    out.push(`   Problems (${errors.length}):`);
    for (const error of errors) out.push(`     - ${error.split('\n')[0].slice(0, 400)}`);
  }
}
