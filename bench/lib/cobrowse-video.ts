/**
 * Part of figure 6 (cobrowse-mirror): change -> visible, the same DOM change through the DOM mirror and through the
 * video path it replaces, in the same run.
 *
 * - One headful Chromium on its own Xvfb screen (tab capture needs a real compositor) with
 *   `--auto-accept-this-tab-capture`; in it a fresh pair of the rig's pages (testing/cobrowse/rig.ts: host page with
 *   the rrweb recorder, console page with the DomMirror, a WebRTC data channel between them), each in its own
 *   window side by side, so neither covers the other.
 * - The host page gets a large fixed block (50vw x 50vh, top left) that the bench toggles between black and white,
 *   one change every BENCH_MIRROR_VIDEO_GAP_MS (250), stamped just before the write.
 * - Mirror: a MutationObserver on the mirror document's copy of the block stamps the new colour (and a
 *   requestAnimationFrame from there the next frame: visible at the latest then).
 * - Video: the host page shares its own tab (getDisplayMedia({ video: true, preferCurrentTab: true })) over a
 *   second RTCPeerConnection (video only, loopback, signalled through Node) to the console page; the console page's
 *   video element is read in requestVideoFrameCallback (the block's centre drawn into a 32x18 canvas) and the first
 *   decoded frame showing the new colour is stamped.
 * - Chunks alternate: video sending (both paths run, on the same changes) and video not sending (replaceTrack(null):
 *   the mirror alone, as co-browse would run), after a warm-up.
 * A change counts for a path when that path shows its colour after the change was made and before the change after
 * next (with two colours, a later sighting could be another change's); otherwise it is missed.
 */
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from '../../e2e/support/browser';
import { startXvfb } from '../../e2e/support/xvfb';
import { HOST_BODY, startCobrowseRig, withTimeout } from '../../testing/cobrowse/rig';
import { hasCommand } from '../../testing/xvfb';
import { clockOffset } from './measure';
import { log, percentile, round, sleep } from './util';

