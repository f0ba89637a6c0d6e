/**
 * Figure 5: input latency, technician event -> executed at the executor, one way, beside a bare data channel echo.
 *
 * - Co-browse: the technician's console dispatches key events (Shift down/up) on the remote keyboard field that
 *   input/input-capture.ts listens on, so each leaves through the product's own path (its handler,
 *   TechnicianControl's sink, the `control` channel of page control's own input connection, client/input-link.ts);
 *   the customer's page stamps each in a capture-phase window listener, the first handler the page executor's
 *   dispatched event reaches.
 * - Desktop: the same keys go to the Lifeline Helper (HelperLink `control` channel); the helper injects them on the
 *   customer's X display and reports `executedAt` (its wall clock, performance.timeOrigin + now) after the injection
 *   call; the console's channel hands the report to the bench's data channel tap (bench/lib/in-page.ts hookPage).
 * - Baseline: on a bare peer connection between two bare pages (bench/lib/baseline.ts), an ordered reliable channel
 *   carries messages shaped like the product's, with the same count and gap; the receiver stamps each in its handler
 *   and echoes it.
 *
 * Sends and arrivals are paired by order (ordered channels, executors that run one message at a time); counts must
 * match, and the product's reports must echo the sentAt of the event they are paired with, or the chunk fails. Page
 * clocks are corrected by their offsets to Node's (CDP round trips before each chunk); the helper's clock is Node's
 * own wall clock (both are Node processes on this machine: performance.timeOrigin + now, to a few microseconds), so
 * only the console's offset is removed for the desktop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { byId } from '../../e2e/support/flows';
import {
  armEchoReceiver,
  armKeyArrivals,
  armTap,
  BENCH_KEY,
  channelRoute,
  type DataChannelTap,
  echoArrivalCount,
  keyArrivalCount,
  sendBareEchoes,
  sendProductKeys,
  takeEchoArrivals,
  takeKeyArrivals,
  takeTap,
} from './in-page';
import { clockOffset } from './measure';
import type { Pair, Route } from './pairs';
import { log, within } from './util';

export type InputPath = 'cobrowse' | 'desktop';
export const INPUT_PATHS: readonly InputPath[] = ['cobrowse', 'desktop'];

/** Goal (issue 5): p99 one-way <= 10 ms on the direct route (loopback), and <= 1.2x the bare channel's p99 on each route. */
export const INPUT_GOAL = { maxP99Ms: 10, maxRatio: 1.2 } as const;

export interface InputConfig {
  /** The paths to run (BENCH_INPUT_PATHS, comma-separated; both by default). */
  paths: InputPath[];
  /** Events per series (product and baseline each), split over `chunks` alternating chunks; 2,000 by default (p99 is then the 20th worst). */
  events: number;
  gapMs: number;
  chunks: number;
  /** Events per series sent first and not counted (JIT, first-message costs). */
  warmup: number;
}

