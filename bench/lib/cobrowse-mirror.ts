/**
 * Figure 6: DOM co-browse (rrweb). Two headless Chromium windows, a host page (recorder + executor) and a console
 * page (mirror) on two origins (testing/cobrowse/rig.ts), joined by a real WebRTC data channel (ordered, reliable,
 * loopback host candidates) signalled through Node. No product server: co-browse's own path is measured, from the
 * page's DOM to the technician's mirror and back.
 * - change -> mirror: the host page writes `c<i>` into an element (stamp just before the write); a MutationObserver
 *   on the mirror's document stamps when the replayed text is in the mirror's DOM, and the next animation frame
 *   after that (when it is painted at the latest).
 * - mirror input -> host: the console page dispatches a click on the mirrored button (the DomMirror's own
 *   listener turns it into a `dom-click`; stamp just before the dispatch); the host page's click handler stamps.
 * - baseline, on the same channel in the same run: a bare JSON message each way, stamped on send and in the
 *   receiving page's message handler (the transport alone).
 * - reconnect: a new DomMirror asks for a snapshot -> mirror live again.
 * - change -> visible, mirror vs video (cobrowse-video.ts): the same DOM change through the mirror and through the
 *   video path it replaces (the host tab shared with getDisplayMedia over a real RTCPeerConnection, detected in the
 *   decoded frames), in a headful Chromium on Xvfb, after the figures above.
 * Page clocks are corrected by their offsets to Node's (CDP round trips) before every chunk.
 */
import type { Page } from 'puppeteer-core';
import { startCobrowseRig, withTimeout } from '../../testing/cobrowse/rig';
import { type ChangeVisibleFigure, measureChangeVisible, printChangeVisible } from './cobrowse-video';
import { clockOffset } from './measure';
import { log, percentile, round, sleep } from './util';

