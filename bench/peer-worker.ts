/**
 * Figure 8 in its own process (the product server allows one instance per process): Lifeline on the peer's target
 * page, then MeshCentral through its own harness, in the same run. Run by bench/run.ts as
 * `peer-worker.ts <result.json>`; writes its (possibly partial) results to that file as it goes.
 *
 * Lifeline's side mirrors the peer's bench.js phase by phase: the customer's Chromium headful in --kiosk on its
 * own 1280x720 Xvfb, the peer's target page drawn over the join page, the technician's console headless. Each run
 * is a fresh session: share -> first image of the known colour; static window; counter window; whole-screen
 * window; then clicks on the console's view of the flash square (desktop control through the helper, and page
 * control of a shared tab), each echoed back in a decoded frame.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from '../e2e/support/browser';
import { byId } from '../e2e/support/flows';
import { startXvfb } from '../e2e/support/xvfb';
import { startTestServer } from '../testing/server';
import { preparePage, resetSender, SCREEN, senderTimes } from './lib/in-page';
import { grantDesktopControl, grantPageControl, type RunningHelper } from './lib/input';
import { clockOffset, RESULTS_DIR } from './lib/measure';
import { ProductSide, type Pair } from './lib/pairs';
import { cpuPercent, cpuTicks, type EchoResult, type LifelinePeerRun, type PeerFigure, type PeerWindow, runMeshCentral } from './lib/peer';
import { applySenderLevers, applyViewerLevers, installPeerReader, installPeerTarget, type Levers, peerReaderCall, targetCall, videoContentBox, type WireStats, wireStats } from './lib/peer-page';
import { Cleanup, log, median, percentile, round, sleep, within } from './lib/util';

const output = process.argv[2];
const RUNS = Math.max(1, Number(process.env.BENCH_PEER_RUNS ?? process.env.BENCH_RUNS ?? 5));
const STATIC_SEC = Number(process.env.BENCH_STATIC_SEC ?? 5);
/** Between the static window (2 s still, as the peer's) and the idle one: 2 + 5 + 6 = 13 s still when it starts. */
const STATIC_IDLE_WAIT_SEC = Number(process.env.BENCH_STATIC_IDLE_WAIT_SEC ?? 6);
const CHANGE_SEC = Number(process.env.BENCH_CHANGE_SEC ?? 5);
const CLICKS = Math.max(1, Number(process.env.BENCH_INPUTS ?? 10));
/** The helper's own screen measured too (while it controls the desktop); BENCH_PEER_HELPER=0 skips it. */
const HELPER_SCREEN = process.env.BENCH_PEER_HELPER !== '0';
const ECHO_PATHS = (process.env.BENCH_PEER_ECHO ?? 'desktop,cobrowse').split(',').map((s) => s.trim()).filter((s): s is 'desktop' | 'cobrowse' => s === 'desktop' || s === 'cobrowse');
const RUN_PEER = process.env.BENCH_PEER !== '0';
const PEER_TIMEOUT_MS = Number(process.env.BENCH_PEER_TIMEOUT_S ?? 600) * 1000;
/** `name:key=value,key=value;name2:...`; "product" is the product as shipped (no lever). */
const VARIANTS = parseVariants(process.env.BENCH_PEER_VARIANTS ?? 'product');

function parseVariants(spec: string): { name: string; levers: Levers }[] {
  return spec.split(';').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const [name, body = ''] = entry.includes(':') ? entry.split(/:(.*)/s) : [entry, entry === 'product' ? '' : entry];
    const levers = Object.fromEntries(body.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
      const [key, value = '1'] = p.split('=');
      return [key.trim(), value.trim()];
    }));
    return { name: name.trim(), levers };
  });
}

const cleanup = new Cleanup();
const figure: PeerFigure = { runs: RUNS, variants: VARIANTS.map((v) => v.name), lifeline: [], errors: [], meshcentral: null };
const save = () => writeFileSync(output, JSON.stringify(figure, null, 1));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    figure.errors.push(`stopped by ${signal}`);
    save();
    void cleanup.runAll().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  await lifeline();
  save();
  await cleanup.runAll();
  if (RUN_PEER) {
    figure.meshcentral = await runMeshCentral(RUNS, PEER_TIMEOUT_MS);
    if ('error' in figure.meshcentral!) log(`peer: ${figure.meshcentral.error}`);
  }
  save();
}

