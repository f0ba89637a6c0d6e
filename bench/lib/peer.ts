/**
 * Figure 8 (`peer`): Lifeline beside MeshCentral in the same run, on the same target page. MeshCentral runs
 * through its own harness (`../shared/peers/meshcentral/run.sh`, or BENCH_PEER_DIR); Lifeline through
 * bench/peer-worker.ts with the same phases. This module starts the peer, counts CPU, and sums both up.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { log, median, percentile, round } from './util';

export const PEER_DIR = process.env.BENCH_PEER_DIR ?? path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'peers', 'meshcentral');

/** One Lifeline run on the peer's target page: the same phases and names as the peer's bench.js. */
export interface LifelinePeerRun {
  variant: string;
  /** Click on "Share" -> the first frame at the console with the target's magenta at three points. */
  shareToKnownColourMs: number;
  shareToFirstFrameMs: number;
  /** Still screen from 2 s after the first image, as the peer's bench measures it. */
  static: PeerWindow;
  /** Still screen from 13 s: the customer's encoding is switched off by then. */
  staticIdle: PeerWindow;
  changing: PeerWindow;
  changingFull: PeerWindow;
  /** Click on the console's view of the flash square -> the flash's new colour in a decoded frame at the console. */
  echo: Partial<Record<'desktop' | 'cobrowse', EchoResult>>;
  /** The same target through the helper's own screen stream (issue 16), while it controls the desktop. */
  helperScreen?: { static: PeerWindow; staticIdle: PeerWindow; changing: PeerWindow; changingFull: PeerWindow };
  codec: string | null;
  frameSize: string;
  encoder: string | null;
}

export interface PeerWindow {
  seconds: number;
  /** inbound-rtp video bytes (payload + RTP headers) per second at the console. */
  videoBps: number;
  /** The transport's bytesReceived per second at the console (everything on the wire). */
  wireBps: number;
  /** Of videoBps: RTP headers and padding (bandwidth probing). */
  headerBps: number;
  framesDecodedPerSec: number;
  /** The customer's encoder: frames encoded per second, mean encode time per frame (ms), what limits it. */
  framesEncodedPerSec: number;
  encodeMsPerFrame: number | null;
  qualityLimitation: string | null;
  /** The console's receiver, mean per frame over the window (ms): jitter buffer, decode, receive -> decoded. */
  jitterBufferMs: number | null;
  decodeMs: number | null;
  processingMs: number | null;
  cpuPercent: Record<string, number>;
  targetPaintFps?: number;
  viewerDistinctFramesPerSec?: number;
  glassToGlassMsMedian?: number | null;
  glassToGlassMsP95?: number | null;
  glassToGlassSamples?: number;
  /** probe=capture: the customer's page reading its own captured frames (paint -> captured, on one clock). */
  paintToCapturedMsMedian?: number | null;
  capturedFps?: number;
}

export interface EchoResult {
  sent: number;
  receivedOnTarget: number;
  viewerToTargetMsMedian: number | null;
  inputToEchoOnViewerMsMedian: number | null;
  inputToEchoOnViewerMsP95: number | null;
  echoSamples: number;
  /** Every click's echo, ms (null: no echo before the next click). */
  echoMs: (number | null)[];
}

export interface PeerFigure {
  runs: number;
  variants: string[];
  lifeline: LifelinePeerRun[];
  errors: string[];
  /** The peer's own JSON (bench.js output: runs and medians), or why it is missing. */
  meshcentral: { median: Record<string, any>; runs: unknown[]; config?: unknown } | { error: string } | null;
}

// ---------------------------------------------------------------- CPU

const TICKS_PER_SECOND = 100;

/** utime + stime (ticks) of every process in each group: a process group id, or single pids. */
export function cpuTicks(groups: Record<string, { pgid?: number; pids?: number[] }>): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(Object.keys(groups).map((name) => [name, 0]));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const pgrp = Number(fields[2]);
    const ticks = Number(fields[11]) + Number(fields[12]);
    for (const [name, group] of Object.entries(groups)) if (group.pgid === pgrp || group.pids?.includes(pid)) out[name] += ticks;
  }
  return out;
}

