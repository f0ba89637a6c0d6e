import type { WorkerResult } from '../worker';
import type { ContentWindow } from './measure';
import type { Kind, Route } from './pairs';
import type { PainterMode } from './in-page';
import { median, percentile, round } from './util';

/** Goal for figure 1 (DESIGN.md: "Share" -> first frame must beat agents already running on the machine). */
export const GOAL = { maxRatio: 1.1, maxMs: 200 } as const;

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

export interface RouteSummary {
  firstFrame: Record<Kind, FirstFrameSummary> & { ratio: number | null; meetsGoal: boolean | null };
  content: Record<PainterMode, Record<Kind, ContentSummary>>;
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
  return {
    firstFrame: {
      product,
      baseline,
      ratio,
      meetsGoal: ratio === null || product.medianMs === null ? null : ratio <= GOAL.maxRatio && product.medianMs < GOAL.maxMs,
    },
    content,
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

export function printReport(summaries: Partial<Record<Route, RouteSummary>>, runs: Partial<Record<Route, WorkerResult>>, header: string): string {
  const out: string[] = [header, ''];
  const routes = (['direct', 'relay'] as Route[]).filter((r) => summaries[r]);

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
