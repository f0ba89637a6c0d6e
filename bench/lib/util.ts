import { performance } from 'node:perf_hooks';

/** Wall-clock milliseconds with sub-millisecond resolution, on the same scale as a page's timeOrigin + now(). */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: number[]): number | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function round(value: number | null | undefined, digits = 1): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export class TimeoutError extends Error {}

/**
 * Every wait in the bench goes through here: on timeout the error says what we waited for and, from `state`,
 * where things stood (connection state, frames seen...), instead of a bare "timed out".
 */
export async function within<T>(what: string, ms: number, work: Promise<T> | (() => Promise<T>), state?: () => Promise<unknown> | unknown): Promise<T> {
  const promise = typeof work === 'function' ? work() : work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void (async () => {
        let described = '';
        if (state) {
          try {
            described = ` State: ${JSON.stringify(await withDeadline(Promise.resolve(state()), 5000, 'state unavailable (timed out)'))}`;
          } catch (error) {
            described = ` State unavailable: ${String(error)}`;
          }
        }
        reject(new TimeoutError(`Timed out after ${ms} ms waiting for ${what}.${described}`));
      })();
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (error) {
    // Errors that are not ours (e.g. puppeteer's own timeout) get the step name too.
    if (error instanceof TimeoutError) throw error;
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
    promise.catch(() => undefined);
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([promise, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);
}

/** Things to close at the end, newest first, each bounded in time so one stuck close cannot hang the exit. */
export class Cleanup {
  private readonly tasks: { name: string; run: () => unknown }[] = [];

  add(name: string, run: () => unknown): () => Promise<void> {
    const task = { name, run };
    this.tasks.push(task);
    return async () => {
      const index = this.tasks.indexOf(task);
      if (index < 0) return;
      this.tasks.splice(index, 1);
      await runBounded(task);
    };
  }

  async runAll(): Promise<void> {
    while (this.tasks.length) await runBounded(this.tasks.pop()!);
  }
}

async function runBounded(task: { name: string; run: () => unknown }): Promise<void> {
  try {
    await withDeadline(Promise.resolve().then(task.run), 15_000, undefined);
  } catch (error) {
    console.error(`[bench] closing ${task.name} failed: ${String(error)}`);
  }
}

export function log(message: string): void {
  const stamp = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[${stamp}] ${message}\n`);
}

/** The bench's figures; BENCH_ONLY (comma-separated) runs a subset, e.g. BENCH_ONLY=files or BENCH_ONLY=input. */
export const FIGURES = ['first-frame', 'screen', 'files', 'input', 'cobrowse-mirror', 'weights', 'peer'] as const;
/**
 * Figures without a route: they run once, after the route workers, in run.ts's own process (weights starts the
 * product server there: the route workers are other processes), or in a child of their own (peer).
 */
export const ROUTELESS_FIGURES: ReadonlySet<Figure> = new Set(['cobrowse-mirror', 'weights', 'peer']);
export type Figure = (typeof FIGURES)[number];

export function selectedFigures(value = process.env.BENCH_ONLY): Set<Figure> {
  const names = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) return new Set(FIGURES);
  for (const name of names) if (!(FIGURES as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: unknown figure ${name} (known: ${FIGURES.join(', ')})`);
  return new Set(names as Figure[]);
}
