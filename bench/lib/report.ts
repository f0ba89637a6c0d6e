import type { WorkerResult } from '../worker';
import { INPUT_GOAL, INPUT_PATHS, type InputPath, type InputSeries } from './input';
import type { ContentWindow } from './measure';
import type { Kind, Route } from './pairs';
import type { PainterMode } from './in-page';
import { type Figure, FIGURES, median, percentile, round } from './util';

/** Goal for figure 1 (DESIGN.md: "Share" -> first frame must beat agents already running on the machine). */
export const GOAL = { maxRatio: 1.1, maxMs: 200 } as const;
/** Goal for figure 4: file throughput through the product at least this share of the bare data channel's. */
export const FILE_GOAL = { minRatio: 0.9 } as const;

export interface FirstFrameSummary {
  runs: number;
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  captureMs: number | null;
  videoMountedMs: number | null;
}

export interface ContentSummary {
  runs: number;
  bytesPerSec: number | null;
  framesDecodedPerSec: number | null;
  distinctFps: number | null;
  paintedFps: number | null;
  /** Median over runs of each run's median / p95 frame latency. */
  latencyMedianMs: number | null;
  latencyP95Ms: number | null;
  /** p95 over every frame of every run. */
  latencyPooledP95Ms: number | null;
  frames: number;
  rejectedShare: number | null;
  frameSize: string | null;
  codec: string | null;
}

export interface FileSummary {
  runs: number;
  /** Median over runs of each run's MB/s (MB = 10^6 bytes). */
  medianMBps: number | null;
  minMBps: number | null;
  maxMBps: number | null;
  medianMs: number | null;
  /** Sender's data channel queue: median over runs of the mean bufferedAmount (MiB) and of the share of samples under the low watermark. */
  queueMeanMiB: number | null;
  queueBelowLowShare: number | null;
  /** Median share of one core used by the bench's Node process (servers, relays) during the transfer. */
  nodeCpuShare: number | null;
  /** Sender's file reads (Blob.arrayBuffer), product only: medians over runs of each run's p90 and total, ms. */
  readP90Ms: number | null;
  readTotalMs: number | null;
}