export function cpuPercent(before: Record<string, number>, after: Record<string, number>, seconds: number): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((name) => [name, round((100 * (after[name] - (before[name] ?? 0))) / TICKS_PER_SECOND / seconds)!]));
}

// ---------------------------------------------------------------- the peer

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function freeDisplay(): string {
  for (let n = 57; n < 200; n++) if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return `:${n}`;
  throw new Error('no free X display number between :57 and :199');
}

/** Runs the peer's own harness (install, server, agent on Xvfb, its bench.js) and returns its JSON. */
export async function runMeshCentral(runs: number, timeoutMs: number): Promise<PeerFigure['meshcentral']> {
  const script = path.join(PEER_DIR, 'run.sh');
  if (!existsSync(script)) return { error: `peer NOT MEASURED: ${script} not found (set BENCH_PEER_DIR)` };
  const env = { ...process.env, BENCH_RUNS: String(runs), MC_PORT: String(await freePort()), BENCH_DISPLAY: freeDisplay() };
  log(`peer: MeshCentral through ${script} (${runs} runs, port ${env.MC_PORT}, display ${env.BENCH_DISPLAY})`);
  return new Promise((resolve) => {
    const child = spawn('bash', [script], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let tail = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-2000);
      for (const line of chunk.split('\n').filter(Boolean)) if (!line.startsWith('[bench] run ')) log(`peer: ${line.slice(0, 200)}`);
    });
    const timer = setTimeout(() => {
      log('peer: MeshCentral harness timed out, stopping it');
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // gone
      }
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return resolve({ error: `MeshCentral harness exited with ${code}: ${tail.slice(-400)}` });
      try {
        resolve(JSON.parse(stdout));
      } catch (error) {
        resolve({ error: `MeshCentral harness printed no JSON: ${String(error)}` });
      }
    });
  });
}

// ---------------------------------------------------------------- summary and table

