/**
 * `npm run bench`: Lifeline's figures, each beside a bare-page baseline measured in the same run.
 *
 * Each route (direct, relay-only) runs in its own child process (bench/worker.ts): the product server allows one
 * instance per process, and a hang in one route cannot lose the other's figures. Progress goes to stderr; the
 * table goes to stdout; everything measured goes to bench/results/latest.json.
 *
 * Knobs (environment): BENCH_RUNS (default 5), BENCH_ROUTES (default "direct,relay"), BENCH_ONLY (figures, e.g.
 * "files" or "input"; default all), BENCH_FILE_MIB (default 64), BENCH_FILE_RUNS (default BENCH_RUNS), BENCH_WINDOW_MS,
 * BENCH_SETTLE_MS, BENCH_FIRST_SETTLE_MS, BENCH_INPUT_EVENTS (default 1000), BENCH_INPUT_GAP_MS (default 8),
 * BENCH_INPUT_CHUNKS (default 4), BENCH_WORKER_TIMEOUT_S (default 540), BENCH_MIRROR_CHANGES (default 200),
 * BENCH_MIRROR_INPUTS (default 200), BENCH_MIRROR_GAP_MS (default 20), BENCH_MIRROR_VIDEO_CHANGES (default 60),
 * BENCH_MIRROR_VIDEO_GAP_MS (default 250), BENCH_MIRROR_VIDEO_TICKER (default off), BENCH_WEIGHTS_RUNS (default 3).
 *
 * Figures 6 (cobrowse-mirror) and 7 (weights) have no route: they run here, after the route workers (weights starts
 * the product server in this process; the workers are other processes). Figure 8 (peer: Lifeline beside
 * MeshCentral on the same target page) runs last, in a child of its own (bench/peer-worker.ts); BENCH_ONLY=peer runs
 * it alone. Its knobs: BENCH_PEER_RUNS (default BENCH_RUNS), BENCH_PEER (0: Lifeline only), BENCH_PEER_DIR,
 * BENCH_PEER_VARIANTS (levers, see bench/README.md), BENCH_PEER_ECHO (default "desktop,cobrowse").
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type CobrowseMirrorFigure, measureCobrowseMirror, printCobrowseMirror } from './lib/cobrowse-mirror';
import { inputConfig } from './lib/input';
import { type PeerFigure, printPeer } from './lib/peer';
import { RESULTS_DIR } from './lib/measure';
import type { Route } from './lib/pairs';
import { printReport, type RouteSummary, summarize } from './lib/report';
import { measureWeights, printWeights, type WeightsFigure } from './lib/weights';
import { FIGURES as ALL_FIGURES, log, ROUTELESS_FIGURES, selectedFigures, within } from './lib/util';
import type { WorkerResult } from './worker';

const ROUTES = (process.env.BENCH_ROUTES ?? 'direct,relay').split(',').map((r) => r.trim()).filter(Boolean) as Route[];
const WORKER_TIMEOUT_MS = Number(process.env.BENCH_WORKER_TIMEOUT_S ?? 540) * 1000;
const FIGURES = selectedFigures();
const root = path.resolve(import.meta.dirname, '..');
const webDir = path.join(root, 'web');

let current: ChildProcess | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the running worker`);
    if (current?.pid) stopGroup(current.pid, 'SIGTERM');
    setTimeout(() => process.exit(130), 20_000).unref();
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  for (const route of ROUTES) if (route !== 'direct' && route !== 'relay') throw new Error(`BENCH_ROUTES: unknown route ${route}`);
  const routed = [...FIGURES].some((figure) => !ROUTELESS_FIGURES.has(figure));
  const routes = routed ? ROUTES : [];
  if (routed || FIGURES.has('weights') || FIGURES.has('peer')) ensureWebBuilt();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lifeline-bench-'));
  const results: Partial<Record<Route, WorkerResult>> = {};
  const summaries: Partial<Record<Route, RouteSummary>> = {};
  try {
    for (const route of routes) {
      const file = path.join(scratch, `${route}.json`);
      const outcome = await runWorker(route, 'worker.ts', [route, file]);
      if (existsSync(file)) {
        results[route] = JSON.parse(readFileSync(file, 'utf8')) as WorkerResult;
        if (outcome) results[route]!.errors.push(outcome);
        summaries[route] = summarize(results[route]!);
      } else {
        log(`${route}: the worker wrote no results (${outcome ?? 'no reason given'})`);
        results[route] = emptyResult(route, outcome ?? 'worker wrote no results');
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  let cobrowseMirror: CobrowseMirrorFigure | null = null;
  if (FIGURES.has('cobrowse-mirror')) {
    log('=== cobrowse-mirror ===');
    cobrowseMirror = await within('the cobrowse-mirror figure', WORKER_TIMEOUT_MS, measureCobrowseMirror()).catch((error: unknown) => {
      log(`cobrowse-mirror: FAILED ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
  }
  let weights: WeightsFigure | null = null;
  if (FIGURES.has('weights')) {
    log('=== weights ===');
    weights = await within('the weights figure', WORKER_TIMEOUT_MS, measureWeights()).catch((error: unknown) => {
      log(`weights: FAILED ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
  }

  let peer: PeerFigure | null = null;
  if (FIGURES.has('peer')) {
    const file = path.join(os.tmpdir(), `lifeline-bench-peer-${process.pid}.json`);
    const outcome = await runWorker('peer', 'peer-worker.ts', [file], WORKER_TIMEOUT_MS + Number(process.env.BENCH_PEER_TIMEOUT_S ?? 600) * 1000);
    if (existsSync(file)) {
      peer = JSON.parse(readFileSync(file, 'utf8')) as PeerFigure;
      if (outcome) peer.errors.push(outcome);
      rmSync(file, { force: true });
    } else log(`peer: the worker wrote no results (${outcome ?? 'no reason given'})`);
  }
  const chromium = Object.values(results).find((r) => r?.chromium)?.chromium ?? cobrowseMirror?.chromium ?? weights?.chromium ?? 'unknown';
  const runs = Object.values(results)[0]?.runs ?? 0;
  const onlyInput = FIGURES.size === 1 && FIGURES.has('input');
  const fileRuns = Object.values(results)[0]?.fileRuns ?? 0;
  const timing = Object.values(results)[0]?.timing;
  const header = [
    `Lifeline bench, ${new Date().toISOString()}: ${chromium}, Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`,
    !routes.length
      ? `No route figures: ${[...FIGURES].join(' and ')}, run in this process.`
      : onlyInput
      ? 'Product and bare-page baseline alternate chunk by chunk in the same process, on loopback.'
      : `Medians of ${runs} runs per figure${fileRuns && fileRuns !== runs ? ` (${fileRuns} for file throughput)` : ''}${FIGURES.has('input') ? ' (input latency: percentiles over events)' : ''}; product and bare-page baseline alternate run by run in the same process, on loopback.`,
    timing && FIGURES.has('screen') ? `Real-screen windows: ${timing.windowMs} ms each after ${timing.settleMs} ms settling (${timing.firstSettleMs} ms for the first).` : '',
    FIGURES.size < ALL_FIGURES.length ? `Only: ${[...FIGURES].join(', ')} (BENCH_ONLY).` : '',
  ].filter(Boolean).join('\n');
  const text = [
    routes.length ? printReport(summaries, results, header, FIGURES) : header,
    ...(FIGURES.has('cobrowse-mirror') ? [mirrorText(cobrowseMirror)] : []),
    ...(FIGURES.has('weights') ? [weightsText(weights)] : []),
    ...(FIGURES.has('peer') ? [peerText(peer)] : []),
  ].join('\n\n');
  process.stdout.write(`\n${text}\n\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s. JSON: ${path.relative(root, path.join(RESULTS_DIR, 'latest.json'))}\n`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    path.join(RESULTS_DIR, 'latest.json'),
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        durationSeconds: Math.round((Date.now() - started) / 1000),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, chromium, platform: `${os.platform()} ${os.release()}` },
        method: {
          shareToFirstFrame: 'headless Chromium with --use-fake-device-for-media-stream; connection established first; capture-phase click listener on the share button -> first requestVideoFrameCallback on the viewer video; page clocks (timeOrigin + now) corrected by offsets to Node measured over CDP round trips',
          glassToGlass: 'customer Chromium headful on Xvfb 1280x720 with --auto-select-desktop-capture-source=Entire screen; full-viewport painter canvas draws the frame number as black/white blocks + complement row every animation frame and records paint time; viewer reads every frame via requestVideoFrameCallback into a canvas, rejecting non-complementary (half-updated) frames',
          received: 'getStats() inbound-rtp bytesReceived and framesDecoded deltas on the technician side over each window',
          baseline: 'two plain HTML pages, bare RTCPeerConnection (data channel + send-only transceiver up front, replaceTrack on Share), bare Socket.IO signaling; relay through a bare node-turn on 127.0.0.1 with iceTransportPolicy relay',
          files:
            'technician -> customer, the same random file every run; product: a fresh session, the file set on the console send-file-input (uploadFile), time from the customer\'s Accept click (capture-phase listener) to its incoming transfer row data-state="done" (MutationObserver), data-bytes and data-sha256 checked against the file; baseline: on the bare pages\' connection the customer page opens an ordered reliable data channel and asks for the same number of bytes, the technician page sends 64 KiB messages while bufferedAmount + 64 KiB <= 8 MiB and resumes on bufferedamountlow (1 MiB), time from the ask to the customer page counting every byte; both times on the customer page\'s clock; MB/s = bytes / 10^6 / s; sender bufferedAmount sampled every 20 ms',
          cobrowseMirror:
            'two headless Chromium windows on two origins (testing/cobrowse/rig.ts), a real WebRTC data channel between them (ordered, reliable, loopback), no product server; change: host page writes c<i> into an element (stamp before the write) -> MutationObserver on the mirror document sees the replayed text (and the next animation frame after it); input: console page dispatches a click on the mirrored button (the DomMirror listener sends dom-click) -> host page click handler; baseline: bare JSON messages on the same channel, stamped in the receiving message handler; chunks alternate product/baseline after a 20-event warm-up; page clocks corrected by CDP-measured offsets to Node',
          cobrowseVideo:
            'change -> visible, the same DOM change through both paths at once: a fresh pair of the same rig pages in one headful Chromium on its own Xvfb screen; the host page toggles a 50vw x 50vh fixed block between black and white (stamp before the write); mirror: MutationObserver on the mirror document\'s copy of the block (and the next animation frame); video: the host page shares its own tab (getDisplayMedia preferCurrentTab, --auto-accept-this-tab-capture) over a second RTCPeerConnection (video only, loopback) to the console page, whose video element is read in requestVideoFrameCallback (the block\'s centre drawn into a 32x18 canvas, luminance threshold); the first decoded frame showing the new colour counts; chunks alternate video sending / not sending (replaceTrack(null)) so the mirror is also measured without the video path\'s load',
          weights:
            'product server as npm start builds it (next build web); pages loaded in headless Chromium, fresh browser context, cache disabled; every JavaScript response (CDP Network.responseReceived / loadingFinished / getResponseBody) gzipped at level 9 in Node; served = encodedDataLength; interactive: fresh context per run, puppeteer PredefinedNetworkConditions[\'Slow 4G\'] via Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate 4, a probe installed with evaluateOnNewDocument types every 25 ms (native value setter + input event) and on forms clicks submit (native submission cancelled); interactive = the page\'s code answered (code-submit enabled for 6 digits; widget-field-error shown), performance.now() since navigation start; baseline: a static HTML page with one input and a 1-line script from a local http server, same throttling',
          input:
            "one way, technician event -> executed, per event; product: a session through the real server, customer Chromium headful on Xvfb; the console dispatches Shift keydown/keyup on the .remote-keyboard field input-capture.ts listens on (product send path), one every BENCH_INPUT_GAP_MS; co-browse: customer shares this tab, page control granted, stamp = the customer page's capture-phase window listener of the executor's dispatched key event; desktop: customer shares the entire screen, desktop control granted, the downloaded helper runs on the same display, stamp = the helper's executedAt after the injection call (read from the report on the console's control channel by a data channel tap); baseline: bare pages' ordered reliable channel, product-shaped JSON messages, same count and gap, receiver handler stamp, echoed; chunks alternate product/baseline; sends and arrivals paired by order, counts and the reports' sentAt checked; page clocks corrected by CDP-measured offsets to Node's clock, the helper's clock taken as Node's",
        },
        summary: summaries,
        routes: results,
        cobrowseMirror,
        weights,
        peer,
      },
      null,
      1,
    ),
  );
  // Only the paths asked for (BENCH_INPUT_PATHS) count as missing.
  const inputPaths = inputConfig().paths;
  // Exit 1 when a figure is missing on either side (a failed run that was retried successfully is not).
  const mirrorComplete =
    !FIGURES.has('cobrowse-mirror') ||
    (cobrowseMirror !== null && cobrowseMirror.change.product.n > 0 && cobrowseMirror.input.product.n > 0 && (cobrowseMirror.visible?.withVideo.video.n ?? 0) > 0);
  const weightsComplete =
    !FIGURES.has('weights') ||
    (weights !== null && weights.loader !== null && weights.pages.length === 3 && weights.interactive.pages.length === 3 && [weights.interactive.baseline, ...weights.interactive.pages].every((s) => s !== null && s.runs.length > 0));
  const peerComplete = !FIGURES.has('peer') || (peer !== null && peer.lifeline.length > 0 && (process.env.BENCH_PEER === '0' || (peer.meshcentral !== null && 'median' in peer.meshcentral)));
  const complete = mirrorComplete && weightsComplete && peerComplete && routes.every((route) => {
    const s = summaries[route];
    return (
      s &&
      (['product', 'baseline'] as const).every(
        (kind) =>
          (!FIGURES.has('first-frame') || s.firstFrame[kind].runs > 0) &&
          (!FIGURES.has('screen') || s.content.counter[kind].runs > 0) &&
          (!FIGURES.has('files') || s.files[kind].runs > 0) &&
          (!FIGURES.has('input') || (s.input !== null && inputPaths.every((p) => s.input![p][kind].n > 0))),
      )
    );
  });
  return complete ? 0 : 1;
}

function mirrorText(figure: CobrowseMirrorFigure | null): string {
  if (!figure) return '6. DOM co-browse (rrweb): no figures (see the log above).';
  const out: string[] = [];
  printCobrowseMirror(out, figure);
  return out.join('\n');
}

function weightsText(figure: WeightsFigure | null): string {
  if (!figure) return '7. Weight and slow-4G interactive: no figures (see the log above).';
  const out: string[] = [];
  printWeights(out, figure);
  return out.join('\n');
}

function peerText(figure: PeerFigure | null): string {
  if (!figure) return '8. Beside the peer: no figures (see the log above).';
  const out: string[] = [];
  printPeer(out, figure);
  return out.join('\n');
}

function ensureWebBuilt(): void {
  if (existsSync(path.join(webDir, '.next', 'BUILD_ID'))) return;
  log('No production build of the web app: running next build web (about 10 s)');
  const result = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('next/dist/bin/next'), 'build', webDir], {
    cwd: root,
    stdio: ['ignore', 2, 2],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build web failed (see above)');
}

/** Runs one worker (a route's, or the peer figure's); resolves with an error description, or null when it exited cleanly. */
function runWorker(route: string, script: string, args: string[], timeoutMs = WORKER_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    log(`=== ${route} ===`);
    const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, script), ...args], {
      cwd: root,
      // stdout of the worker (Next's build chatter) goes to our stderr: stdout stays the table.
      stdio: ['ignore', 2, 2],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      detached: true,
    });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      log(`${route}: worker still running after ${timeoutMs / 1000} s, stopping it`);
      stopGroup(child.pid!, 'SIGTERM');
      setTimeout(() => stopGroup(child.pid!, 'SIGKILL'), 20_000).unref();
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      current = null;
      // Anything left in the worker's process group (Xvfb) goes with it; browsers are closed by the worker.
      stopGroup(child.pid!, 'SIGKILL');
      if (timedOut) resolve(`${route}: worker timed out after ${timeoutMs / 1000} s`);
      else if (code === 0) resolve(null);
      else resolve(`${route}: worker exited with ${signal ?? `code ${code}`}`);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve(`${route}: worker failed to start: ${error.message}`);
    });
  });
}

function stopGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function emptyResult(route: Route, error: string): WorkerResult {
  return {
    route,
    startedAt: new Date().toISOString(),
    runs: 0,
    timing: { firstSettleMs: 0, settleMs: 0, windowMs: 0 },
    firstFrame: { product: [], baseline: [] },
    screen: { product: [], baseline: [] },
    fileBytes: null,
    fileRuns: 0,
    files: { product: [], baseline: [] },
    input: null,
    errors: [error],
  };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