/** Distribution of per-event latencies, ms (nearest-rank percentiles). */
export interface LatencyStats {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface InputPathSummary {
  /** One way: technician event -> executed (product) or -> the bare receiver's handler (baseline). */
  product: LatencyStats;
  baseline: LatencyStats;
  /** p99 product / p99 baseline. */
  ratio: number | null;
  /** Direct: p99 <= INPUT_GOAL.maxP99Ms and ratio <= INPUT_GOAL.maxRatio; relay: the ratio only. */
  meetsGoal: boolean | null;
  /** Event -> report (product) / echo (baseline) back at the technician's page: no clock correction in it. */
  roundTrip: { product: LatencyStats; baseline: LatencyStats };
  /** Product: where the one-way time goes (see InputSeries.parts). */
  parts: { console: LatencyStats; transport: LatencyStats | null; executor: LatencyStats | null; afterSend: LatencyStats } | null;
  meanGapMs: { product: number | null; baseline: number | null };
  injector: string | null;
  productRoute: string | null;
}

export interface RouteSummary {
  firstFrame: Record<Kind, FirstFrameSummary> & { ratio: number | null; meetsGoal: boolean | null };
  content: Record<PainterMode, Record<Kind, ContentSummary>>;
  files: Record<Kind, FileSummary> & {
    bytes: number | null;
    /** Product median MB/s / baseline median MB/s: the figure the goal is about. */
    ratio: number | null;
    /** Median over rounds of product / baseline within the round (the two ran back to back): less sensitive to load that comes and goes. */
    pairedRatio: number | null;
    meetsGoal: boolean | null;
  };
  /** Figure 5, when it ran. */
  input: Record<InputPath, InputPathSummary> | null;
}

export function latencyStats(values: number[]): LatencyStats {
  return {
    n: values.length,
    p50: round(percentile(values, 50), 2),
    p99: round(percentile(values, 99), 2),
    max: round(values.length ? Math.max(...values) : null, 2),
  };
}

function inputSummary(result: WorkerResult, route: string): Record<InputPath, InputPathSummary> | null {
  const figure = result.input;
  if (!figure) return null;
  const out = {} as Record<InputPath, InputPathSummary>;
  for (const inputPath of INPUT_PATHS) {
    const measured = figure[inputPath];
    const stats = (series: InputSeries | null, f: (s: InputSeries) => number[]) => latencyStats(series ? f(series) : []);
    const product = stats(measured.product, (s) => s.oneWayMs);
    const baseline = stats(measured.baseline, (s) => s.oneWayMs);
    const ratio = product.p99 !== null && baseline.p99 ? round(product.p99 / baseline.p99, 2) : null;
    const parts = measured.product?.parts;
    out[inputPath] = {
      product,
      baseline,
      ratio,
      meetsGoal: ratio === null || product.p99 === null ? null : ratio <= INPUT_GOAL.maxRatio && (route !== 'direct' || product.p99 <= INPUT_GOAL.maxP99Ms),
      roundTrip: { product: stats(measured.product, (s) => s.roundTripMs), baseline: stats(measured.baseline, (s) => s.roundTripMs) },
      parts: parts
        ? {
            console: latencyStats(parts.consoleMs),
            transport: parts.transportMs ? latencyStats(parts.transportMs) : null,
            executor: parts.executorMs ? latencyStats(parts.executorMs) : null,
            afterSend: latencyStats(parts.afterSendMs),
          }
        : null,
      meanGapMs: { product: measured.product?.meanGapMs ?? null, baseline: measured.baseline?.meanGapMs ?? null },
      injector: measured.injector ?? null,
      productRoute: measured.productRoute ?? null,
    };
  }
  return out;
}

export function summarize(result: WorkerResult): RouteSummary {
  const firstFrame = (kind: Kind): FirstFrameSummary => {
    const runs = result.firstFrame[kind];
    const ms = runs.map((r) => r.ms);
    return {
      runs: runs.length,
      medianMs: round(median(ms)),
      minMs: round(ms.length ? Math.min(...ms) : null),
      maxMs: round(ms.length ? Math.max(...ms) : null),
      captureMs: round(median(runs.flatMap((r) => (r.captureMs === null ? [] : [r.captureMs])))),
      videoMountedMs: round(median(runs.flatMap((r) => (r.videoMountedMs === null ? [] : [r.videoMountedMs])))),
    };
  };
  const product = firstFrame('product');
  const baseline = firstFrame('baseline');
  const ratio = product.medianMs !== null && baseline.medianMs ? round(product.medianMs / baseline.medianMs, 2) : null;
  const content = {} as RouteSummary['content'];
  for (const mode of ['static', 'counter', 'noise'] as const) {
    content[mode] = { product: contentSummary(result, 'product', mode), baseline: contentSummary(result, 'baseline', mode) };
  }
  const fileProduct = fileSummary(result, 'product');
  const fileBaseline = fileSummary(result, 'baseline');
  const fileRatio = fileProduct.medianMBps !== null && fileBaseline.medianMBps ? round(fileProduct.medianMBps / fileBaseline.medianMBps, 2) : null;
  const productRates = (result.files?.product ?? []).map((r) => r.mbPerSec);
  const baselineRates = (result.files?.baseline ?? []).map((r) => r.mbPerSec);
  const paired = productRates.slice(0, baselineRates.length).map((p, i) => p / baselineRates[i]);
  return {
    firstFrame: {
      product,
      baseline,
      ratio,
      meetsGoal: ratio === null || product.medianMs === null ? null : ratio <= GOAL.maxRatio && product.medianMs < GOAL.maxMs,
    },
    content,
    files: {
      bytes: result.fileBytes ?? null,
      product: fileProduct,
      baseline: fileBaseline,
      ratio: fileRatio,
      pairedRatio: round(median(paired), 2),
      meetsGoal: fileRatio === null ? null : fileRatio >= FILE_GOAL.minRatio,
    },
    input: inputSummary(result, result.route),
  };
}

function fileSummary(result: WorkerResult, kind: Kind): FileSummary {
  const runs = result.files?.[kind] ?? [];
  const rates = runs.map((r) => r.mbPerSec);
  const queues = runs.flatMap((r) => (r.senderQueue ? [r.senderQueue] : []));
  return {
    runs: runs.length,
    medianMBps: round(median(rates)),
    minMBps: round(rates.length ? Math.min(...rates) : null),
    maxMBps: round(rates.length ? Math.max(...rates) : null),
    medianMs: round(median(runs.map((r) => r.ms)), 0),
    queueMeanMiB: round(median(queues.map((q) => q.meanBytes / 2 ** 20)), 2),
    queueBelowLowShare: round(median(queues.map((q) => q.belowLowShare)), 3),
    nodeCpuShare: round(median(runs.flatMap((r) => (typeof r.nodeCpuShare === 'number' ? [r.nodeCpuShare] : []))), 2),
    readP90Ms: round(median(queues.flatMap((q) => (q.reads?.count && q.reads.p90Ms !== null ? [q.reads.p90Ms] : [])))),
    readTotalMs: round(median(queues.flatMap((q) => (q.reads?.count ? [q.reads.totalMs] : []))), 0),
  };
}

function contentSummary(result: WorkerResult, kind: Kind, mode: PainterMode): ContentSummary {
  const windows: ContentWindow[] = result.screen[kind].flatMap((run) => run.windows.filter((w) => w.mode === mode));
  const pick = (f: (w: ContentWindow) => number | null | undefined) => windows.flatMap((w) => {
    const v = f(w);
    return v === null || v === undefined ? [] : [v];
  });
  const pooled = windows.flatMap((w) => w.latencyMs?.samples ?? []);
  const accepted = pick((w) => w.accepted).reduce((a, b) => a + b, 0);
  const rejected = pick((w) => w.rejected).reduce((a, b) => a + b, 0);
  const last = windows[windows.length - 1];
  return {
    runs: windows.length,
    bytesPerSec: round(median(pick((w) => w.bytesPerSec)), 0),
    framesDecodedPerSec: round(median(pick((w) => w.framesDecodedPerSec))),
    distinctFps: round(median(pick((w) => w.distinctFps))),
    paintedFps: round(median(pick((w) => w.paintedFps))),
    latencyMedianMs: round(median(pick((w) => w.latencyMs?.median))),
    latencyP95Ms: round(median(pick((w) => w.latencyMs?.p95))),
    latencyPooledP95Ms: round(percentile(pooled, 95)),
    frames: pooled.length,
    rejectedShare: accepted + rejected ? round(rejected / (accepted + rejected), 3) : null,
    frameSize: last?.frameSize ?? null,
    codec: last?.codec ?? null,
  };
}

// ---- printing ----

function table(header: string[], rows: (string | number | null)[][], alignLeft = 1): string {
  const cells = [header, ...rows.map((row) => row.map((c) => (c === null ? '—' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const ms = (v: number | null) => (v === null ? null : v.toFixed(0));
const x = (v: number | null) => (v === null ? null : `${v.toFixed(2)}x`);
const kb = (v: number | null) => (v === null ? null : (v / 1000).toFixed(v < 10_000 ? 1 : 0));
const f1 = (v: number | null) => (v === null ? null : v.toFixed(1));

export function printReport(
  summaries: Partial<Record<Route, RouteSummary>>,
  runs: Partial<Record<Route, WorkerResult>>,
  header: string,
  figures: ReadonlySet<Figure> = new Set(FIGURES),
): string {
  const out: string[] = [header, ''];
  const routes = (['direct', 'relay'] as Route[]).filter((r) => summaries[r]);
  if (figures.has('first-frame')) printFirstFrame(out, summaries, routes);
  if (figures.has('screen')) printScreen(out, summaries, routes);
  if (figures.has('files')) printFiles(out, summaries, routes);
  if (figures.has('input')) printInput(out, summaries, routes, runs);
  if (out[out.length - 1] === '') out.pop();

  const errors = routes.flatMap((route) => runs[route]?.errors ?? []).concat(
    (['direct', 'relay'] as Route[]).filter((r) => runs[r] && !summaries[r]).map((r) => `${r}: no results`),
  );
  if (errors.length) {
    out.push('');
    out.push(`Problems (${errors.length}; failed runs were retried, figures above use the runs that completed):`);
    for (const error of errors) out.push(`  - ${error.split('\n')[0].slice(0, 400)}`);
  }
  return out.join('\n');
}

type Summaries = Partial<Record<Route, RouteSummary>>;

function printFirstFrame(out: string[], summaries: Summaries, routes: Route[]): void {
  out.push(`1. Share -> first frame: click on "Share" -> first frame presented at the technician (requestVideoFrameCallback)`);
  out.push(`   headless Chromium, fake capture; the connection is up before the click. Goal: product <= ${GOAL.maxRatio}x baseline and < ${GOAL.maxMs} ms.`);
  out.push(
    table(
      ['route', 'product ms', 'baseline ms', 'ratio', 'goal', 'runs p/b', 'product min-max', 'baseline min-max', 'capture p/b ms', 'product video element ms'],
      routes.map((route) => {
        const f = summaries[route]!.firstFrame;
        return [
          route,
          ms(f.product.medianMs),
          ms(f.baseline.medianMs),
          x(f.ratio),
          f.meetsGoal === null ? null : f.meetsGoal ? 'met' : 'MISSED',
          `${f.product.runs}/${f.baseline.runs}`,
          f.product.minMs === null ? null : `${ms(f.product.minMs)}-${ms(f.product.maxMs)}`,
          f.baseline.minMs === null ? null : `${ms(f.baseline.minMs)}-${ms(f.baseline.maxMs)}`,
          `${ms(f.product.captureMs) ?? '—'}/${ms(f.baseline.captureMs) ?? '—'}`,
          ms(f.product.videoMountedMs),
        ];
      }),
    ),
  );
  out.push('');
}

function printScreen(out: string[], summaries: Summaries, routes: Route[]): void {
  out.push('2. Glass-to-glass: paint on the customer\'s screen (real capture, Xvfb 1280x720) -> frame number read at the technician');
  out.push('   latency p50/p95 ms (median over runs of each run\'s p50 and p95; pooled p95 over all frames), distinct frames/s seen, frames/s painted');
  out.push(
    table(
      ['content', 'route', 'product p50', 'p95', 'pooled', 'fps', 'baseline p50', 'p95', 'pooled', 'fps', 'p50 p/b', 'painted p/b', 'frames p/b', 'rejected p/b'],
      (['counter', 'noise'] as const).flatMap((mode) =>
        routes.map((route) => {
          const p = summaries[route]!.content[mode].product;
          const b = summaries[route]!.content[mode].baseline;
          const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
          return [
            mode,
            route,
            ms(p.latencyMedianMs),
            ms(p.latencyP95Ms),
            ms(p.latencyPooledP95Ms),
            f1(p.distinctFps),
            ms(b.latencyMedianMs),
            ms(b.latencyP95Ms),
            ms(b.latencyPooledP95Ms),
            f1(b.distinctFps),
            p.latencyMedianMs !== null && b.latencyMedianMs ? x(p.latencyMedianMs / b.latencyMedianMs) : null,
            `${ms(p.paintedFps) ?? '—'}/${ms(b.paintedFps) ?? '—'}`,
            `${p.frames}/${b.frames}`,
            `${pct(p.rejectedShare)}/${pct(b.rejectedShare)}`,
          ];
        }),
      ),
      2,
    ),
  );
  out.push('');

  out.push('3. Received at the technician: getStats() inbound-rtp bytesReceived (kB/s) and framesDecoded per second');
  out.push(
    table(
      ['content', 'route', 'product kB/s', 'decoded/s', 'baseline kB/s', 'decoded/s', 'bytes p/b', 'frame size p / b', 'codec'],
      (['static', 'counter', 'noise'] as const).flatMap((mode) =>
        routes.map((route) => {
          const p = summaries[route]!.content[mode].product;
          const b = summaries[route]!.content[mode].baseline;
          return [
            mode,
            route,
            kb(p.bytesPerSec),
            f1(p.framesDecodedPerSec),
            kb(b.bytesPerSec),
            f1(b.framesDecodedPerSec),
            p.bytesPerSec !== null && b.bytesPerSec ? x(p.bytesPerSec / b.bytesPerSec) : null,
            `${p.frameSize ?? '—'} / ${b.frameSize ?? '—'}`,
            p.codec ?? b.codec,
          ];
        }),
      ),
      2,
    ),
  );
  out.push('');
}

function printFiles(out: string[], summaries: Summaries, routes: Route[]): void {
  const bytes = routes.map((r) => summaries[r]!.files.bytes).find((b) => b);
  const size = bytes ? `${(bytes / 2 ** 20).toFixed(bytes % 2 ** 20 ? 1 : 0)} MiB` : '?';
  out.push(`4. File throughput, technician -> customer, ${size} of random bytes; MB/s = 10^6 bytes/s (medians over runs)`);
  out.push('   product: console file input, customer clicks Accept -> incoming row data-state="done" with the file\'s SHA-256;');
  out.push('   baseline: bare ordered data channel on the bare pages, 64 KiB messages, 8 MiB / 1 MiB bufferedAmount watermarks.');
  out.push(`   Goal: product >= ${FILE_GOAL.minRatio * 100}% of baseline. Sender queue: mean bufferedAmount (MiB) / share of 20 ms samples under the low watermark;`);
  out.push('   Product file reads: the sender\'s Blob.arrayBuffer() calls (1 MiB each, awaited one at a time), p90 / sum in ms;');
  out.push('   paired: median over rounds of product / baseline run back to back; node CPU: the bench process (servers and relays), share of one core.');
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)}%`);
  const mib = (v: number | null) => (v === null ? '—' : v.toFixed(1));
  const secs = (v: number | null) => (v === null ? '—' : (v / 1000).toFixed(1));
  out.push(
    table(
      ['route', 'product MB/s', 'baseline MB/s', 'p/b', 'goal', 'paired', 'runs p/b', 'product min-max', 'baseline min-max', 'seconds p/b', 'sender queue p', 'sender queue b', 'product reads', 'node CPU p/b'],
      routes.map((route) => {
        const f = summaries[route]!.files;
        return [
          route,
          f1(f.product.medianMBps),
          f1(f.baseline.medianMBps),
          f.ratio === null ? null : `${(f.ratio * 100).toFixed(0)}%`,
          f.meetsGoal === null ? null : f.meetsGoal ? 'met' : 'MISSED',
          f.pairedRatio === null ? null : `${(f.pairedRatio * 100).toFixed(0)}%`,
          `${f.product.runs}/${f.baseline.runs}`,
          f.product.minMBps === null ? null : `${f1(f.product.minMBps)}-${f1(f.product.maxMBps)}`,
          f.baseline.minMBps === null ? null : `${f1(f.baseline.minMBps)}-${f1(f.baseline.maxMBps)}`,
          `${secs(f.product.medianMs)}/${secs(f.baseline.medianMs)}`,
          `${mib(f.product.queueMeanMiB)} / ${pct(f.product.queueBelowLowShare)}`,
          `${mib(f.baseline.queueMeanMiB)} / ${pct(f.baseline.queueBelowLowShare)}`,
          f.product.readP90Ms === null ? null : `${ms(f.product.readP90Ms)} / ${ms(f.product.readTotalMs)}`,
          `${pct(f.product.nodeCpuShare)}/${pct(f.baseline.nodeCpuShare)}`,
        ];
      }),
    ),
  );
  out.push('');
}

function printInput(out: string[], summaries: Summaries, routes: Route[], runs: Partial<Record<Route, WorkerResult>>): void {
  const config = routes.map((r) => runs[r]?.input?.config).find(Boolean);
  const d2 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));
  const trio = (s: LatencyStats) => [d2(s.p50), d2(s.p99), d2(s.max)];
  const label: Record<InputPath, string> = { cobrowse: 'co-browse', desktop: 'desktop (helper)' };
  out.push(`5. Input latency, one way: technician key event -> executed; ms over ${config?.events ?? '?'} events each, one every ${config?.gapMs ?? '?'} ms (${config?.chunks ?? '?'} alternating chunks)`);
  out.push('   co-browse: console key event (input capture -> TechnicianControl -> control channel) -> the customer page\'s handler of the dispatched event;');
  out.push('   desktop: the same -> the helper\'s executedAt after the injection call; baseline: bare ordered data channel, send -> receiver\'s handler (echoed).');
  out.push(`   Goal: p99 <= ${INPUT_GOAL.maxP99Ms} ms direct, and p99 <= ${INPUT_GOAL.maxRatio}x the baseline's p99 (relay: the ratio only). Round trip: event -> report / echo back at the console.`);
  const rows = INPUT_PATHS.flatMap((inputPath) =>
    routes.flatMap((route) => {
      const s = summaries[route]!.input?.[inputPath];
      if (!s) return [];
      let goal: string | null = null;
      if (s.meetsGoal !== null) {
        const misses: string[] = [];
        if (route === 'direct' && s.product.p99 !== null && s.product.p99 > INPUT_GOAL.maxP99Ms) misses.push(`p99 > ${INPUT_GOAL.maxP99Ms} ms`);
        if (s.ratio !== null && s.ratio > INPUT_GOAL.maxRatio) misses.push(`> ${INPUT_GOAL.maxRatio}x`);
        goal = s.meetsGoal ? 'PASS' : `MISS (${misses.join(', ')})`;
      }
      return [[
        label[inputPath],
        route,
        ...trio(s.product),
        ...trio(s.baseline),
        x(s.ratio),
        goal,
        `${d2(s.roundTrip.product.p50)}/${d2(s.roundTrip.product.p99)}`,
        `${d2(s.roundTrip.baseline.p50)}/${d2(s.roundTrip.baseline.p99)}`,
        `${s.product.n}/${s.baseline.n}`,
      ]];
    }),
  );
  out.push(
    table(
      ['path', 'route', 'product p50', 'p99', 'max', 'baseline p50', 'p99', 'max', 'p99 p/b', 'goal', 'round trip p50/p99: product', 'baseline', 'events p/b'],
      rows,
      2,
    ),
  );
  out.push('   Where the product\'s time goes, p50/p99 ms: console = key event -> send() on the channel; transport = send() -> message event at the');
  out.push('   customer\'s page; page = that -> the handler of the dispatched key; after send = send() -> executed (desktop: transport + helper).');
  out.push(
    table(
      ['path', 'route', 'console', 'transport', 'page', 'after send', 'gap p/b ms', 'connection', 'injector'],
      INPUT_PATHS.flatMap((inputPath) =>
        routes.flatMap((route) => {
          const s = summaries[route]!.input?.[inputPath];
          if (!s?.parts) return [];
          const pair = (v: LatencyStats | null) => (v ? `${d2(v.p50)}/${d2(v.p99)}` : '—');
          return [[
            label[inputPath],
            route,
            pair(s.parts.console),
            pair(s.parts.transport),
            pair(s.parts.executor),
            pair(s.parts.afterSend),
            `${d2(s.meanGapMs.product)}/${d2(s.meanGapMs.baseline)}`,
            s.productRoute,
            s.injector ?? (inputPath === 'cobrowse' ? 'page' : null),
          ]];
        }),
      ),
      2,
    ),
  );
  out.push('');
}