export interface LatencyStats {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface CobrowseMirrorFigure {
  chromium: string | null;
  relay: string;
  gapMs: number;
  /** DOM change on the host page -> in the mirror's DOM, and -> the mirror's next animation frame. */
  change: { product: LatencyStats; productFrame: LatencyStats; baseline: LatencyStats };
  /** Click on the mirror -> the host page's click handler. */
  input: { product: LatencyStats; baseline: LatencyStats };
  /** A new mirror's snapshot request -> live, ms per run. */
  reconnectMs: number[];
  /** What a reconnect received: Meta + full snapshot of the bench page, characters of wire text. */
  snapshotChars: number | null;
  /** The same DOM change through the mirror and through tab-capture video; null when not run. */
  visible: ChangeVisibleFigure | null;
  errors: string[];
}

const CHANGES = Number(process.env.BENCH_MIRROR_CHANGES ?? 200);
const INPUTS = Number(process.env.BENCH_MIRROR_INPUTS ?? 200);
const GAP_MS = Number(process.env.BENCH_MIRROR_GAP_MS ?? 20);
const CHUNKS = 4;
const WARM_UP = 20;

type AnyWindow = Window & Record<string, any>;

export function stats(values: number[]): LatencyStats {
  const rounded = (p: number) => round(percentile(values, p), 2);
  return { n: values.length, p50: rounded(50), p95: rounded(95), p99: rounded(99), max: round(values.length ? Math.max(...values) : null, 2) };
}

export async function measureCobrowseMirror(): Promise<CobrowseMirrorFigure> {
  const figure: CobrowseMirrorFigure = {
    relay: 'WebRTC data channel between the two Chromium pages (ordered, reliable, loopback host candidates), signalled through Node',
    gapMs: GAP_MS,
    change: { product: stats([]), productFrame: stats([]), baseline: stats([]) },
    input: { product: stats([]), baseline: stats([]) },
    reconnectMs: [],
    snapshotChars: null,
    visible: null,
    chromium: null,
    errors: [],
  };
  const rig = await startCobrowseRig('webrtc');
  try {
    figure.chromium = await rig.browser.version();
    await rig.open();
    await rig.host.evaluate(() => window.lifelineHost.start({}));
    const epoch = await rig.host.evaluate(() => window.lifelineHost.grant());
    const describe = async () => ({
      console: await rig.console.evaluate(() => ({ state: window.lifelineConsole.state(), link: window.lifelineConsole.describeLink() })),
      host: await rig.host.evaluate(() => ({ link: window.lifelineHost.describeLink(), errors: window.lifelineHost.errors })),
      pageErrors: rig.pageErrors,
    });
    const live = async (what: string) => {
      const started = Date.now();
      await withTimeout(what, 15_000, rig.console.waitForFunction(() => window.lifelineConsole.state()?.status === 'live', { timeout: 16_000, polling: 'raf' }), describe);
      return Date.now() - started;
    };
    await rig.console.evaluate((e) => {
      window.lifelineConsole.setEpoch(e);
      window.lifelineConsole.start();
    }, epoch);
    await live('the mirror live');
    // Reconnects, timed in the console page (request -> live).
    for (let run = 0; run < 3; run++) {
      const { ms, chars } = await withTimeout('a reconnected mirror live', 15_000, rig.console.evaluate(reconnect), describe);
      figure.reconnectMs.push(round(ms, 1)!);
      figure.snapshotChars = chars;
    }
    await installStamps(rig.console, rig.host);

    const changes = { product: [] as number[], frame: [] as number[], baseline: [] as number[] };
    const inputs = { product: [] as number[], baseline: [] as number[] };
    // Warm-up, not counted: the first messages on a fresh channel and JIT.
    await changeChunk(rig.host, rig.console, 'product', WARM_UP, 0);
    await inputChunk(rig.console, rig.host, 'product', WARM_UP, 0);
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      const order: ('product' | 'baseline')[] = chunk % 2 ? ['baseline', 'product'] : ['product', 'baseline'];
      for (const kind of order) {
        try {
          const changed = await changeChunk(rig.host, rig.console, kind, Math.ceil(CHANGES / CHUNKS), 1000 * (chunk + 1));
          if (kind === 'product') {
            changes.product.push(...changed.applied);
            changes.frame.push(...changed.frame);
          } else changes.baseline.push(...changed.applied);
          const clicked = await inputChunk(rig.console, rig.host, kind, Math.ceil(INPUTS / CHUNKS), 1000 * (chunk + 1));
          inputs[kind].push(...clicked);
        } catch (error) {
          const message = `cobrowse-mirror ${kind} chunk ${chunk}: ${error instanceof Error ? error.message : String(error)}`;
          figure.errors.push(message);
          log(`FAILED ${message}`);
        }
      }
      log(`cobrowse-mirror: chunk ${chunk + 1}/${CHUNKS} done`);
    }
    figure.change = { product: stats(changes.product), productFrame: stats(changes.frame), baseline: stats(changes.baseline) };
    figure.input = { product: stats(inputs.product), baseline: stats(inputs.baseline) };
    const errors = rig.pageErrors.concat(await rig.host.evaluate(() => window.lifelineHost.errors));
    if (errors.length) figure.errors.push(...errors.map((e) => `page: ${e}`));
  } catch (error) {
    figure.errors.push(`cobrowse-mirror: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await rig.close();
  }
  log('cobrowse-mirror: change -> visible, mirror vs video (headful Chromium on Xvfb)');
  figure.visible = await measureChangeVisible();
  if (figure.visible.unavailable) log(`cobrowse-mirror: the video path could not run: ${figure.visible.unavailable}`);
  return figure;
}

/** In the console page: a fresh DomMirror, timed from its snapshot request to live, and what it received meanwhile. */
function reconnect(): Promise<{ ms: number; chars: number }> {
  const api = window.lifelineConsole;
  return new Promise((resolve) => {
    const started = performance.now();
    const chars = api.mirrorChars;
    api.start();
    const check = () => {
      if (api.state()?.status === 'live') resolve({ ms: performance.now() - started, chars: api.mirrorChars - chars });
      else setTimeout(check, 1);
    };
    check();
  });
}

/** Stamps in both pages: the mirror's copy of #live and #press, and the bare baseline's arrivals. */
async function installStamps(consolePage: Page, host: Page): Promise<void> {
  await consolePage.evaluate(() => {
    const w = window as AnyWindow;
    const now = () => performance.timeOrigin + performance.now();
    w.__applied = new Map<number, number>();
    w.__frame = new Map<number, number>();
    w.__bare = new Map<number, number>();
    const doc = w.lifelineConsole.document() as Document;
    const live = doc.getElementById('live')!;
    new MutationObserver(() => {
      const match = /^c(\d+)$/.exec(live.textContent ?? '');
      if (!match) return;
      const i = Number(match[1]);
      if (w.__applied.has(i)) return;
      w.__applied.set(i, now());
      requestAnimationFrame(() => w.__frame.set(i, now()));
    }).observe(live, { childList: true, characterData: true, subtree: true });
    w.lifelineConsole.onOther = (raw: unknown) => {
      const bare = raw as { type?: string; i?: number };
      if (bare.type === 'bare-change' && typeof bare.i === 'number') w.__bare.set(bare.i, now());
    };
  });
  await host.evaluate(() => {
    const w = window as AnyWindow;
    const now = () => performance.timeOrigin + performance.now();
    w.__bareIn = new Map<number, number>();
    w.lifelineHost.onOther = (raw: unknown) => {
      const bare = raw as { type?: string; i?: number };
      if (bare.type === 'bare-input' && typeof bare.i === 'number') w.__bareIn.set(bare.i, now());
    };
  });
}

/** `count` changes from index `base`, one every GAP_MS: DOM writes (product) or bare messages (baseline). */
async function changeChunk(host: Page, consolePage: Page, kind: 'product' | 'baseline', count: number, base: number): Promise<{ applied: number[]; frame: number[] }> {
  const [hostOffset, consoleOffset] = [await clockOffset(host, 16), await clockOffset(consolePage, 16)];
  const sent: number[] = await host.evaluate(
    async (k, n, b, gap) => {
      const w = window as AnyWindow;
      const now = () => performance.timeOrigin + performance.now();
      const stamps: number[] = [];
      const live = document.getElementById('live')!;
      for (let i = 0; i < n; i++) {
        stamps.push(now());
        if (k === 'product') live.textContent = `c${b + i}`;
        else w.lifelineHost.sendRaw(JSON.stringify({ type: 'bare-change', i: b + i }));
        await new Promise((resolve) => setTimeout(resolve, gap));
      }
      return stamps;
    },
    kind,
    count,
    base,
    GAP_MS,
  );
  await sleep(200);
  const arrived: { applied: [number, number][]; frame: [number, number][] } = await consolePage.evaluate((k) => {
    const w = window as AnyWindow;
    const from = (map: Map<number, number>) => [...map.entries()];
    return k === 'product' ? { applied: from(w.__applied), frame: from(w.__frame) } : { applied: from(w.__bare), frame: [] };
  }, kind);
  const pair = (entries: [number, number][]) => {
    const byIndex = new Map(entries);
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = byIndex.get(base + i);
      if (at === undefined) throw new Error(`change ${base + i} (${kind}) never arrived (${entries.length} arrivals recorded)`);
      out.push(at - consoleOffset - (sent[i] - hostOffset));
    }
    return out;
  };
  return { applied: pair(arrived.applied), frame: kind === 'product' ? pair(arrived.frame) : [] };
}

/** `count` clicks on the mirror (product) or bare messages (baseline), one every GAP_MS, paired with the host's stamps. */
async function inputChunk(consolePage: Page, host: Page, kind: 'product' | 'baseline', count: number, base: number): Promise<number[]> {
  const [hostOffset, consoleOffset] = [await clockOffset(host, 16), await clockOffset(consolePage, 16)];
  const before: number = await host.evaluate(() => ((window as AnyWindow).clickTimes as number[]).length);
  const sent: number[] = await consolePage.evaluate(
    async (k, n, b, gap) => {
      const w = window as AnyWindow;
      const now = () => performance.timeOrigin + performance.now();
      const stamps: number[] = [];
      const button = (w.lifelineConsole.document() as Document).getElementById('press')!;
      for (let i = 0; i < n; i++) {
        stamps.push(now());
        if (k === 'product') button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, detail: 1 }));
        else w.lifelineConsole.sendRaw(JSON.stringify({ type: 'bare-input', i: b + i }));
        await new Promise((resolve) => setTimeout(resolve, gap));
      }
      return stamps;
    },
    kind,
    count,
    base,
    GAP_MS,
  );
  await sleep(200);
  const arrivals: number[] = await host.evaluate(
    (k, from, b, n) => {
      const w = window as AnyWindow;
      if (k === 'product') return (w.clickTimes as number[]).slice(from);
      return Array.from({ length: n }, (_, i) => (w.__bareIn as Map<number, number>).get(b + i) ?? Number.NaN);
    },
    kind,
    before,
    base,
    count,
  );
  // The channel is ordered and the executor runs one message at a time: the i-th click handled is the i-th sent.
  if (arrivals.length !== count || arrivals.some((t) => Number.isNaN(t))) throw new Error(`${kind} input: ${arrivals.filter((t) => !Number.isNaN(t)).length} of ${count} arrived`);
  const reports = await consolePage.evaluate(() => (window.lifelineConsole.reports as { type: string }[]).filter((r) => r.type !== 'dom-done').length);
  if (reports) throw new Error(`${reports} inputs were refused`);
  return arrivals.map((at, i) => at - hostOffset - (sent[i] - consoleOffset));
}

export function printCobrowseMirror(out: string[], figure: CobrowseMirrorFigure): void {
  const row = (name: string, s: LatencyStats) => `   ${name.padEnd(46)} ${String(s.n).padStart(4)}  ${fmt(s.p50)}  ${fmt(s.p95)}  ${fmt(s.p99)}  ${fmt(s.max)}`;
  out.push(`6. DOM co-browse (rrweb): host page -> mirror and mirror -> host page, one way, ms (one change or click every ${figure.gapMs} ms)`);
  out.push(`   relay: ${figure.relay}; baseline: a bare JSON message on the same channel.`);
  out.push(`   ${''.padEnd(46)} ${'n'.padStart(4)}  ${'p50'.padStart(7)}  ${'p95'.padStart(7)}  ${'p99'.padStart(7)}  ${'max'.padStart(7)}`);
  out.push(row('DOM change -> in the mirror\'s DOM', figure.change.product));
  out.push(row('DOM change -> the mirror\'s next frame', figure.change.productFrame));
  out.push(row('baseline: bare message host -> console', figure.change.baseline));
  out.push(row('click on the mirror -> host click handler', figure.input.product));
  out.push(row('baseline: bare message console -> host', figure.input.baseline));
  out.push(`   reconnect (snapshot request -> mirror live): ${figure.reconnectMs.map((ms) => ms.toFixed(1)).join(', ')} ms; the snapshot: ${figure.snapshotChars ?? '?'} characters on the wire`);
  if (figure.visible) printChangeVisible(out, figure.visible);
  if (figure.errors.length) {
    out.push(`   Problems (${figure.errors.length}):`);
    for (const error of figure.errors) out.push(`     - ${error.split('\n')[0].slice(0, 400)}`);
  }
}

function fmt(value: number | null): string {
  return (value === null ? '-' : value.toFixed(2)).padStart(7);
}