async function lifeline(): Promise<void> {
  log('peer: Lifeline on the peer\'s target page');
  const server = await within('the product server to start', 120_000, startTestServer());
  cleanup.add('product server', () => server.close());
  const xvfb = await startXvfb(SCREEN.width, SCREEN.height);
  cleanup.add('Xvfb', () => xvfb.stop());
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lifeline-bench-peer-'));
  cleanup.add('helper scratch', () => rmSync(scratch, { recursive: true, force: true }));
  const tech = await within('the technician browser', 60_000, launchBrowser());
  cleanup.add('technician browser', () => tech.close());
  const customer = await within(
    'the customer browser (headful, Xvfb)',
    60_000,
    launchBrowser({
      display: xvfb.display,
      windowSize: { width: SCREEN.width, height: SCREEN.height },
      noAutomationBar: true,
      // Off the screen, to the right (no window manager puts it back): the screen shows the target alone, as the
      // peer's does, and the customer's page still renders (occluded windows are not backgrounded here).
      extraArgs: [`--window-position=${SCREEN.width + 100},0`, '--auto-select-desktop-capture-source=Entire screen', '--auto-accept-this-tab-capture'],
    }),
  );
  cleanup.add('customer browser', () => customer.close());
  // The peer's target runs in a Chromium of its own in front of the customer's (as in the peer's bench.js, and as
  // a customer's own applications do): the browser that captures and encodes is not the one that paints.
  const targetBrowser = await within(
    'the target browser (headful, kiosk, Xvfb)',
    60_000,
    launchBrowser({ display: xvfb.display, windowSize: { width: SCREEN.width, height: SCREEN.height }, noAutomationBar: true, extraArgs: ['--kiosk', '--window-position=0,0'] }),
  );
  cleanup.add('target browser', () => targetBrowser.close());
  const targetPage = await firstPage(targetBrowser);
  await preparePage(targetPage);
  await targetPage.setContent('<!doctype html><html><head><style>html,body{margin:0;padding:0;overflow:hidden;background:#ff00ff;cursor:none}</style></head><body></body></html>');
  await targetPage.evaluate(installPeerTarget, SCREEN);
  await targetPage.evaluate(targetCall, 'takeInput');
  const groups = { browser: { pgid: customer.process()!.pid! }, xvfb: { pids: [xvfb.pid] } };
  const product = new ProductSide(server, tech, 'direct');
  const techPage = await product.console();

  for (let run = 0; run < RUNS; run++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]);
    for (const variant of order) {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const measured = await within(`Lifeline run ${run} (${variant.name})`, 180_000, oneRun(product, techPage, customer, targetPage, groups, variant, xvfb.display, scratch));
          figure.lifeline.push(measured);
          log(
            `peer: Lifeline ${variant.name} run ${run}: first image ${measured.shareToKnownColourMs.toFixed(0)} ms; static ${measured.static.videoBps} B/s (headers+padding ${measured.static.headerBps}, ${measured.static.framesDecodedPerSec} frames/s) cpu ${JSON.stringify(measured.static.cpuPercent)}; ` +
              `idle ${measured.staticIdle.videoBps} B/s cpu ${JSON.stringify(measured.staticIdle.cpuPercent)}; ` +
              `counter g2g ${measured.changing.glassToGlassMsMedian}/${measured.changing.glassToGlassMsP95} ms ${measured.changing.viewerDistinctFramesPerSec} fps ${measured.changing.videoBps} B/s ` +
              `(enc ${measured.changing.encodeMsPerFrame} ms x ${measured.changing.framesEncodedPerSec}/s, jb ${measured.changing.jitterBufferMs}, dec ${measured.changing.decodeMs}, proc ${measured.changing.processingMs} ms); ` +
              (measured.changing.paintToCapturedMsMedian != null ? `paint->captured ${measured.changing.paintToCapturedMsMedian} ms at ${measured.changing.capturedFps} fps; ` : '') +
              `full g2g ${measured.changingFull.glassToGlassMsMedian} ms ${measured.changingFull.viewerDistinctFramesPerSec} fps ${measured.changingFull.videoBps} B/s; ` +
              Object.entries(measured.echo).map(([p, e]) => `echo ${p} ${e?.inputToEchoOnViewerMsMedian} ms (${e?.echoSamples}/${e?.sent})`).join(', '),
          );
          save();
          break;
        } catch (error) {
          const message = `Lifeline run ${run} (${variant.name}) attempt ${attempt + 1}: ${error instanceof Error ? error.message : String(error)}`;
          log(`peer: ${message}`);
          figure.errors.push(message);
        }
      }
    }
  }
}

