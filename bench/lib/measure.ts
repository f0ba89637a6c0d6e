import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  armFirstFrame,
  BAND,
  firstFrameState,
  installPainter,
  installReader,
  pageClock,
  type PainterMode,
  readerCall,
  resetSender,
  SCREEN,
  senderTimes,
  setPainterMode,
  takePaints,
  videoStats,
  type VideoStats,
} from './in-page';
import type { Pair } from './pairs';
import { median, nowMs, percentile, sleep, within } from './util';

export const RESULTS_DIR = path.join(import.meta.dirname, '..', 'results');

/** How far this page's clock (timeOrigin + now) is ahead of Node's, from the tightest of a few round trips. */
export async function clockOffset(page: Page, roundTrips = 6): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < roundTrips; i++) {
    const before = nowMs();
    const clock = await page.evaluate(pageClock);
    const after = nowMs();
    if (after - before < best.rtt) best = { rtt: after - before, offset: clock - (before + after) / 2 };
  }
  return best.offset;
}

export interface FirstFrameRun {
  /** Click on "Share" -> first frame presented by the viewer's video, ms. */
  ms: number;
  /** Click -> getDisplayMedia resolved (same page clock). */
  captureMs: number | null;
  /** Click -> the viewer's video element exists (product: mounted after the share:state signal). */
  videoMountedMs: number | null;
  clockSkewMs: number;
}

/** Figure 1: with the connection already up, click "Share" and time the first decoded frame at the viewer. */
export async function shareToFirstFrame(pair: Pair): Promise<FirstFrameRun> {
  const { sender, viewer } = pair;
  await viewer.evaluate(armFirstFrame, pair.videoSelector);
  await sender.evaluate(resetSender, pair.shareSelector);
  const [senderOffset, viewerOffset] = [await clockOffset(sender), await clockOffset(viewer)];
  await sender.click(pair.shareSelector);
  await within(
    `the first frame at the ${pair.kind} viewer`,
    20_000,
    viewer.waitForFunction(() => (window as unknown as { __ff?: { frameAt: number | null } }).__ff?.frameAt != null, { timeout: 21_000, polling: 20 }),
    async () => ({ viewer: await viewer.evaluate(firstFrameState), sender: await sender.evaluate(senderTimes), pages: await pair.describe() }),
  );
  const frame = (await viewer.evaluate(firstFrameState))!;
  const times = await sender.evaluate(senderTimes);
  if (times.clickAt === null) throw new Error(`The click on ${pair.shareSelector} was not seen by the ${pair.kind} page`);
  const click = times.clickAt - senderOffset;
  return {
    ms: frame.frameAt! - viewerOffset - click,
    captureMs: times.gdm?.resolvedAt ? times.gdm.resolvedAt - times.clickAt : null,
    videoMountedMs: pair.kind === 'product' && frame.mountedAt ? frame.mountedAt - viewerOffset - click : null,
    clockSkewMs: viewerOffset - senderOffset,
  };
}

export interface ContentWindow {
  mode: PainterMode;
  seconds: number;
  /** Received video, from getStats() inbound-rtp deltas. */
  bytesPerSec: number;
  framesDecodedPerSec: number;
  /** Distinct frame numbers read back per second (null for the static page, which paints no new numbers). */
  distinctFps: number | null;
  /** Frames the customer's page painted per second in the window. */
  paintedFps: number | null;
  latencyMs: { median: number | null; p95: number | null; samples: number[] } | null;
  /** Decoded frames whose code rows were not complements (half-updated) or unreadable. */
  rejected: number;
  accepted: number;
  frameSize: string;
  codec: string | null;
}

export interface ScreenRun {
  windows: ContentWindow[];
  captureSettings: unknown;
}

export interface ScreenTiming {
  /** Time for the first window after the first frame (static), and before every other window. */
  settleMs: number;
  firstSettleMs: number;
  windowMs: number;
}

/**
 * Figures 2 and 3 with a real screen: the painter covers the customer's page (which fills the Xvfb screen),
 * sharing starts, the viewer reads every decoded frame; then for each content type, stats and frame numbers
 * over a window.
 */