export interface VisibleStats {
  n: number;
  missed: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface VideoChunk {
  p50: number | null;
  p95: number | null;
  missed: number;
  framesEncoded: number;
  framesDecoded: number;
  framesDropped: number;
  packetsLost: number;
  nacks: number;
  /** Mean jitter-buffer delay of the frames emitted in the chunk, and the mean encode time, ms. */
  jitterBufferMs: number | null;
  encodeMs: number | null;
  freezes: number;
  qualityLimitation: string | null;
}

export interface ChangeVisibleFigure {
  /** Why the video path could not run here, when it could not (no figures are made up then). */
  unavailable: string | null;
  gapMs: number;
  changes: number;
  /** The same changes, video sending: mirror DOM, mirror next frame, first decoded video frame showing it. */
  withVideo: { mirrorDom: VisibleStats; mirrorFrame: VisibleStats; video: VisibleStats };
  /** Video not sending (replaceTrack(null)): the mirror alone. */
  mirrorAlone: { mirrorDom: VisibleStats; mirrorFrame: VisibleStats };
  /** Every counted change through the video, in order, chunk by chunk: ms, or null when missed. */
  videoPerChange: (number | null)[][];
  /** Per counted video chunk: the latencies and what WebRTC's stats said meanwhile (deltas over the chunk). */
  videoChunks: VideoChunk[];
  /** What the video path carried: the viewer's frame size, decoded frames/s while changing, codec, capture size. */
  videoInfo: {
    width: number | null;
    height: number | null;
    decodedFps: number | null;
    codec: string | null;
    capture: string | null;
    uncertainFrames: number;
    /** requestVideoFrameCallback calls, the presentedFrames of the last one, and the video element's own counts. */
    callbacks?: number;
    presentedFrames?: number;
    rendererFrames?: number;
    rendererDropped?: number;
  };
  errors: string[];
}

const CHANGES = Number(process.env.BENCH_MIRROR_VIDEO_CHANGES ?? 60);
const GAP_MS = Number(process.env.BENCH_MIRROR_VIDEO_GAP_MS ?? 250);
const CHUNKS = 4;
/** Changes not counted after the video starts sending again. */
const VIDEO_WARM_UP = 4;
const WINDOW = { width: 640, height: 700 };
const COLOURS = ['rgb(255, 255, 255)', 'rgb(0, 0, 0)'] as const;

type AnyWindow = Window & Record<string, any>;

const BLOCK = `<div id="block" style="position:fixed;left:0;top:0;width:50vw;height:50vh;background:${COLOURS[1]};z-index:2147483000"></div>`;
/**
 * BENCH_MIRROR_VIDEO_TICKER=1: a small CSS animation on the host page (no DOM mutation, so nothing for the mirror),
 * so the tab is repainted every frame, as a page with anything moving on it is.
 */
const TICKER = process.env.BENCH_MIRROR_VIDEO_TICKER === '1';
const TICKER_HTML = `<style>@keyframes bench-tick{from{background:#f00}to{background:#00f}}</style><div style="position:fixed;right:4px;bottom:4px;width:8px;height:8px;animation:bench-tick 0.5s linear infinite alternate"></div>`;

export function visibleStats(values: number[], missed: number): VisibleStats {
  const rounded = (p: number) => round(percentile(values, p), 2);
  return { n: values.length, missed, p50: rounded(50), p95: rounded(95), p99: rounded(99), max: round(values.length ? Math.max(...values) : null, 2) };
}

export function emptyChangeVisible(unavailable: string | null): ChangeVisibleFigure {
  return {
    unavailable,
    gapMs: GAP_MS,
    changes: CHANGES,
    withVideo: { mirrorDom: visibleStats([], 0), mirrorFrame: visibleStats([], 0), video: visibleStats([], 0) },
    mirrorAlone: { mirrorDom: visibleStats([], 0), mirrorFrame: visibleStats([], 0) },
    videoPerChange: [],
    videoChunks: [],
    videoInfo: { width: null, height: null, decodedFps: null, codec: null, capture: null, uncertainFrames: 0 },
    errors: [],
  };
}

export async function measureChangeVisible(): Promise<ChangeVisibleFigure> {
  if (!hasCommand('Xvfb')) return emptyChangeVisible('no Xvfb on this machine (apt-get install xvfb): tab capture needs headful Chromium on a display; headless Chromium only has the fake capture device');
  const figure = emptyChangeVisible(null);
  let stopDisplay: (() => void) | null = null;
  let browser: Browser | null = null;
  let rig: Awaited<ReturnType<typeof startCobrowseRig>> | null = null;
  try {
    const xvfb = await startXvfb(1280, 720);
    stopDisplay = xvfb.stop;
    browser = await launchBrowser({ display: xvfb.display, windowSize: WINDOW, extraArgs: ['--window-position=0,0', '--auto-accept-this-tab-capture'] });
    rig = await startCobrowseRig('webrtc', { browser });
    await rig.open({ hostBody: HOST_BODY + BLOCK + (TICKER ? TICKER_HTML : '') });
    // Side by side: the console's window right of the host's, so it covers nothing the capture needs.
    await placeWindow(rig.console, WINDOW.width, 0);
    const { host, console: consolePage } = rig;
    await host.evaluate(() => window.lifelineHost.start({}));
    const epoch = await host.evaluate(() => window.lifelineHost.grant());
    await consolePage.evaluate((e) => {
      window.lifelineConsole.setEpoch(e);
      window.lifelineConsole.start();
    }, epoch);
    const describe = async () => ({
      console: await consolePage.evaluate(() => ({ state: window.lifelineConsole.state(), video: (window as AnyWindow).__video?.describe?.() ?? null })),
      host: await host.evaluate(() => ({ link: window.lifelineHost.describeLink(), video: (window as AnyWindow).__videoHost?.describe?.() ?? null })),
      pageErrors: rig!.pageErrors,
    });
    await withTimeout('the mirror live', 15_000, consolePage.waitForFunction(() => window.lifelineConsole.state()?.status === 'live', { timeout: 16_000, polling: 'raf' }), describe);
    await withTimeout('the mirror\'s copy of the block', 10_000, consolePage.waitForFunction(() => Boolean(window.lifelineConsole.document()?.getElementById('block')), { timeout: 11_000, polling: 50 }), describe);
    await installMirrorStamps(consolePage);

    // The video path: the host shares its own tab to the console over a peer connection of their own.
    await linkVideoSignals(host, consolePage);
    await consolePage.evaluate(installViewer);
    const capture = await withTimeout('getDisplayMedia (this tab)', 15_000, host.evaluate(startTabShare), describe).catch((error: unknown) => {
      throw new Error(`tab capture could not start: ${error instanceof Error ? error.message : String(error)}`);
    });
    if ('error' in capture) {
      figure.unavailable = `tab capture could not start in headful Chromium on Xvfb with --auto-accept-this-tab-capture: ${capture.error}`;
      return figure;
    }
    figure.videoInfo.capture = capture.settings;
    await withTimeout(
      'the shared tab in the console\'s video',
      20_000,
      consolePage.waitForFunction(() => ((window as AnyWindow).__video?.frames ?? 0) > 3 && (window as AnyWindow).__video.colour !== null, { timeout: 21_000, polling: 100 }),
      describe,
    );

    const withVideo = { dom: [] as number[], frame: [] as number[], video: [] as number[], missed: { dom: 0, frame: 0, video: 0 } };
    const alone = { dom: [] as number[], frame: [] as number[], missed: { dom: 0, frame: 0 } };
    let colourIndex = 1;
    let fpsSamples: number[] = [];
    // Warm-up, not counted: a few changes through both paths.
    await setVideo(host, true);
    colourIndex = (await changeChunk(host, consolePage, 6, colourIndex, true)).colourIndex;
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      const video = chunk % 2 === 0;
      try {
        await setVideo(host, video);
        if (video) {
          // The encoder restarts on replaceTrack (a key frame, the bandwidth estimate from low): its first changes
          // are slower or lost, which is the alternation's doing, not the video path's steady state. Not counted.
          colourIndex = (await changeChunk(host, consolePage, VIDEO_WARM_UP, colourIndex, true)).colourIndex;
        }
        const before = video ? await videoCounters(host, consolePage) : null;
        const result = await changeChunk(host, consolePage, Math.ceil(CHANGES / (CHUNKS / 2)), colourIndex, video);
        if (before) figure.videoChunks.push(chunkStats(before, await videoCounters(host, consolePage), result.video));
        colourIndex = result.colourIndex;
        if (video) {
          withVideo.dom.push(...result.dom.values);
          withVideo.frame.push(...result.frame.values);
          withVideo.video.push(...result.video.values);
          withVideo.missed.dom += result.dom.missed;
          withVideo.missed.frame += result.frame.missed;
          withVideo.missed.video += result.video.missed;
          figure.videoPerChange.push(result.video.each);
          if (result.decodedFps !== null) fpsSamples.push(result.decodedFps);
        } else {
          alone.dom.push(...result.dom.values);
          alone.frame.push(...result.frame.values);
          alone.missed.dom += result.dom.missed;
          alone.missed.frame += result.frame.missed;
        }
        log(`cobrowse-mirror: change -> visible chunk ${chunk + 1}/${CHUNKS} (${video ? 'video sending' : 'mirror alone'}) done`);
      } catch (error) {
        const message = `change -> visible chunk ${chunk} (${video ? 'video' : 'mirror alone'}): ${error instanceof Error ? error.message : String(error)}`;
        figure.errors.push(message);
        log(`FAILED ${message}`);
      }
    }
    figure.withVideo = {
      mirrorDom: visibleStats(withVideo.dom, withVideo.missed.dom),
      mirrorFrame: visibleStats(withVideo.frame, withVideo.missed.frame),
      video: visibleStats(withVideo.video, withVideo.missed.video),
    };
    figure.mirrorAlone = { mirrorDom: visibleStats(alone.dom, alone.missed.dom), mirrorFrame: visibleStats(alone.frame, alone.missed.frame) };
    const info = await consolePage.evaluate(async () => (window as AnyWindow).__video.info());
    // The capture's settings once it has run (right after getDisplayMedia they can still be the screen's).
    figure.videoInfo.capture = await host.evaluate(() => {
      const s = ((window as AnyWindow).__videoHost.track as MediaStreamTrack).getSettings();
      return `${s.width}x${s.height} ${(s as { displaySurface?: string }).displaySurface ?? ''} at ${s.frameRate ?? '?'} fps`;
    });
    figure.videoInfo = { ...figure.videoInfo, ...info, decodedFps: round(fpsSamples.length ? fpsSamples.reduce((a, b) => a + b, 0) / fpsSamples.length : null, 1) };
    fpsSamples = [];
    const errors = rig.pageErrors.concat(await host.evaluate(() => window.lifelineHost.errors));
    if (errors.length) figure.errors.push(...errors.map((e) => `page: ${e}`));
  } catch (error) {
    figure.errors.push(`change -> visible: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await rig?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    stopDisplay?.();
  }
  return figure;
}

async function placeWindow(page: Page, left: number, top: number): Promise<void> {
  const session = await page.createCDPSession();
  try {
    const { windowId } = await session.send('Browser.getWindowForTarget');
    await session.send('Browser.setWindowBounds', { windowId, bounds: { left, top, width: WINDOW.width, height: WINDOW.height } });
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** The video connection's signals, page to page through Node, one at a time in order. */
async function linkVideoSignals(host: Page, consolePage: Page): Promise<void> {
  let toConsole = Promise.resolve();
  let toHost = Promise.resolve();
  await host.exposeFunction('__benchVideoSignal', (signal: string) => {
    toConsole = toConsole.then(() => consolePage.evaluate((s) => (window as AnyWindow).__video.signal(s), signal)).catch(() => undefined);
  });
  await consolePage.exposeFunction('__benchVideoSignal', (signal: string) => {
    toHost = toHost.then(() => host.evaluate((s) => (window as AnyWindow).__videoHost.signal(s), signal)).catch(() => undefined);
  });
}

/** In the host page: share this tab and offer it on a new peer connection. */
async function startTabShare(): Promise<{ settings: string } | { error: string }> {
  const w = window as AnyWindow;
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 30 }, audio: false, preferCurrentTab: true } as DisplayMediaStreamOptions);
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
  const track = stream.getVideoTracks()[0];
  const pc = new RTCPeerConnection({ iceServers: [] });
  const sender = pc.addTrack(track, stream);
  const signal = (value: unknown) => void (w.__benchVideoSignal as (s: string) => Promise<void>)(JSON.stringify(value));
  pc.onicecandidate = ({ candidate }) => {
    if (candidate) signal({ candidate: candidate.toJSON() });
  };
  let queue = Promise.resolve();
  w.__videoHost = {
    track,
    sender,
    signal: (text: string) => {
      queue = queue.then(async () => {
        const message = JSON.parse(text) as { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit };
        if (message.description) await pc.setRemoteDescription(message.description);
        if (message.candidate) await pc.addIceCandidate(message.candidate);
      });
      return queue;
    },
    describe: () => ({ connection: pc.connectionState, ice: pc.iceConnectionState, track: track.readyState, settings: track.getSettings() }),
  };
  await pc.setLocalDescription(await pc.createOffer());
  signal({ description: pc.localDescription });
  const s = track.getSettings();
  return { settings: `${s.width}x${s.height} ${s.displaySurface ?? ''} at ${s.frameRate ?? '?'} fps` };
}

async function setVideo(host: Page, on: boolean): Promise<void> {
  await host.evaluate(async (enabled) => {
    const v = (window as AnyWindow).__videoHost;
    await v.sender.replaceTrack(enabled ? v.track : null);
  }, on);
}

/**
 * In the console page: the viewer. Answers the offer, shows the track in a small video element and reads the
 * block's colour from every decoded frame (requestVideoFrameCallback), keeping every change of colour with its time.
 */
function installViewer(): void {
  const w = window as AnyWindow;
  const now = () => performance.timeOrigin + performance.now();
  const pc = new RTCPeerConnection({ iceServers: [] });
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.style.cssText = 'position:fixed;right:0;bottom:0;width:320px;height:350px;background:#888';
  document.body.append(video);
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 18;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const signal = (value: unknown) => void (w.__benchVideoSignal as (s: string) => Promise<void>)(JSON.stringify(value));
  pc.onicecandidate = ({ candidate }) => {
    if (candidate) signal({ candidate: candidate.toJSON() });
  };
  const state = {
    frames: 0,
    uncertain: 0,
    colour: null as string | null,
    transitions: [] as [number, string][],
    frameTimes: [] as number[],
    width: null as number | null,
    height: null as number | null,
    presented: 0,
  };
  const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
    const at = now();
    state.frames++;
    state.frameTimes.push(at);
    state.presented = meta.presentedFrames;
    state.width = meta.width;
    state.height = meta.height;
    // The block is the top-left quarter of the tab: its centre is at (25%, 25%) of the frame.
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const data = context.getImageData(6, 3, 5, 3).data;
    let luminance = 0;
    for (let i = 0; i < data.length; i += 4) luminance += 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
    luminance /= data.length / 4;
    const colour = luminance > 170 ? 'rgb(255, 255, 255)' : luminance < 85 ? 'rgb(0, 0, 0)' : null;
    if (colour === null) state.uncertain++;
    else if (colour !== state.colour) {
      state.colour = colour;
      state.transitions.push([at, colour]);
    }
    video.requestVideoFrameCallback(onFrame);
  };
  pc.ontrack = ({ track }) => {
    video.srcObject = new MediaStream([track]);
    void video.play().catch(() => undefined);
    video.requestVideoFrameCallback(onFrame);
  };
  let queue = Promise.resolve();
  w.__video = Object.assign(state, {
    signal: (text: string) => {
      queue = queue.then(async () => {
        const message = JSON.parse(text) as { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit };
        if (message.candidate) await pc.addIceCandidate(message.candidate);
        if (message.description) {
          await pc.setRemoteDescription(message.description);
          await pc.setLocalDescription(await pc.createAnswer());
          signal({ description: pc.localDescription });
        }
      });
      return queue;
    },
    counters: async () => {
      const out = { decoded: 0, dropped: 0, lost: 0, nacks: 0, jitterDelay: 0, jitterEmitted: 0, freezes: 0 };
      (await pc.getStats()).forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') {
          out.decoded += r.framesDecoded ?? 0;
          out.dropped += r.framesDropped ?? 0;
          out.lost += r.packetsLost ?? 0;
          out.nacks += r.nackCount ?? 0;
          out.jitterDelay += r.jitterBufferDelay ?? 0;
          out.jitterEmitted += r.jitterBufferEmittedCount ?? 0;
          out.freezes += r.freezeCount ?? 0;
        }
      });
      return out;
    },
    describe: () => ({ connection: pc.connectionState, frames: state.frames, colour: state.colour, uncertain: state.uncertain, size: `${state.width}x${state.height}` }),
    info: async () => {
      const stats = await pc.getStats();
      let codec: string | null = null;
      stats.forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video' && report.codecId) {
          const found = stats.get(report.codecId) as { mimeType?: string } | undefined;
          codec = found?.mimeType ?? null;
        }
      });
      const quality = video.getVideoPlaybackQuality();
      return {
        width: state.width,
        height: state.height,
        codec,
        uncertainFrames: state.uncertain,
        callbacks: state.frames,
        presentedFrames: state.presented,
        rendererFrames: quality.totalVideoFrames,
        rendererDropped: quality.droppedVideoFrames,
      };
    },
  });
}

/** In the console page: the mirror's copy of the block, every colour it takes, and the next animation frame. */
async function installMirrorStamps(consolePage: Page): Promise<void> {
  await consolePage.evaluate(() => {
    const w = window as AnyWindow;
    const now = () => performance.timeOrigin + performance.now();
    w.__mirrorBlock = { dom: [] as [number, string][], frame: [] as [number, string][] };
    const doc = w.lifelineConsole.document() as Document;
    const block = doc.getElementById('block')!;
    let last = block.style.backgroundColor;
    new MutationObserver(() => {
      const colour = block.style.backgroundColor;
      if (colour === last) return;
      last = colour;
      w.__mirrorBlock.dom.push([now(), colour]);
      requestAnimationFrame(() => w.__mirrorBlock.frame.push([now(), colour]));
    }).observe(block, { attributes: true, attributeFilter: ['style'] });
  });
}

interface Paired {
  values: number[];
  missed: number;
  /** In the order of the changes, null when missed. */
  each: (number | null)[];
}

/** `count` changes of the block's colour, one every GAP_MS, each paired with where each path first showed it. */
async function changeChunk(
  host: Page,
  consolePage: Page,
  count: number,
  colourIndex: number,
  video: boolean,
): Promise<{ dom: Paired; frame: Paired; video: Paired; colourIndex: number; decodedFps: number | null }> {
  const [hostOffset, consoleOffset] = [await clockOffset(host, 16), await clockOffset(consolePage, 16)];
  const marks = await consolePage.evaluate(() => {
    const w = window as AnyWindow;
    return { dom: w.__mirrorBlock.dom.length, frame: w.__mirrorBlock.frame.length, video: w.__video.transitions.length, frames: w.__video.frameTimes.length };
  });
  const sent: [number, string][] = await host.evaluate(
    async (n, first, gap, colours) => {
      const now = () => performance.timeOrigin + performance.now();
      const block = document.getElementById('block')!;
      const out: [number, string][] = [];
      for (let i = 0; i < n; i++) {
        const colour = colours[(first + i + 1) % 2];
        out.push([now(), colour]);
        block.style.backgroundColor = colour;
        await new Promise((resolve) => setTimeout(resolve, gap));
      }
      return out;
    },
    count,
    colourIndex,
    GAP_MS,
    COLOURS as unknown as string[],
  );
  await sleep(Math.max(600, GAP_MS * 2));
  const seen = await consolePage.evaluate((m) => {
    const w = window as AnyWindow;
    const frames = (w.__video.frameTimes as number[]).slice(m.frames);
    return {
      dom: (w.__mirrorBlock.dom as [number, string][]).slice(m.dom),
      frame: (w.__mirrorBlock.frame as [number, string][]).slice(m.frame),
      video: (w.__video.transitions as [number, string][]).slice(m.video),
      decodedFps: frames.length > 1 ? ((frames.length - 1) * 1000) / (frames[frames.length - 1] - frames[0]) : null,
    };
  }, marks);
  const changes = sent.map(([at, colour]) => [at - hostOffset, colour] as const);
  const pair = (arrivals: [number, string][]): Paired => {
    const corrected = arrivals.map(([at, colour]) => [at - consoleOffset, colour] as const);
    const out: Paired = { values: [], missed: 0, each: [] };
    changes.forEach(([at, colour], i) => {
      const until = changes[i + 2]?.[0] ?? Infinity;
      const found = corrected.find(([t, c]) => c === colour && t >= at && t < until);
      if (found) out.values.push(found[0] - at);
      else out.missed++;
      out.each.push(found ? round(found[0] - at, 1) : null);
    });
    return out;
  };
  return {
    dom: pair(seen.dom),
    frame: pair(seen.frame),
    video: video ? pair(seen.video) : { values: [], missed: 0, each: [] },
    colourIndex: colourIndex + count,
    decodedFps: video ? round(seen.decodedFps, 1) : null,
  };
}

function fmt(value: number | null): string {
  return (value === null ? '-' : value.toFixed(1)).padStart(7);
}

export function printChangeVisible(out: string[], figure: ChangeVisibleFigure): void {
  out.push(`   Change -> visible, the same DOM change through both paths (a 50vw x 50vh block toggled black/white every ${figure.gapMs} ms; headful Chromium on Xvfb), ms:`);
  if (figure.unavailable) {
    out.push(`   video path NOT MEASURED: ${figure.unavailable}`);
  } else {
    const row = (name: string, s: VisibleStats) =>
      `   ${name.padEnd(46)} ${String(s.n).padStart(4)}  ${fmt(s.p50)}  ${fmt(s.p95)}  ${fmt(s.p99)}  ${fmt(s.max)}${s.missed ? `  (${s.missed} missed)` : ''}`;
    out.push(`   ${''.padEnd(46)} ${'n'.padStart(4)}  ${'p50'.padStart(7)}  ${'p95'.padStart(7)}  ${'p99'.padStart(7)}  ${'max'.padStart(7)}`);
    out.push(row('mirror alone: in the mirror\'s DOM', figure.mirrorAlone.mirrorDom));
    out.push(row('mirror alone: the mirror\'s next frame', figure.mirrorAlone.mirrorFrame));
    out.push(row('video sending too: mirror\'s next frame', figure.withVideo.mirrorFrame));
    out.push(row('video: first decoded frame showing it', figure.withVideo.video));
    const v = figure.videoInfo;
    for (const [i, c] of figure.videoChunks.entries()) {
      out.push(
        `   video chunk ${i + 1}: p50 ${c.p50 ?? '-'} / p95 ${c.p95 ?? '-'} ms, ${c.missed} missed; frames encoded ${c.framesEncoded}, decoded ${c.framesDecoded}, dropped ${c.framesDropped}; ` +
          `packets lost ${c.packetsLost}, NACKs ${c.nacks}; jitter buffer ${c.jitterBufferMs ?? '-'} ms/frame; encode ${c.encodeMs ?? '-'} ms/frame; freezes ${c.freezes}; quality limited by ${c.qualityLimitation ?? '?'}`,
      );
    }
    out.push(
      `   video: tab capture ${v.capture ?? '?'} -> ${v.codec ?? '?'} ${v.width ?? '?'}x${v.height ?? '?'} decoded, ${v.decodedFps ?? '?'} decoded frames/s while changing; ${v.uncertainFrames} frames with the block neither black nor white; ` +
        `${v.callbacks ?? '?'} frame callbacks for ${v.presentedFrames ?? '?'} frames presented (the element: ${v.rendererFrames ?? '?'} frames, ${v.rendererDropped ?? '?'} dropped)`,
    );
  }
  if (figure.errors.length) {
    out.push(`   Problems (${figure.errors.length}):`);
    for (const error of figure.errors) out.push(`     - ${error.split('\n')[0].slice(0, 400)}`);
  }
}

interface Counters {
  encoded: number;
  encodeTime: number;
  limitation: string | null;
  decoded: number;
  dropped: number;
  lost: number;
  nacks: number;
  jitterDelay: number;
  jitterEmitted: number;
  freezes: number;
}

/** The video connection's counters: the host's outbound-rtp, the console's inbound-rtp. */
async function videoCounters(host: Page, consolePage: Page): Promise<Counters> {
  const sent = await host.evaluate(async () => {
    const sender = (window as AnyWindow).__videoHost.sender as RTCRtpSender;
    const out = { encoded: 0, encodeTime: 0, limitation: null as string | null };
    (await sender.getStats()).forEach((r) => {
      if (r.type === 'outbound-rtp') {
        out.encoded += r.framesEncoded ?? 0;
        out.encodeTime += r.totalEncodeTime ?? 0;
        out.limitation = r.qualityLimitationReason ?? null;
      }
    });
    return out;
  });
  const received = await consolePage.evaluate(() => (window as AnyWindow).__video.counters());
  return { ...sent, ...received };
}

function chunkStats(before: Counters, after: Counters, video: Paired): VideoChunk {
  const emitted = after.jitterEmitted - before.jitterEmitted;
  const encoded = after.encoded - before.encoded;
  return {
    p50: round(percentile(video.values, 50), 1),
    p95: round(percentile(video.values, 95), 1),
    missed: video.missed,
    framesEncoded: encoded,
    framesDecoded: after.decoded - before.decoded,
    framesDropped: after.dropped - before.dropped,
    packetsLost: after.lost - before.lost,
    nacks: after.nacks - before.nacks,
    jitterBufferMs: emitted > 0 ? round(((after.jitterDelay - before.jitterDelay) / emitted) * 1000, 1) : null,
    encodeMs: encoded > 0 ? round(((after.encodeTime - before.encodeTime) / encoded) * 1000, 1) : null,
    freezes: after.freezes - before.freezes,
    qualityLimitation: after.limitation,
  };
}