type Groups = Parameters<typeof cpuTicks>[0];

async function openSession(product: ProductSide, techPage: Page, customer: Browser, levers: Levers): Promise<{ pair: Pair; page: Page }> {
  const page = await customer.newPage();
  await preparePage(page);
  await page.evaluateOnNewDocument(applySenderLevers, levers);
  await techPage.evaluate(applyViewerLevers, levers);
  const pair = await product.open(page);
  return { pair, page };
}

async function closeSession(pair: Pair, page: Page, helper?: RunningHelper): Promise<void> {
  await helper?.stop();
  await pair.close().catch(() => undefined);
  await page.close().catch(() => undefined);
}

async function oneRun(
  product: ProductSide,
  techPage: Page,
  customer: Browser,
  targetWindow: Page,
  groups: Groups,
  variant: { name: string; levers: Levers },
  display: string,
  scratch: string,
): Promise<LifelinePeerRun> {
  const render: 'video' | 'track' = variant.levers.render === 'track' ? 'track' : 'video';
  const { pair, page } = await openSession(product, techPage, customer, variant.levers);
  let helper: RunningHelper | undefined;
  try {
    const target = targetWindow;
    await target.evaluate(targetCall, 'reset');
    await techPage.evaluate(installPeerReader, { selector: byId('remote-screen'), screen: SCREEN, render });
    // probe=capture: the customer's page reads its own captured frames too (paint -> captured, diagnostics).
    const probe = variant.levers.probe === 'capture';
    if (probe) {
      await page.evaluate(installPeerReader, { selector: '', screen: SCREEN, render: 'track' as const, trackGlobal: '__captureTrack' });
      await page.evaluate(peerReaderCall, 'arm');
    }
    await sleep(500);

    // Share -> the first image with the known colour.
    await techPage.evaluate(peerReaderCall, 'arm');
    await page.evaluate(resetSender, byId('share-screen'));
    const [senderOffset, viewerOffset] = [await clockOffset(page), await clockOffset(techPage)];
    // Chromium draws the X pointer into the capture (puppeteer's clicks do not move it): out of the way of the
    // points the reader checks (it starts at the screen's centre; the helper's clicks leave it on the flash square).
    execFileSync('xdotool', ['mousemove', String(SCREEN.width - 8), '8'], { env: { ...process.env, DISPLAY: display } });
    await page.click(byId('share-screen'));
    await within(
      'the first image of the known colour at the console',
      20_000,
      techPage.waitForFunction(() => (window as any).__peerReader.firstColor != null, { timeout: 21_000, polling: 20 }),
      async () => ({ reader: await techPage.evaluate(peerReaderCall, 'state'), pages: await pair.describe(), snapshot: await saveFrame(techPage, 'peer-first-image') }),
    );
    const first = await techPage.evaluate(peerReaderCall, 'state');
    const clickAt = (await page.evaluate(senderTimes)).clickAt;
    if (clickAt === null) throw new Error('the share click was not seen by the customer page');
    const click = clickAt - senderOffset;

    const snap = () => snapshot(techPage, page, groups);
    // Static screen.
    await sleep(2000);
    let a = await snap();
    await sleep(STATIC_SEC * 1000);
    let b = await snap();
    if (!a.sender) throw new Error('no connected video peer connection');
    const staticWindow = windowOf(a, b);
    // Still for longer: the customer switches its encoding off after 11 s without a change (client/still-frames.ts).
    await sleep(STATIC_IDLE_WAIT_SEC * 1000);
    a = await snap();
    await sleep(STATIC_SEC * 1000);
    b = await snap();
    const staticIdle = windowOf(a, b);

    // Changing screen: the counter, then the whole screen.
    const changing = await changingWindows(target, techPage, snap, probe ? page : null);
    const stats = b.viewer;
    const result: LifelinePeerRun = {
      variant: variant.name,
      shareToKnownColourMs: first.firstColor - viewerOffset - click,
      shareToFirstFrameMs: first.firstFrame - viewerOffset - click,
      static: staticWindow,
      staticIdle,
      changing: changing.changing,
      changingFull: changing.changingFull,
      echo: {},
      codec: stats.codec,
      frameSize: `${stats.frameWidth}x${stats.frameHeight}`,
      encoder: b.sender?.encoderImplementation ?? null,
    };

    // Click -> echo, desktop: the helper injects the click into the X display the customer's screen is on.
    if (ECHO_PATHS.includes('desktop') || HELPER_SCREEN) {
      helper = await grantDesktopControl(pair, display, scratch, { alreadySharing: true });
      // While it controls the desktop the console shows the helper's own screen: the same figures through it.
      if (HELPER_SCREEN) result.helperScreen = await helperScreenWindows(techPage, target, { ...groups, helper: { pids: [helper.pid] } }, render);
      if (ECHO_PATHS.includes('desktop')) result.echo.desktop = await clickEcho(techPage, target, SCREEN);
    }
    await closeSession(pair, page, helper);
    helper = undefined;

    // Click -> echo, co-browse: a fresh session in which the customer shares this tab and allows page control.
    if (ECHO_PATHS.includes('cobrowse')) {
      const session = await openSession(product, techPage, customer, variant.levers);
      try {
        // Page control acts on the shared tab: the target is drawn over the customer's page here.
        await session.page.evaluate(installPeerTarget, SCREEN);
        await session.page.evaluate(targetCall, 'reset');
        const viewport = await session.page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
        await techPage.evaluate(installPeerReader, { selector: byId('remote-screen'), screen: viewport, render });
        await techPage.evaluate(peerReaderCall, 'arm');
        await grantPageControl(session.pair);
        await session.page.evaluate(targetCall, 'takeInput');
        result.echo.cobrowse = await clickEcho(techPage, session.page, viewport);
      } finally {
        await closeSession(session.pair, session.page);
      }
    }
    return result;
  } finally {
    if (!page.isClosed()) await closeSession(pair, page, helper);
  }
}