export async function screenRun(pair: Pair, timing: ScreenTiming, label: string): Promise<ScreenRun> {
  const { sender, viewer } = pair;
  await sender.bringToFront();
  await sender.evaluate(installPainter, BAND);
  await sender.evaluate(setPainterMode, 'counter');
  await sender.click(pair.shareSelector);
  await within(`the ${pair.kind} viewer's video`, 20_000, viewer.waitForSelector(pair.videoSelector, { timeout: 21_000 }), () => pair.describe());
  await viewer.evaluate(installReader, { selector: pair.videoSelector, band: BAND, screen: SCREEN });
  await viewer.evaluate(readerCall, 'start');
  try {
    await within(
      `the ${pair.kind} viewer to read frame numbers off the shared screen`,
      20_000,
      viewer.waitForFunction(() => ((window as unknown as { __reader?: { accepted: number } }).__reader?.accepted ?? 0) >= 5, { timeout: 21_000, polling: 50 }),
      async () => ({ reader: await viewer.evaluate(readerCall, 'peek'), stats: await viewer.evaluate(videoStats), pages: await pair.describe() }),
    );
  } catch (error) {
    await saveSnapshot(viewer, `${label}-unreadable`);
    throw error;
  }
  const captureSettings = (await sender.evaluate(senderTimes)).gdm?.settings ?? null;

  const windows: ContentWindow[] = [];
  const modes: PainterMode[] = ['static', 'counter', 'noise'];
  for (const [index, mode] of modes.entries()) {
    await sender.evaluate(setPainterMode, mode);
    await sleep(index === 0 ? timing.firstSettleMs : timing.settleMs);
    const [senderOffset, viewerOffset] = [await clockOffset(sender), await clockOffset(viewer)];
    const paintedBefore = await sender.evaluate(() => (window as unknown as { __painter: { painted: number } }).__painter.painted);
    await viewer.evaluate(readerCall, 'start');
    const started = nowMs();
    const before = await viewer.evaluate(videoStats);
    await sleep(timing.windowMs);
    const after = await viewer.evaluate(videoStats);
    const read = (await viewer.evaluate(readerCall, 'stop')) as { seen: [number, number][]; frames: number; accepted: number; rejected: number };
    const seconds = (nowMs() - started) / 1000;
    const paints = await sender.evaluate(takePaints);
    if (!before || !after) throw new Error(`No connected peer connection on the ${pair.kind} viewer during the ${mode} window`);
    windows.push(contentWindow(mode, seconds, before, after, read, paints, paintedBefore, senderOffset, viewerOffset));
  }
  if (windows.every((w) => w.mode === 'static' || w.accepted === 0)) await saveSnapshot(viewer, `${label}-nothing-read`);
  return { windows, captureSettings };
}

function contentWindow(
  mode: PainterMode,
  seconds: number,
  before: VideoStats,
  after: VideoStats,
  read: { seen: [number, number][]; accepted: number; rejected: number },
  paints: { times: [number, number][]; painted: number },
  paintedBefore: number,
  senderOffset: number,
  viewerOffset: number,
): ContentWindow {
  const statsSeconds = (after.timestamp - before.timestamp) / 1000;
  const painted = new Map(paints.times);
  const latencies: number[] = [];
  for (const [code, seenAt] of read.seen) {
    const paintedAt = painted.get(code);
    if (paintedAt !== undefined) latencies.push(seenAt - viewerOffset - (paintedAt - senderOffset));
  }
  const changing = mode !== 'static';
  return {
    mode,
    seconds,
    bytesPerSec: (after.bytesReceived - before.bytesReceived) / statsSeconds,
    framesDecodedPerSec: (after.framesDecoded - before.framesDecoded) / statsSeconds,
    distinctFps: changing ? read.seen.length / seconds : null,
    paintedFps: changing ? (paints.painted - paintedBefore) / seconds : null,
    latencyMs: changing ? { median: median(latencies), p95: percentile(latencies, 95), samples: latencies.map((v) => Math.round(v * 10) / 10) } : null,
    rejected: read.rejected,
    accepted: read.accepted,
    frameSize: `${after.frameWidth}x${after.frameHeight}`,
    codec: after.codec,
  };
}

export async function saveSnapshot(viewer: Page, name: string): Promise<void> {
  try {
    const png = (await viewer.evaluate(readerCall, 'snapshot')) as string | null;
    if (!png) return;
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}.png`);
    writeFileSync(file, Buffer.from(png.split(',')[1], 'base64'));
    process.stderr.write(`  saved what the viewer saw to ${file}\n`);
  } catch {
    // diagnostics only
  }
}
