/**
 * What one injected event costs, per injector, on a private Xvfb display: `npx tsx helper/measure-injection.ts`.
 *
 * - xdotool per event: `execFile('xdotool', ...)` for each event (the simple way; a process start each time);
 * - xdotool persistent: helper/xdo-injector.ts (one `xdotool -` reading commands from stdin);
 * - libnut: helper/nut-injector.ts (in-process);
 * - executor: a JSON message handed to the InputExecutor until its `input-executed` report, through the chosen
 *   (persistent xdotool) injector: the helper's share of the technician-to-injection latency budget.
 *
 * Compare figures from the same run only: on a 2-core machine they vary by half from run to run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NO_MODIFIERS } from '../protocol/input';
import type { Injector } from './injector';
import { InputExecutor } from './input-executor';
import { NutInjector } from './nut-injector';
import { startXvfb } from '../testing/xvfb';
import { XdoInjector } from './xdo-injector';

const run = promisify(execFile);

function summary(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(3);
  return `${name.padEnd(34)} n=${String(sorted.length).padStart(4)}  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  max ${at(1)} ms`;
}

async function time(count: number, event: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await event(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function measureInjector(label: string, injector: Injector, moves: number, keys: number): Promise<void> {
  console.log(summary(`${label}: move`, await time(moves, (i) => injector.move(i % 1280, (i * 7) % 720))));
  console.log(summary(`${label}: key down+up`, await time(keys, async () => {
    await injector.key('Shift_L', 'down');
    await injector.key('Shift_L', 'up');
  })));
  console.log(summary(`${label}: type one character`, await time(keys, () => injector.type('a'))));
}

async function measureExecutor(injector: Injector, count: number): Promise<void> {
  let resolveReport: (() => void) | null = null;
  const executor = new InputExecutor({
    injector,
    screen: await injector.screen(),
    send: (message) => {
      if (message.type === 'input-executed') resolveReport?.();
    },
    log: () => undefined,
  });
  executor.applyControl({ mode: 'desktop', state: 'granted', epoch: 1, priority: 'technician' });
  const samples = await time(count, (i) => {
    const done = new Promise<void>((resolve) => (resolveReport = resolve));
    const message = { type: 'button', action: i % 2 === 0 ? 'down' : 'up', button: 'left', x: (i % 100) / 100, y: 0.5, modifiers: NO_MODIFIERS, seq: i, sentAt: 0, epoch: 1 };
    executor.receive(JSON.stringify(message));
    return done;
  });
  console.log(summary('executor: click message -> executed', samples));
}

async function main(): Promise<void> {
  const display = await startXvfb();
  process.env.DISPLAY = display.name;
  try {
    console.log(summary('xdotool per event: move', await time(200, (i) => run('xdotool', ['mousemove', String(i % 1280), String(i % 720)], { env: display.env }))));
    const xdo = await XdoInjector.start(display.env);
    await measureInjector('xdotool persistent', xdo, 1000, 300);
    await measureExecutor(xdo, 500);
    await xdo.close();
    await measureInjector('libnut in-process', new NutInjector(), 1000, 300);
  } finally {
    await display.stop();
  }
}

void main();