type Snapshot = { viewer: WireStats; sender: WireStats | null; cpu: Record<string, number>; at: number };

/** The console's receiver (the newest connected video connection: the helper's once it streams), the customer's sender. */
async function snapshot(techPage: Page, page: Page | null, groups: Groups): Promise<Snapshot> {
  const viewer = await techPage.evaluate(wireStats);
  if (!viewer) throw new Error('no connected video peer connection at the console');
  return { viewer, sender: page ? await page.evaluate(wireStats) : null, cpu: cpuTicks(groups), at: Date.now() };
}

function windowOf(a: Snapshot, b: Snapshot): PeerWindow {
  const seconds = (b.at - a.at) / 1000;
  const statsSeconds = (b.viewer.timestamp - a.viewer.timestamp) / 1000;
  const encoded = a.sender && b.sender ? b.sender.framesEncoded - a.sender.framesEncoded : 0;
  return {
    seconds: round(seconds)!,
    videoBps: Math.round((b.viewer.videoBytes - a.viewer.videoBytes) / statsSeconds),
    wireBps: Math.round((b.viewer.wireBytes - a.viewer.wireBytes) / statsSeconds),
    headerBps: Math.round((b.viewer.headerBytes - a.viewer.headerBytes) / statsSeconds),
    framesDecodedPerSec: round((b.viewer.framesDecoded - a.viewer.framesDecoded) / statsSeconds)!,
    framesEncodedPerSec: round(encoded / statsSeconds)!,
    encodeMsPerFrame: encoded > 0 ? round((1000 * (b.sender!.totalEncodeTime - a.sender!.totalEncodeTime)) / encoded, 2) : null,
    qualityLimitation: b.sender?.qualityLimitationReason ?? null,
    jitterBufferMs: perFrame(b.viewer.jitterBufferDelay - a.viewer.jitterBufferDelay, b.viewer.jitterBufferEmittedCount - a.viewer.jitterBufferEmittedCount),
    decodeMs: perFrame(b.viewer.totalDecodeTime - a.viewer.totalDecodeTime, b.viewer.framesDecoded - a.viewer.framesDecoded),
    processingMs: perFrame(b.viewer.totalProcessingDelay - a.viewer.totalProcessingDelay, b.viewer.framesDecoded - a.viewer.framesDecoded),
    cpuPercent: cpuPercent(a.cpu, b.cpu, seconds),
  };
}