export function inputConfig(): InputConfig {
  const asked = (process.env.BENCH_INPUT_PATHS ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = asked.filter((p) => !(INPUT_PATHS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`BENCH_INPUT_PATHS: unknown path ${unknown.join(', ')} (known: ${INPUT_PATHS.join(', ')})`);
  return {
    paths: asked.length ? INPUT_PATHS.filter((p) => asked.includes(p)) : [...INPUT_PATHS],
    events: Math.max(2, Number(process.env.BENCH_INPUT_EVENTS ?? 2000)),
    gapMs: Math.max(0, Number(process.env.BENCH_INPUT_GAP_MS ?? 8)),
    chunks: Math.max(1, Number(process.env.BENCH_INPUT_CHUNKS ?? 4)),
    warmup: 40,
  };
}

/** One series of events (all chunks of one kind on one path), per event in send order. */
export interface InputSeries {
  events: number;
  /** Mean time between sends actually achieved (setTimeout: at least the asked gap). */
  meanGapMs: number;
  /** Technician event -> executed (product) or -> the bare receiver's handler (baseline), ms. */
  oneWayMs: number[];
  /** Technician event -> the executor's report (product) or the echo (baseline) back at the technician's page, ms. */
  roundTripMs: number[];
  /**
   * Product only, where the time goes. console: the event -> its send() on the channel (input capture, sink,
   * framing); transport: send() -> the message event at the customer's page (co-browse only: SCTP, ICE, the
   * relay); executor: that message event -> the page handler (co-browse only: parsing, the gate, dispatch);
   * afterSend: send() -> executed (desktop: transport and the helper together, its clock is not in a page).
   */
  parts: { consoleMs: number[]; transportMs: number[] | null; executorMs: number[] | null; afterSendMs: number[] } | null;
  /** Per chunk: customer (or helper) clock offset minus the technician page's, ms (what was corrected). */
  clockSkewMs: number[];
}

export interface InputPathResult {
  product: InputSeries | null;
  baseline: InputSeries | null;
  /** Desktop: the injector the helper reported (e.g. libnut+xdotool). */
  injector?: string | null;
  /** The route of the executor's connection as getStats saw it on the console (local/remote candidate types). */
  productRoute?: string | null;
}

export interface InputFigure {
  config: InputConfig;
  cobrowse: InputPathResult;
  desktop: InputPathResult;
}

export function emptyInputFigure(config: InputConfig): InputFigure {
  return { config, cobrowse: { product: null, baseline: null }, desktop: { product: null, baseline: null } };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
/** Sub-millisecond figures: the offsets come from the tightest of more CDP round trips than the other figures take. */
const OFFSET_ROUND_TRIPS = 16;
const KEYBOARD = '.remote-keyboard';

/** A chunk's raw result, before it is merged into a series. */
interface Chunk {
  oneWay: number[];
  roundTrip: number[];
  console: number[] | null;
  transport: number[] | null;
  executor: number[] | null;
  afterSend: number[] | null;
  sendStamps: number[];
  skew: number;
}

function messagesOfType(entries: [number, string][], type: string): { at: number; message: Record<string, unknown> }[] {
  const out: { at: number; message: Record<string, unknown> }[] = [];
  for (const [at, text] of entries) {
    if (!text.includes(`"${type}"`)) continue;
    try {
      const message = JSON.parse(text) as Record<string, unknown>;
      if (message.type === type) out.push({ at, message });
    } catch {
      // not ours
    }
  }
  return out;
}

function expectCount(what: string, got: number, expected: number): void {
  if (got !== expected) throw new Error(`${what}: ${got} of ${expected}`);
}

/** Waits until `count()` on the page reaches `expected`, then returns; a timeout says how far it got. */
async function waitForCount(page: Page, what: string, fn: () => number, expected: number, ms: number): Promise<void> {
  await within(what, ms, page.waitForFunction(`(${fn.toString()})() >= ${expected}`, { timeout: ms + 1000, polling: 20 }), async () => ({ got: await page.evaluate(fn).catch(() => null), expected }));
}

/** The technician page's reports of this chunk: every input-executed, in arrival order; a refusal fails the chunk. */
function reportsOf(tap: DataChannelTap, expected: number): { at: number; sentAt: number; executedAt: number | null }[] {
  const refused = messagesOfType(tap.received, 'input-refused');
  if (refused.length) throw new Error(`${refused.length} events refused by the executor (first: ${JSON.stringify(refused[0].message)})`);
  const reports = messagesOfType(tap.received, 'input-executed').map(({ at, message }) => ({
    at,
    sentAt: Number(message.sentAt),
    executedAt: typeof message.executedAt === 'number' ? message.executedAt : null,
  }));
  expectCount('input-executed reports at the console', reports.length, expected);
  return reports;
}

/**
 * Each report must echo the event it is paired with: its sentAt (the console's performance.now() in
 * TechnicianControl.dispatch) is taken while that event is dispatched, so after the event's stamp and before the
 * next event's (the next one is only dispatched after a timer).
 */
function checkPairing(reports: { sentAt: number }[], stamps: number[], timeOrigin: number): void {
  // performance.now() is coarsened (100 us without cross-origin isolation) and timeOrigin is a double.
  const slack = 0.2;
  for (let i = 0; i < reports.length; i++) {
    const sentAt = timeOrigin + reports[i].sentAt;
    const next = stamps[i + 1] ?? Infinity;
    if (sentAt < stamps[i] - slack || sentAt > next + slack) {
      throw new Error(`report ${i} does not pair with event ${i}: its sentAt is ${(sentAt - stamps[i]).toFixed(2)} ms after the event`);
    }
  }
}

/** Co-browse: one chunk of `count` key events from the console to the customer's page. */
async function cobrowseChunk(pair: Pair, count: number, gapMs: number): Promise<Chunk> {
  const tech = pair.viewer;
  const customer = pair.sender;
  await customer.bringToFront();
  await tech.bringToFront();
  const [techOffset, customerOffset] = [await clockOffset(tech, OFFSET_ROUND_TRIPS), await clockOffset(customer, OFFSET_ROUND_TRIPS)];
  await customer.evaluate(armTap, 'control');
  await customer.evaluate(armKeyArrivals, BENCH_KEY);
  await tech.evaluate(armTap, 'control');
  const timeOrigin = await tech.evaluate(() => performance.timeOrigin);
  const stamps = await within('the console to send its key events', 30_000 + count * gapMs * 4, tech.evaluate(sendProductKeys, { selector: KEYBOARD, count, gapMs, key: BENCH_KEY }));
  await waitForCount(customer, 'the key events at the customer\'s page', keyArrivalCount, count, 15_000);
  await waitForCount(tech, 'the executor\'s reports at the console', () => {
    const tap = (window as unknown as { __dcTap?: { received: [number, string][] } }).__dcTap;
    return tap ? tap.received.filter(([, text]) => text.includes('"input-executed"') || text.includes('"input-refused"')).length : 0;
  }, count, 15_000);
  const arrivals = await customer.evaluate(takeKeyArrivals);
  const customerTap = (await customer.evaluate(takeTap))!;
  const techTap = (await tech.evaluate(takeTap))!;

  const sends = messagesOfType(techTap.sent, 'key').map((m) => m.at);
  expectCount('key messages sent on the console\'s control channel', sends.length, count);
  const received = messagesOfType(customerTap.received, 'key').map((m) => m.at);
  expectCount('key messages received on the customer\'s control channel', received.length, count);
  expectCount('key events at the customer\'s page handler', arrivals.length, count);
  const reports = reportsOf(techTap, count);
  checkPairing(reports, stamps, timeOrigin);
  const node = (t: number, offset: number) => t - offset;
  return {
    oneWay: arrivals.map((at, i) => node(at, customerOffset) - node(stamps[i], techOffset)),
    roundTrip: reports.map((r, i) => r.at - stamps[i]),
    console: sends.map((at, i) => at - stamps[i]),
    transport: received.map((at, i) => node(at, customerOffset) - node(sends[i], techOffset)),
    executor: arrivals.map((at, i) => at - received[i]),
    afterSend: arrivals.map((at, i) => node(at, customerOffset) - node(sends[i], techOffset)),
    sendStamps: stamps,
    skew: customerOffset - techOffset,
  };
}

/** Desktop: one chunk of `count` key events from the console to the helper, timed by the helper's executedAt. */
async function desktopChunk(pair: Pair, count: number, gapMs: number): Promise<Chunk> {
  const tech = pair.viewer;
  await tech.bringToFront();
  const techOffset = await clockOffset(tech, OFFSET_ROUND_TRIPS);
  await tech.evaluate(armTap, 'control');
  const timeOrigin = await tech.evaluate(() => performance.timeOrigin);
  const stamps = await within('the console to send its key events', 30_000 + count * gapMs * 4, tech.evaluate(sendProductKeys, { selector: KEYBOARD, count, gapMs, key: BENCH_KEY }));
  await waitForCount(tech, 'the helper\'s reports at the console', () => {
    const tap = (window as unknown as { __dcTap?: { received: [number, string][] } }).__dcTap;
    return tap ? tap.received.filter(([, text]) => text.includes('"input-executed"') || text.includes('"input-refused"')).length : 0;
  }, count, 20_000);
  const techTap = (await tech.evaluate(takeTap))!;
  const sends = messagesOfType(techTap.sent, 'key').map((m) => m.at);
  expectCount('key messages sent on the console\'s control channels', sends.length, count);
  const reports = reportsOf(techTap, count);
  checkPairing(reports, stamps, timeOrigin);
  const executed = reports.map((r, i) => {
    if (r.executedAt === null) throw new Error(`report ${i} has no executedAt: is dist/helper built from the current helper/ (npm run build:helper)?`);
    return r.executedAt;
  });
  return {
    oneWay: executed.map((at, i) => at - (stamps[i] - techOffset)),
    roundTrip: reports.map((r, i) => r.at - stamps[i]),
    console: sends.map((at, i) => at - stamps[i]),
    transport: null,
    executor: null,
    afterSend: executed.map((at, i) => at - (sends[i] - techOffset)),
    sendStamps: stamps,
    skew: -techOffset,
  };
}

/** Baseline: one chunk of `count` messages over the bare pages' ordered channel, stamped in the receiver's handler, echoed. */
async function baselineChunk(pair: Pair, count: number, gapMs: number): Promise<Chunk> {
  const tech = pair.viewer;
  const customer = pair.sender;
  await customer.bringToFront();
  await tech.bringToFront();
  const [techOffset, customerOffset] = [await clockOffset(tech, OFFSET_ROUND_TRIPS), await clockOffset(customer, OFFSET_ROUND_TRIPS)];
  if (!(await customer.evaluate(armEchoReceiver, 'control'))) throw new Error('No open "control" channel on the bare customer page');
  const { sent, echoed } = await within(
    'the bare page to send and get its echoes',
    30_000 + count * gapMs * 4,
    tech.evaluate(sendBareEchoes, { label: 'control', count, gapMs, timeoutMs: 15_000, key: BENCH_KEY }),
  );
  await waitForCount(customer, 'the messages at the bare receiver', echoArrivalCount, count, 15_000);
  const arrivals = await customer.evaluate(takeEchoArrivals);
  expectCount('messages at the bare receiver', arrivals.length, count);
  expectCount('echoes back at the bare sender', echoed.length, count);
  return {
    oneWay: arrivals.map((at, i) => at - customerOffset - (sent[i] - techOffset)),
    roundTrip: echoed.map((at, i) => at - sent[i]),
    console: null,
    transport: null,
    executor: null,
    afterSend: null,
    sendStamps: sent,
    skew: customerOffset - techOffset,
  };
}

function merge(chunks: Chunk[], product: boolean): InputSeries | null {
  if (!chunks.length) return null;
  const all = (f: (c: Chunk) => number[] | null) => chunks.flatMap((c) => f(c) ?? []).map(round2);
  const gaps = chunks.flatMap((c) => c.sendStamps.slice(1).map((t, i) => t - c.sendStamps[i]));
  const has = (f: (c: Chunk) => number[] | null) => chunks.every((c) => f(c) !== null);
  return {
    events: chunks.reduce((n, c) => n + c.oneWay.length, 0),
    meanGapMs: round2(gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)),
    oneWayMs: all((c) => c.oneWay),
    roundTripMs: all((c) => c.roundTrip),
    parts: product
      ? {
          consoleMs: all((c) => c.console),
          transportMs: has((c) => c.transport) ? all((c) => c.transport) : null,
          executorMs: has((c) => c.executor) ? all((c) => c.executor) : null,
          afterSendMs: all((c) => c.afterSend),
        }
      : null,
    clockSkewMs: chunks.map((c) => round2(c.skew)),
  };
}

/** Runs one path: a warm-up of each kind, then `chunks` rounds, product and baseline alternating (order swapped each round). */
export async function measureInputPath(
  path: InputPath,
  route: Route,
  product: Pair,
  baseline: Pair,
  config: InputConfig,
  onError: (message: string) => void,
): Promise<{ product: InputSeries | null; baseline: InputSeries | null }> {
  const perChunk = Math.max(2, 2 * Math.ceil(config.events / config.chunks / 2));
  const run = (kind: 'product' | 'baseline', count: number) =>
    kind === 'baseline' ? baselineChunk(baseline, count, config.gapMs) : path === 'cobrowse' ? cobrowseChunk(product, count, config.gapMs) : desktopChunk(product, count, config.gapMs);
  const chunks: Record<'product' | 'baseline', Chunk[]> = { product: [], baseline: [] };
  const failures = { product: 0, baseline: 0 };
  for (const kind of ['product', 'baseline'] as const) {
    try {
      await run(kind, config.warmup);
    } catch (error) {
      failures[kind]++;
      onError(`${route} ${path} ${kind} warm-up: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (let round = 0; round < config.chunks; round++) {
    const order = round % 2 ? (['baseline', 'product'] as const) : (['product', 'baseline'] as const);
    for (const kind of order) {
      if (failures[kind] > 2) continue;
      try {
        const chunk = await run(kind, perChunk);
        chunks[kind].push(chunk);
        const sorted = [...chunk.oneWay].sort((a, b) => a - b);
        log(`${route} ${path} ${kind}: ${perChunk} events, one-way p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} / max ${sorted[sorted.length - 1].toFixed(2)} ms`);
      } catch (error) {
        failures[kind]++;
        onError(`${route} ${path} ${kind} chunk ${round}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return { product: merge(chunks.product, true), baseline: merge(chunks.baseline, false) };
}

/** A route string for a candidate pair, e.g. "host/host" or "relay/relay". */
export async function productChannelRoute(tech: Page, label: string): Promise<string | null> {
  const route = await tech.evaluate(channelRoute, label);
  return route ? `${route.localCandidateType ?? '?'}/${route.remoteCandidateType ?? '?'}` : null;
}

export function checkRoute(what: string, candidates: string | null, route: Route): void {
  if (!candidates) throw new Error(`${what}: no selected candidate pair`);
  if (candidates.includes('relay') !== (route === 'relay')) throw new Error(`${what}: expected a ${route} candidate pair, got ${candidates}`);
}

/** Co-browse: the customer shares this tab, the technician asks for control of the page, the customer allows it. */
export async function grantPageControl(pair: Pair): Promise<void> {
  const { viewer: tech, sender: customer } = pair;
  await customer.bringToFront();
  await customer.click(byId('share-tab'));
  await within('the customer to share this tab', 20_000, customer.waitForSelector(byId('stop-sharing'), { timeout: 21_000 }), () => pair.describe());
  await waitForVideo(pair);
  await requestControl(pair, 'page');
  await customer.waitForSelector(byId('control-prompt'), { visible: true, timeout: 15_000 });
  await customer.click(byId('control-accept'));
  await within('control to be granted', 15_000, Promise.all([
    customer.waitForSelector(byId('control-banner'), { visible: true, timeout: 16_000 }),
    tech.waitForSelector(byId('control-stop'), { visible: true, timeout: 16_000 }),
    tech.waitForSelector(KEYBOARD, { timeout: 16_000 }),
    // Input leaves by the page's own input connection once it is open; measured before, it would take the screen's.
    tech.waitForSelector('.control-panel[data-input-connection="own"]', { timeout: 16_000 }),
  ]), () => pair.describe());
}

async function waitForVideo(pair: Pair): Promise<void> {
  await within(
    "the shared screen at the technician",
    20_000,
    pair.viewer.waitForFunction((sel) => (document.querySelector<HTMLVideoElement>(sel)?.videoWidth ?? 0) > 0, { timeout: 21_000, polling: 50 }, byId('remote-screen')),
    () => pair.describe(),
  );
}

async function requestControl(pair: Pair, mode: 'page' | 'desktop'): Promise<void> {
  const tech = pair.viewer;
  await tech.bringToFront();
  // The mode's select sits in a closed menu since the console's workspace (issue 14): present, not visible.
  await tech.waitForSelector(byId('control-mode'), { timeout: 15_000 });
  await tech.select(byId('control-mode'), mode);
  await tech.click(byId('control-request'));
}

export interface RunningHelper {
  injector: () => string | null;
  /** The helper's process (the bench counts its CPU). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Desktop: the customer shares the entire screen, the technician asks for the desktop, the customer downloads the
 * helper offered with the request (paired with this session), allows control and runs it on `display`.
 * `alreadySharing`: the screen is shared already (figure 8 measures the share first).
 */
export async function grantDesktopControl(pair: Pair, display: string, scratch: string, options: { alreadySharing?: boolean } = {}): Promise<RunningHelper> {
  const { viewer: tech, sender: customer } = pair;
  await customer.bringToFront();
  if (!options.alreadySharing) await customer.click(byId('share-screen'));
  await within('the customer to share the screen', 20_000, customer.waitForSelector(byId('stop-sharing'), { timeout: 21_000 }), () => pair.describe());
  await waitForVideo(pair);
  await requestControl(pair, 'desktop');
  const link = await within('the helper download at the customer', 15_000, customer.waitForSelector(byId('helper-download'), { visible: true, timeout: 16_000 }), () => pair.describe());
  const href = await link!.evaluate((a) => (a as HTMLAnchorElement).href);
  const response = await fetch(href);
  if (!response.ok) throw new Error(`Helper download: HTTP ${response.status} (is dist/helper built? npm run build:helper)`);
  const binary = path.join(scratch, `lifeline-helper-${Date.now()}`);
  writeFileSync(binary, Buffer.from(await response.arrayBuffer()));
  chmodSync(binary, 0o755);
  await customer.click(byId('control-accept'));
  await customer.waitForSelector(byId('control-banner'), { visible: true, timeout: 15_000 });

  const child: ChildProcess = spawn(binary, [], { env: { ...process.env, DISPLAY: display, HOME: scratch }, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  let injector: string | null = null;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      lines.push(line);
      if (lines.length > 30) lines.shift();
      injector ??= / ready .*injector=(\S+)/.exec(line)?.[1] ?? null;
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  try {
    await within(
      'the helper to connect to the console',
      30_000,
      Promise.all([
        tech.waitForSelector(`${byId('helper-status')}[data-open="yes"]`, { timeout: 31_000 }),
        tech.waitForSelector(byId('control-stop'), { visible: true, timeout: 31_000 }),
        tech.waitForSelector(KEYBOARD, { timeout: 31_000 }),
      ]),
      async () => ({ helperExit: child.exitCode, helperLog: lines.slice(-8), pages: await pair.describe() }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { injector: () => injector, pid: child.pid!, stop };
}
