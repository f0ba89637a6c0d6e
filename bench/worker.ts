/**
 * One route (direct or relay-only) of the bench, in its own process: the product server allows one instance per
 * process, and a crash or hang here cannot take the other route's figures with it. Run by bench/run.ts as
 * `worker.ts <direct|relay> <result.json>`; writes its (possibly partial) results to that file as it goes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from '../e2e/support/browser';
import { startXvfb } from '../e2e/support/xvfb';
import { startTestServer } from '../testing/server';
import { startBaselineServer } from './lib/baseline';
import { baselineFileRun, type FileRun, makeTestFile, productFileRun } from './lib/files';
import { preparePage, SCREEN } from './lib/in-page';
import {
  checkRoute,
  emptyInputFigure,
  grantDesktopControl,
  grantPageControl,
  type InputFigure,
  inputConfig,
  measureInputPath,
  productChannelRoute,
  type RunningHelper,
} from './lib/input';
import { type FirstFrameRun, type ScreenRun, screenRun, type ScreenTiming, shareToFirstFrame } from './lib/measure';
import { BaselineSide, type Kind, type Pair, ProductSide, type Route } from './lib/pairs';
import { Cleanup, log, selectedFigures, within } from './lib/util';

export interface WorkerResult {
  route: Route;
  startedAt: string;
  finishedAt?: string;
  runs: number;
  timing: ScreenTiming;
  firstFrame: Record<Kind, FirstFrameRun[]>;
  screen: Record<Kind, ScreenRun[]>;
  /** Figure 4: file throughput, technician -> customer; `fileBytes` per run. */
  fileBytes: number | null;
  fileRuns: number;
  files: Record<Kind, FileRun[]>;
  /** Figure 5: input latency (co-browse and desktop, each beside the bare channel); null when not run. */
  input: InputFigure | null;
  errors: string[];
  chromium?: string;
}

const route = process.argv[2] as Route;
const output = process.argv[3];
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const FIGURES = selectedFigures();
const FILE_RUNS = Math.max(1, Number(process.env.BENCH_FILE_RUNS ?? RUNS));
const FILE_BYTES = Math.round(Number(process.env.BENCH_FILE_MIB ?? 64) * 1024 * 1024);
/** Failed runs tolerated per figure (each is logged and retried) before the figure is given up. */
const MAX_FAILURES = 2;
const timing: ScreenTiming = {
  firstSettleMs: Number(process.env.BENCH_FIRST_SETTLE_MS ?? 1500),
  settleMs: Number(process.env.BENCH_SETTLE_MS ?? 1000),
  windowMs: Number(process.env.BENCH_WINDOW_MS ?? 3000),
};

const cleanup = new Cleanup();
const result: WorkerResult = {
  route,
  startedAt: new Date().toISOString(),
  runs: RUNS,
  timing,
  firstFrame: { product: [], baseline: [] },
  screen: { product: [], baseline: [] },
  fileBytes: FIGURES.has('files') ? FILE_BYTES : null,
  fileRuns: FIGURES.has('files') ? FILE_RUNS : 0,
  files: { product: [], baseline: [] },
  input: null,
  errors: [],
};
const save = () => writeFileSync(output, JSON.stringify(result, null, 1));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log(`${route}: ${signal}, closing everything`);
    result.errors.push(`stopped by ${signal}`);
    save();
    void cleanup.runAll().finally(() => {
      log(`${route}: closed everything`);
      process.exit(130);
    });
  });
}