/** The counter, then the whole screen changing: glass-to-glass from the target's paint log to the console's decoded codes. */
async function changingWindows(target: Page, techPage: Page, snap: () => Promise<Snapshot>, probePage: Page | null): Promise<Record<'changing' | 'changingFull', PeerWindow>> {
  const changing: Record<'changing' | 'changingFull', PeerWindow> = {} as never;
  for (const [key, full] of [['changing', false], ['changingFull', true]] as const) {
    await target.evaluate(targetCall, 'start', full);
    await sleep(1000);
    const [so, vo] = [await clockOffset(target), await clockOffset(techPage)];
    await techPage.evaluate(peerReaderCall, 'startDecode');
    if (probePage) await probePage.evaluate(peerReaderCall, 'startDecode');
    const paintedBefore = await target.evaluate(targetCall, 'painted');
    const a = await snap();
    await sleep(CHANGE_SEC * 1000);
    const b = await snap();
    const paintedAfter = await target.evaluate(targetCall, 'painted');
    const seen = (await techPage.evaluate(peerReaderCall, 'stopDecode')) as [number, number][];
    const captured = probePage ? ((await probePage.evaluate(peerReaderCall, 'stopDecode')) as [number, number][]) : [];
    await target.evaluate(targetCall, 'stop');
    const paintLog = (await target.evaluate(targetCall, 'paintLog')) as Record<string, number>;
    const latencies = seen.filter(([code]) => paintLog[code] != null).map(([code, at]) => at - vo - (paintLog[code] - so));
    const seconds = (b.at - a.at) / 1000;
    changing[key] = {
      ...windowOf(a, b),
      targetPaintFps: round((paintedAfter - paintedBefore) / seconds)!,
      viewerDistinctFramesPerSec: round(seen.length / seconds)!,
      glassToGlassMsMedian: round(median(latencies)),
      glassToGlassMsP95: round(percentile(latencies, 95)),
      glassToGlassSamples: latencies.length,
      ...(probePage ? { paintToCapturedMsMedian: round(median(captured.filter(([code]) => paintLog[code] != null).map(([code, at]) => at - paintLog[code]))), capturedFps: round(captured.length / seconds)! } : {}),
    };
    await sleep(1500);
  }
  return changing;
}

/**
 * The helper's own screen (issue 16), shown at the console while it controls the desktop: the still screen, the
 * counter and the whole screen, read off the same video element. The customer's browser still shares meanwhile
 * (its CPU is the `browser` group); the helper's is `helper`.
 */
async function helperScreenWindows(techPage: Page, target: Page, groups: Groups, render: 'video' | 'track'): Promise<NonNullable<LifelinePeerRun['helperScreen']>> {
  await within('the helper\'s screen at the console', 15_000, techPage.waitForSelector(`${byId('remote-screen')}[data-source="helper"]`, { timeout: 16_000 }));
  await techPage.evaluate(installPeerReader, { selector: byId('remote-screen'), screen: SCREEN, render });
  await techPage.evaluate(peerReaderCall, 'arm');
  await target.evaluate(targetCall, 'reset');
  const snap = () => snapshot(techPage, null, groups);
  await sleep(2000);
  const a = await snap();
  await sleep(STATIC_SEC * 1000);
  const still = windowOf(a, await snap());
  // The same screen 13-18 s still, as the browser share's idle window: the helper repeats a still frame for a
  // moment only, and the stream is quiet (no padding) once libwebrtc counts its encoder idle.
  await sleep(STATIC_IDLE_WAIT_SEC * 1000);
  const b = await snap();
  await sleep(STATIC_SEC * 1000);
  const staticIdle = windowOf(b, await snap());
  return { static: still, staticIdle, ...(await changingWindows(target, techPage, snap, null)) };
}