/** Medians over a variant's runs, under the peer's own names (bench.js `median`). */
export function lifelineMedians(runs: LifelinePeerRun[]): Record<string, number | null> {
  const m = (pick: (r: LifelinePeerRun) => number | null | undefined) => round(median(runs.map(pick).filter((v): v is number => typeof v === 'number')));
  const echoes = (path: 'desktop' | 'cobrowse') => runs.flatMap((r) => r.echo[path]?.echoMs ?? []).filter((v): v is number => v !== null);
  return {
    runsOk: runs.length,
    connectToKnownColourMs: m((r) => r.shareToKnownColourMs),
    staticRelayRxBps: m((r) => r.static.videoBps),
    staticWireRxBps: m((r) => r.static.wireBps),
    staticDecodedPerSec: m((r) => r.static.framesDecodedPerSec),
    staticCpuCustomer: m((r) => r.static.cpuPercent.browser + r.static.cpuPercent.xvfb),
    staticCpuBrowser: m((r) => r.static.cpuPercent.browser),
    staticCpuXvfb: m((r) => r.static.cpuPercent.xvfb),
    idleRelayRxBps: m((r) => r.staticIdle?.videoBps),
    idleCpuCustomer: m((r) => (r.staticIdle ? r.staticIdle.cpuPercent.browser + r.staticIdle.cpuPercent.xvfb : null)),
    glassToGlassMs: m((r) => r.changing.glassToGlassMsMedian),
    glassToGlassMsP95: m((r) => r.changing.glassToGlassMsP95),
    changingViewerDistinctFps: m((r) => r.changing.viewerDistinctFramesPerSec),
    changingRelayRxBps: m((r) => r.changing.videoBps),
    changingCpuCustomer: m((r) => r.changing.cpuPercent.browser + r.changing.cpuPercent.xvfb),
    fullGlassToGlassMs: m((r) => r.changingFull.glassToGlassMsMedian),
    fullGlassToGlassMsP95: m((r) => r.changingFull.glassToGlassMsP95),
    fullViewerDistinctFps: m((r) => r.changingFull.viewerDistinctFramesPerSec),
    fullRelayRxBps: m((r) => r.changingFull.videoBps),
    fullCpuCustomer: m((r) => r.changingFull.cpuPercent.browser + r.changingFull.cpuPercent.xvfb),
    desktopClickToEchoMs: round(median(echoes('desktop'))),
    desktopClickToEchoMsP95: round(percentile(echoes('desktop'), 95)),
    cobrowseClickToEchoMs: round(median(echoes('cobrowse'))),
    cobrowseClickToEchoMsP95: round(percentile(echoes('cobrowse'), 95)),
    helperRuns: runs.filter((r) => r.helperScreen).length,
    helperStaticBps: m((r) => r.helperScreen?.static.videoBps),
    helperStaticCpuHelper: m((r) => r.helperScreen?.static.cpuPercent.helper),
    helperStaticCpuXvfb: m((r) => r.helperScreen?.static.cpuPercent.xvfb),
    helperIdleBps: m((r) => r.helperScreen?.staticIdle.videoBps),
    helperIdleCpuHelper: m((r) => r.helperScreen?.staticIdle.cpuPercent.helper),
    helperGlassToGlassMs: m((r) => r.helperScreen?.changing.glassToGlassMsMedian),
    helperGlassToGlassMsP95: m((r) => r.helperScreen?.changing.glassToGlassMsP95),
    helperChangingFps: m((r) => r.helperScreen?.changing.viewerDistinctFramesPerSec),
    helperChangingBps: m((r) => r.helperScreen?.changing.videoBps),
    helperChangingCpuHelper: m((r) => r.helperScreen?.changing.cpuPercent.helper),
    helperFullGlassToGlassMs: m((r) => r.helperScreen?.changingFull.glassToGlassMsMedian),
    helperFullFps: m((r) => r.helperScreen?.changingFull.viewerDistinctFramesPerSec),
    helperFullBps: m((r) => r.helperScreen?.changingFull.videoBps),
    helperFullCpuHelper: m((r) => r.helperScreen?.changingFull.cpuPercent.helper),
  };
}

const ratio = (ours: number | null | undefined, theirs: number | null | undefined) =>
  typeof ours === 'number' && typeof theirs === 'number' && theirs > 0 ? ours / theirs : null;