async function main(): Promise<void> {
  if (route !== 'direct' && route !== 'relay') throw new Error(`usage: worker.ts <direct|relay> <out.json> (got ${route})`);
  log(`${route}: starting the product server${route === 'relay' ? ' (ICE_TRANSPORT_POLICY=relay)' : ''} and the baseline server`);
  const server = await within('the product server to start', 120_000, startTestServer({ env: route === 'relay' ? { ICE_TRANSPORT_POLICY: 'relay' } : {} }));
  cleanup.add('product server', () => server.close());
  const baseline = await within('the baseline server to start', 20_000, startBaselineServer());
  cleanup.add('baseline server', () => baseline.close());

  const tech = await track('technician browser', launchBrowser());
  result.chromium = await tech.version();
  const product = new ProductSide(server, tech, route);
  const bare = new BaselineSide(baseline, tech, route);

  // Figures 1 and 4: headless customer (Chromium's fake screen for figure 1).
  if (FIGURES.has('first-frame') || FIGURES.has('files')) {
    const customer = await track('customer browser (headless)', launchBrowser());
    const productCustomer = await firstPage(customer);
    // Figure 1, one warm-up round not counted.
    if (FIGURES.has('first-frame')) await repeat('share -> first frame', RUNS + 1, async (run, kind) => {
      const pair = await openPair(kind, product, bare, productCustomer, customer);
      try {
        const measured = await shareToFirstFrame(pair);
        if (run === 0) {
          log(`${route} ${kind}: warm-up share -> first frame ${measured.ms.toFixed(0)} ms (not counted)`);
          return;
        }
        result.firstFrame[kind].push(measured);
        log(`${route} ${kind}: share -> first frame ${measured.ms.toFixed(0)} ms (capture ${measured.captureMs?.toFixed(0)} ms${measured.videoMountedMs !== null ? `, video element ${measured.videoMountedMs.toFixed(0)} ms` : ''})`);
      } finally {
        await pair.close();
      }
    });
    // Figure 4: the same random file each run, technician -> customer.
    if (FIGURES.has('files')) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lifeline-bench-files-'));
      cleanup.add('bench file', () => rmSync(dir, { recursive: true, force: true }));
      const file = makeTestFile(dir, FILE_BYTES);
      await repeat('file throughput', FILE_RUNS, async (_run, kind) => {
        const pair = await openPair(kind, product, bare, productCustomer, customer);
        try {
          const measured = kind === 'product' ? await productFileRun(pair, file) : await baselineFileRun(pair, file.bytes);
          result.files[kind].push(measured);
          const queue = measured.senderQueue;
          log(
            `${route} ${kind}: file ${(measured.bytes / 2 ** 20).toFixed(0)} MiB in ${measured.ms.toFixed(0)} ms = ${measured.mbPerSec.toFixed(1)} MB/s` +
              (queue
                ? ` (sender queue mean ${(queue.meanBytes / 2 ** 20).toFixed(2)} MiB, under low watermark ${(queue.belowLowShare * 100).toFixed(0)}% / empty ${(queue.emptyShare * 100).toFixed(0)}% of samples;` +
                  (queue.reads.count ? ` ${queue.reads.count} file reads p50 ${queue.reads.p50Ms?.toFixed(0)} / p90 ${queue.reads.p90Ms?.toFixed(0)} ms, ${queue.reads.totalMs.toFixed(0)} ms in all;` : '')
                : ' (') +
              ` node CPU ${(measured.nodeCpuShare * 100).toFixed(0)}%)`,
          );
        } finally {
          await pair.close();
        }
      });
    }
    await closeTracked(customer);
  }

  // Figures 2 and 3: real capture, the customer's Chromium headful on its own Xvfb screen.
  if (FIGURES.has('screen')) {
    const xvfb = await startXvfb(SCREEN.width, SCREEN.height);
    cleanup.add('Xvfb', () => xvfb.stop());
    const customer = await track(
      'customer browser (headful, Xvfb)',
      launchBrowser({
        display: xvfb.display,
        windowSize: { width: SCREEN.width, height: SCREEN.height },
        extraArgs: ['--window-position=0,0', '--auto-select-desktop-capture-source=Entire screen'],
      }),
    );
    const productCustomer = await firstPage(customer);
    await repeat('real screen', RUNS, async (run, kind) => {
      const pair = await openPair(kind, product, bare, productCustomer, customer);
      try {
        const measured = await screenRun(pair, timing, `${route}-${kind}-${run}`);
        result.screen[kind].push(measured);
        log(
          `${route} ${kind}: ` +
            measured.windows
              .map((w) => `${w.mode} ${(w.bytesPerSec / 1000).toFixed(0)} kB/s ${w.framesDecodedPerSec.toFixed(1)} dec/s` + (w.latencyMs ? ` g2g ${w.latencyMs.median?.toFixed(0)}/${w.latencyMs.p95?.toFixed(0)} ms ${w.distinctFps?.toFixed(1)} fps` : ''))
              .join(' | '),
        );
      } finally {
        await pair.close();
      }
    });
  }

  if (FIGURES.has('input')) await inputFigure(product, bare);
}

/**
 * Figure 5: input latency. One headful customer browser per path on its own Xvfb screen (tab capture for
 * co-browse, the entire screen for the desktop, where the helper injects); the bare pages' customer side opens in a
 * window of its own in that browser (a browser context), so the product's tab stays visible.
 */