const perFrame = (seconds: number, frames: number) => (frames > 0 ? round((1000 * seconds) / frames, 2) : null);

async function firstPage(browser: Browser): Promise<Page> {
  return (await browser.pages())[0] ?? (await browser.newPage());
}

/** What the console's video shows now, saved as a PNG in bench/results/ (diagnostics). */
async function saveFrame(techPage: Page, name: string): Promise<string | null> {
  const png = await techPage.evaluate((selector: string) => {
    const video = document.querySelector<HTMLVideoElement>(selector);
    if (!video?.videoWidth) return null;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')!.drawImage(video, 0, 0);
    return canvas.toDataURL('image/png');
  }, byId('remote-screen'));
  if (!png) return null;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  writeFileSync(file, Buffer.from(png.split(',')[1], 'base64'));
  return file;
}

/** Clicks on the console's view of the flash square, 600 ms apart (as the peer's bench), paired with the echo. */
async function clickEcho(techPage: Page, targetPage: Page, screen: { width: number; height: number }): Promise<EchoResult> {
  const box = await techPage.evaluate(videoContentBox, byId('remote-screen'));
  if (!box) throw new Error('no remote screen to click on');
  // Inside the flash square, 40 px right of and below the point the reader watches: the helper draws the pointer
  // into its frames, and an arrow's tip on the watched point would hide the flash.
  const x = box.x + (1040 / screen.width) * box.width;
  const y = box.y + (580 / screen.height) * box.height;
  await within('the flash square to show at the console', 10_000, techPage.waitForFunction(() => (window as any).__peerReader.flashCls !== null, { timeout: 11_000, polling: 50 }));
  await targetPage.evaluate(() => ((window as unknown as { T: { events: unknown[] } }).T.events = []));
  await techPage.evaluate(peerReaderCall, 'takeInput');
  const [so, vo] = [await clockOffset(targetPage), await clockOffset(techPage)];
  await techPage.mouse.move(x, y);
  await sleep(300);
  for (let i = 0; i < CLICKS; i++) {
    await techPage.mouse.down();
    await sleep(30);
    await techPage.mouse.up();
    await sleep(600);
  }
  await sleep(1000);
  const viewer = (await techPage.evaluate(peerReaderCall, 'takeInput')) as { inputs: number[]; flash: { t: number }[] };
  const target = ((await targetPage.evaluate(targetCall, 'events')) as { type: string; t: number }[]).filter((e) => e.type === 'mousedown');
  const oneWay: number[] = [];
  const echoMs: (number | null)[] = [];
  viewer.inputs.forEach((t, i) => {
    const next = viewer.inputs[i + 1] ?? Infinity;
    const arrived = target.find((e) => e.t - so >= t - vo && e.t - so < next - vo);
    if (arrived) oneWay.push(arrived.t - so - (t - vo));
    const echo = viewer.flash.find((e) => e.t >= t && e.t < next);
    echoMs.push(echo ? round(echo.t - t) : null);
  });
  const echoes = echoMs.filter((v): v is number => v !== null);
  return {
    sent: viewer.inputs.length,
    receivedOnTarget: target.length,
    viewerToTargetMsMedian: round(median(oneWay)),
    inputToEchoOnViewerMsMedian: round(median(echoes)),
    inputToEchoOnViewerMsP95: round(percentile(echoes, 95)),
    echoSamples: echoes.length,
    echoMs,
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    figure.errors.push(error instanceof Error ? error.message : String(error));
    save();
    console.error(error);
    void cleanup.runAll().finally(() => process.exit(1));
  },
);