export function printPeer(out: string[], figure: PeerFigure): void {
  out.push(`8. Beside the peer (MeshCentral), same run, same target page (the peer's bench.js page); medians of ${figure.runs} runs`);
  const mc = figure.meshcentral && 'median' in figure.meshcentral ? figure.meshcentral.median : null;
  if (!mc) out.push(`   MeshCentral: ${figure.meshcentral && 'error' in figure.meshcentral ? figure.meshcentral.error : 'not run (BENCH_PEER=0)'}`);
  const mcStaticCpu = mc ? (mc.cpuPercentStatic?.meshagent ?? 0) + (mc.cpuPercentStatic?.xvfb ?? 0) : null;
  for (const variant of figure.variants) {
    const runs = figure.lifeline.filter((r) => r.variant === variant);
    const l = lifelineMedians(runs);
    out.push(`   Lifeline ${variant === 'product' ? '(as shipped)' : `variant ${variant}`}: ${runs.length} runs, ${runs[0]?.codec ?? '?'} ${runs[0]?.frameSize ?? ''} (${runs[0]?.encoder ?? '?'})`);
    const rows: [string, string, string, string, string][] = [];
    const row = (name: string, theirs: number | null | undefined, ours: number | null | undefined, unit: string, goal: string, pass: boolean | null) =>
      rows.push([name, theirs == null ? '-' : `${round(theirs)}${unit}`, ours == null ? '-' : `${round(ours)}${unit}`, ratio(ours, theirs) === null ? '-' : `${ratio(ours, theirs)!.toFixed(2)}x`, pass === null ? goal : `${goal} ${pass ? 'PASS' : 'MISS'}`]);
    const le = (r: number | null, max: number) => (r === null ? null : r <= max);
    row('counter glass-to-glass p50', mc?.glassToGlassMs, l.glassToGlassMs, ' ms', '<= 1.0x', le(ratio(l.glassToGlassMs, mc?.glassToGlassMs), 1));
    const mcP95 = mc ? median(((figure.meshcentral as { runs: any[] }).runs ?? []).map((r) => r.changing?.glassToGlassMsP95).filter((v: unknown): v is number => typeof v === 'number')) : null;
    row('counter glass-to-glass p95', mcP95, l.glassToGlassMsP95, ' ms', '<= 1.0x', le(ratio(l.glassToGlassMsP95, mcP95), 1));
    row('counter frames/s at the viewer', mc?.changingViewerDistinctFps, l.changingViewerDistinctFps, '', '', null);
    row('counter bytes/s', mc?.changingRelayRxBps, l.changingRelayRxBps, ' B/s', '', null);
    row('static bytes/s (still 2-7 s)', mc?.staticRelayRxBps, l.staticRelayRxBps, ' B/s', '<= 2000 B/s', l.staticRelayRxBps === null ? null : l.staticRelayRxBps <= 2000);
    row('static bytes/s (still 13-18 s)', mc?.staticRelayRxBps, l.idleRelayRxBps, ' B/s', '<= 2000 B/s', l.idleRelayRxBps === null ? null : l.idleRelayRxBps <= 2000);
    row('static CPU, customer side + Xvfb (2-7 s)', mcStaticCpu, l.staticCpuCustomer, ' %', '<= 1.0x', le(ratio(l.staticCpuCustomer, mcStaticCpu), 1));
    row('static CPU, customer side + Xvfb (13-18 s)', mcStaticCpu, l.idleCpuCustomer, ' %', '<= 1.0x', le(ratio(l.idleCpuCustomer, mcStaticCpu), 1));
    row('share / connect -> first image', mc?.connectToKnownColourMs, l.connectToKnownColourMs, ' ms', '<= 1.0x', le(ratio(l.connectToKnownColourMs, mc?.connectToKnownColourMs), 1));
    row('whole screen: glass-to-glass p50', mc?.fullGlassToGlassMs, l.fullGlassToGlassMs, ' ms', '<= 1.0x', le(ratio(l.fullGlassToGlassMs, mc?.fullGlassToGlassMs), 1));
    row('whole screen: frames/s', mc?.fullViewerDistinctFps, l.fullViewerDistinctFps, '', '>= 2.0x', ratio(l.fullViewerDistinctFps, mc?.fullViewerDistinctFps) === null ? null : ratio(l.fullViewerDistinctFps, mc?.fullViewerDistinctFps)! >= 2);
    row('whole screen: bytes/s', mc?.fullRelayRxBps, l.fullRelayRxBps, ' B/s', '<= 1.2x', le(ratio(l.fullRelayRxBps, mc?.fullRelayRxBps), 1.2));
    const mcEcho = mc?.mouseClickToEchoMs;
    row('click -> echo, desktop (helper)', mcEcho, l.desktopClickToEchoMs, ' ms', '<= 0.5x', le(ratio(l.desktopClickToEchoMs, mcEcho), 0.5));
    row('click -> echo, co-browse (page control)', mcEcho, l.cobrowseClickToEchoMs, ' ms', '<= 0.5x', le(ratio(l.cobrowseClickToEchoMs, mcEcho), 0.5));
    if (l.helperRuns) {
      // Issue 16's goals for the helper's own screen are absolute (this machine), beside the browser share's figure.
      row('helper screen: counter glass-to-glass p50', mc?.glassToGlassMs, l.helperGlassToGlassMs, ' ms', '<= 25 ms', l.helperGlassToGlassMs === null ? null : l.helperGlassToGlassMs <= 25);
      row('helper screen: counter glass-to-glass p95', mcP95, l.helperGlassToGlassMsP95, ' ms', '', null);
      row('helper screen: counter frames/s, bytes/s', mc?.changingViewerDistinctFps, l.helperChangingFps, '', `${l.helperChangingBps} B/s`, null);
      row('helper screen: static bytes/s (still 2-7 s)', mc?.staticRelayRxBps, l.helperStaticBps, ' B/s', '<= 1000 B/s', l.helperStaticBps === null ? null : l.helperStaticBps <= 1000);
      row('helper screen: static bytes/s (still 13-18 s)', mc?.staticRelayRxBps, l.helperIdleBps, ' B/s', '<= 1000 B/s', l.helperIdleBps === null ? null : l.helperIdleBps <= 1000);
      row('helper screen: static CPU of the helper (2-7 s)', mc?.cpuPercentStatic?.meshagent, l.helperStaticCpuHelper, ' %', '<= 5 %', l.helperStaticCpuHelper === null ? null : l.helperStaticCpuHelper <= 5);
      row('helper screen: static CPU of the helper (13-18 s)', mc?.cpuPercentStatic?.meshagent, l.helperIdleCpuHelper, ' %', '<= 5 %', l.helperIdleCpuHelper === null ? null : l.helperIdleCpuHelper <= 5);
      row('helper screen: whole screen glass-to-glass', mc?.fullGlassToGlassMs, l.helperFullGlassToGlassMs, ' ms', '', null);
      row('helper screen: whole screen frames/s', mc?.fullViewerDistinctFps, l.helperFullFps, '', '>= 25', l.helperFullFps === null ? null : l.helperFullFps >= 25);
      row('helper screen: whole screen bytes/s', mc?.fullRelayRxBps, l.helperFullBps, ' B/s', '', null);
    }
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['figure', 'MeshCentral', 'Lifeline', 'ratio'][i].length));
    const line = (r: string[]) => `   ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3].padStart(widths[3])}  ${r[4]}`;
    out.push(line(['figure', 'MeshCentral', 'Lifeline', 'ratio', 'goal']));
    for (const r of rows) out.push(line(r));
    out.push(
      `   Lifeline extra: static ${l.staticWireRxBps} B/s on the wire (RTCP, STUN, data channels included), ${l.staticDecodedPerSec} frames decoded/s; CPU static browser ${l.staticCpuBrowser}% + Xvfb ${l.staticCpuXvfb}%; counter ${l.changingCpuCustomer}%, whole screen ${l.fullCpuCustomer}% (browser + Xvfb); whole screen p95 ${l.fullGlassToGlassMsP95} ms; echo p95 desktop ${l.desktopClickToEchoMsP95} ms, co-browse ${l.cobrowseClickToEchoMsP95} ms` +
        (l.helperRuns ? `; helper CPU: static ${l.helperStaticCpuHelper}% (+ Xvfb ${l.helperStaticCpuXvfb}%), counter ${l.helperChangingCpuHelper}%, whole screen ${l.helperFullCpuHelper}% (the customer's browser still shares meanwhile)` : ''),
    );
  }
  if (mc) {
    out.push(
      `   MeshCentral extra: CPU static agent ${mc.cpuPercentStatic?.meshagent}% + Xvfb ${mc.cpuPercentStatic?.xvfb}% + server ${mc.cpuPercentStatic?.meshcentral}%; counter agent+Xvfb ${(mc.cpuPercentChanging?.meshagent ?? 0) + (mc.cpuPercentChanging?.xvfb ?? 0)}%; whole screen ${(mc.cpuPercentFull?.meshagent ?? 0) + (mc.cpuPercentFull?.xvfb ?? 0)}%; key press -> echo ${mc.keyPressToEchoMs} ms; click one way ${mc.mouseViewerToTargetMs} ms`,
    );
  }
  for (const error of figure.errors) out.push(`   error: ${error}`);
}