async function inputFigure(product: ProductSide, bare: BaselineSide): Promise<void> {
  const config = inputConfig();
  const figure = emptyInputFigure(config);
  result.input = figure;
  const xvfb = await startXvfb(SCREEN.width, SCREEN.height);
  cleanup.add('Xvfb (input)', () => xvfb.stop());
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lifeline-bench-helper-'));
  cleanup.add('helper scratch', () => rmSync(scratch, { recursive: true, force: true }));
  for (const inputPath of config.paths) {
    const customer = await track(
      `customer browser (headful, ${inputPath})`,
      launchBrowser({
        display: xvfb.display,
        windowSize: { width: SCREEN.width, height: SCREEN.height },
        extraArgs: ['--window-position=0,0', inputPath === 'cobrowse' ? '--auto-accept-this-tab-capture' : '--auto-select-desktop-capture-source=Entire screen'],
      }),
    );
    let productPair: Pair | null = null;
    let baselinePair: Pair | null = null;
    let helper: RunningHelper | null = null;
    try {
      productPair = await product.open(await firstPage(customer));
      if (inputPath === 'cobrowse') await grantPageControl(productPair);
      else helper = await grantDesktopControl(productPair, xvfb.display, scratch);
      const candidates = await productChannelRoute(productPair.viewer, inputPath === 'cobrowse' ? 'control' : 'helper');
      checkRoute(`the ${inputPath} executor's connection`, candidates, route);
      figure[inputPath].productRoute = candidates;
      figure[inputPath].injector = helper?.injector() ?? null;
      baselinePair = await bare.open(await customer.createBrowserContext());
      log(`${route} ${inputPath}: control granted (${candidates}${helper ? `, helper injector ${helper.injector() ?? '?'}` : ''}); ${config.events} events per series, gap ${config.gapMs} ms`);
      const measured = await measureInputPath(inputPath, route, productPair, baselinePair, config, (message) => {
        result.errors.push(message);
        log(`FAILED ${message}`);
      });
      Object.assign(figure[inputPath], measured);
    } catch (error) {
      const message = `${route} input ${inputPath}: ${error instanceof Error ? error.message : String(error)}`;
      result.errors.push(message);
      log(`FAILED ${message}`);
    } finally {
      save();
      await baselinePair?.close().catch(() => undefined);
      await productPair?.close().catch(() => undefined);
      await helper?.stop();
      await closeTracked(customer);
    }
  }
}

async function openPair(kind: Kind, product: ProductSide, bare: BaselineSide, productCustomer: Page, customerBrowser: Browser): Promise<Pair> {
  return kind === 'product' ? product.open(productCustomer) : bare.open(customerBrowser);
}

/** Runs product and baseline alternately (order swapped every round), retrying failed runs a little. */
async function repeat(figure: string, rounds: number, body: (run: number, kind: Kind) => Promise<void>): Promise<void> {
  const failures: Record<Kind, number> = { product: 0, baseline: 0 };
  const given = new Set<Kind>();
  for (let run = 0; run < rounds; run++) {
    const order: Kind[] = run % 2 ? ['baseline', 'product'] : ['product', 'baseline'];
    for (const kind of order) {
      if (given.has(kind)) continue;
      for (;;) {
        try {
          await body(run, kind);
          break;
        } catch (error) {
          failures[kind]++;
          const message = `${route} ${kind} ${figure} run ${run}: ${error instanceof Error ? error.message : String(error)}`;
          result.errors.push(message);
          log(`FAILED ${message}`);
          if (failures[kind] > MAX_FAILURES) {
            given.add(kind);
            log(`${route} ${kind}: giving up on ${figure} after ${failures[kind]} failures`);
            break;
          }
        }
      }
      save();
    }
  }
}

const browsers = new Map<Browser, () => Promise<void>>();

async function track(name: string, launching: Promise<Browser>): Promise<Browser> {
  const browser = await within(`the ${name} to launch`, 60_000, launching);
  const home = temporaryHome(browser);
  browsers.set(
    browser,
    cleanup.add(name, async () => {
      try {
        await browser.close();
      } finally {
        if (home) rmSync(home, { recursive: true, force: true });
      }
    }),
  );
  return browser;
}

/** launchBrowser's private HOME (it holds the profile); the harness leaves it behind, we remove ours. */
function temporaryHome(browser: Browser): string | null {
  const argument = browser.process()?.spawnargs.find((arg) => arg.startsWith('--user-data-dir='));
  if (!argument) return null;
  const home = path.dirname(argument.slice('--user-data-dir='.length));
  return path.basename(home).startsWith('lifeline-chromium-') ? home : null;
}

async function closeTracked(browser: Browser): Promise<void> {
  await browsers.get(browser)?.();
  browsers.delete(browser);
}

async function firstPage(browser: Browser): Promise<Page> {
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  await preparePage(page);
  return page;
}

main()
  .catch((error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    result.errors.push(`${route}: ${message}`);
    log(`${route}: FAILED ${message}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    result.finishedAt = new Date().toISOString();
    save();
    await cleanup.runAll();
    log(`${route}: closed everything`);
    // puppeteer or node-turn may keep handles; the results are saved.
    setTimeout(() => process.exit(), 500).unref();
  });
