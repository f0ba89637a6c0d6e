/**
 * The Lifeline Helper's entry point (bundled by helper/build.ts into dist/helper/lifeline-helper.cjs and the
 * single executable). Usage:
 *
 *     lifeline-helper                      pairing from the trailer the server appended to this executable
 *     lifeline-helper --pairing <base64url> the same pairing on the command line (development, tests, autostart)
 *     lifeline-helper --version
 *
 * Exit codes: see exit-codes.ts. Only this file and what it needs for `--version` load eagerly; the rest (and
 * the native addons) load once there is a pairing to run.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isSea } from 'node:sea';
import { version } from '../package.json';
import { ExitCode } from './exit-codes';
import { Footprint } from './footprint';
import type { Injector } from './injector';
import { errorText, stderrLogger as log } from './log';
import { loadNative, useFootprint } from './native';
import { decodePairing, encodePairing, type PairingData } from '../protocol/helper-pairing';
import { readPairingFromFile } from './pairing';
import { helperKeyPath, readHelperKey, writeHelperKey } from './helper-key';

const HELPER_VERSION = version;
const PROBE_ARGUMENT = '--probe-display';

const USAGE = `Lifeline Helper ${HELPER_VERSION}: lets your technician control this computer during a support session.
Usage: lifeline-helper [--pairing <code>] | --version | --help`;

type Parsed = { command: 'run'; pairing: string | null } | { command: 'version' } | { command: 'help' } | { command: 'error'; message: string };

function parseArguments(argv: string[]): Parsed {
  let pairing: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--version' || argument === '-v') return { command: 'version' };
    if (argument === '--help' || argument === '-h') return { command: 'help' };
    if (argument === '--pairing') {
      const value = argv[++i];
      if (!value) return { command: 'error', message: '--pairing needs a value' };
      pairing = value;
    } else if (argument.startsWith('--pairing=')) {
      pairing = argument.slice('--pairing='.length);
    } else {
      return { command: 'error', message: `unknown argument ${argument.slice(0, 40)}` };
    }
  }
  return { command: 'run', pairing };
}

async function findPairing(argument: string | null): Promise<PairingData | null> {
  if (argument !== null) return decodePairing(argument);
  try {
    return await readPairingFromFile(process.execPath);
  } catch {
    return null;
  }
}

/**
 * The injector for this desktop: libnut in-process for pointer and keys with xdotool for text (the fastest and
 * the only one that types any character), else whichever of the two runs here.
 */
async function startInjector(script: string | null): Promise<Injector> {
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    throw new Error('no X display (DISPLAY is not set): the helper controls an X11 session');
  }
  const [{ XdoInjector }, { NutInjector }, { CombinedInjector }] = await Promise.all([import('./xdo-injector'), import('./nut-injector'), import('./combined-injector')]);
  // Windows: libnut alone (its text through the keyboard layout: printable ASCII); xdotool is X11's.
  if (process.platform === 'win32') return new NutInjector();
  let xdo: Injector | null = null;
  try {
    xdo = await XdoInjector.start();
  } catch (error) {
    log('injector-unavailable', { injector: 'xdotool', error: errorText(error) });
  }
  // libnut crashes the process when it cannot open the display: without xdotool to prove the display works,
  // a child process tries first.
  if (xdo === null && !(await probeDisplay(script))) throw new Error(`cannot inject input on display ${process.env.DISPLAY}: is it running and reachable? (xdotool or libxtst6 needed)`);
  try {
    const nut = new NutInjector();
    if (xdo) return new CombinedInjector(nut, xdo);
    log('injector-limited', { injector: 'libnut', note: 'without xdotool only letters, digits and space can be typed' });
    return nut;
  } catch (error) {
    log('injector-unavailable', { injector: 'libnut', error: errorText(error) });
    if (xdo) return xdo;
    throw error;
  }
}

/**
 * After a reboot the helper that comes back did not write its autostart entry: it takes it over, so it goes
 * with the rest when the session ends or the server refuses the pairing. Only an entry with this pairing.
 */
function adoptAutostartEntry(pairing: PairingData, footprint: Footprint, path: string): void {
  try {
    if (readFileSync(path, 'utf8').includes(encodePairing(pairing))) footprint.add(path, 'autostart');
  } catch {
    // No entry: not started by a reboot.
  }
}

/**
 * The helper's own screen stream, read from the X display; null where it cannot be (no display, no DAMAGE, an
 * unusual pixel format): the technician then sees the desktop through the customer's browser share, as before.
 */
async function openScreenStream(): Promise<import('./screen-stream').ScreenStream | null> {
  const display = process.env.DISPLAY;
  if (process.platform !== 'linux' || !display || process.env.LIFELINE_HELPER_SCREEN === '0') return null;
  try {
    const [{ X11Screen }, { ScreenStream }, { loadVideoSource }] = await Promise.all([import('./x11-screen'), import('./screen-stream'), import('./peer')]);
    // The video source first: a display opened before a failure after it would stay connected for nothing.
    const video = await loadVideoSource();
    const source = await X11Screen.open(display);
    log('screen-ready', { source: source.name, width: source.width, height: source.height });
    // Levers for the bench (bench/README.md, figure 8): the source's content type, the frame rate cap, and how
    // long a still screen is repeated.
    const screencast = process.env.LIFELINE_HELPER_SCREENCAST !== '0';
    const maxFps = Number(process.env.LIFELINE_HELPER_SCREEN_FPS) || undefined;
    const repeatFor = Number(process.env.LIFELINE_HELPER_SCREEN_REPEAT_FOR_MS ?? Number.NaN);
    const repeatForMs = Number.isFinite(repeatFor) ? repeatFor : undefined;
    return new ScreenStream({ source, sink: video.createSource(screencast), rgbaToI420: video.rgbaToI420, log, maxFps, repeatForMs });
  } catch (error) {
    log('screen-unavailable', { error: errorText(error) });
    return null;
  }
}

/** Whether libnut can open the display, asked of a child process (`--probe-display`). */
function probeDisplay(script: string | null): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...(script ? [...process.execArgv, script] : []), PROBE_ARGUMENT], { timeout: 10_000 }, (error, stdout) => resolve(!error && stdout.includes('"width"')));
  });
}

/** The child's side of probeDisplay. */
function probe(): void {
  const libnut = loadNative('libnut') as { getScreenSize(): { width: number; height: number } };
  process.stdout.write(`${JSON.stringify(libnut.getScreenSize())}\n`);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === PROBE_ARGUMENT) {
    probe();
    return;
  }
  const parsed = parseArguments(argv);
  if (parsed.command === 'version') {
    process.stdout.write(`${HELPER_VERSION}\n`);
    return;
  }
  if (parsed.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (parsed.command === 'error') {
    process.stderr.write(`${parsed.message}\n${USAGE}\n`);
    process.exitCode = ExitCode.cannotRun;
    return;
  }
  const pairing = await findPairing(parsed.pairing);
  if (!pairing) {
    log('no-pairing', { source: parsed.pairing === null ? 'executable' : 'argument' });
    process.stderr.write('This helper carries no valid pairing: download it again from your support session.\n');
    process.exitCode = ExitCode.refused;
    return;
  }
  log('starting', { version: HELPER_VERSION, session: `${pairing.sessionId.slice(0, 6)}...`, pid: process.pid });

  const footprint = new Footprint();
  useFootprint(footprint);
  let app: import('./app').HelperApp | null = null;
  let exiting = false;
  const exit = (code: number) => {
    exiting = true;
    footprint.removeAll(app?.keepsAutostart ? ['autostart', 'key'] : []);
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (app) void app.stop(ExitCode.ended, signal, true);
      else exit(ExitCode.ended);
    });
  }
  process.on('exit', () => {
    if (!exiting) footprint.removeAll(app?.keepsAutostart ? ['autostart', 'key'] : []);
  });

  try {
    const [{ HelperApp }, { loadPeerConnection }, { collectSystemInfo, describeOs }, { XclipClipboard }, { ownCommand, autostartPath }, { connectStopHotkey }] = await Promise.all([
      import('./app'),
      import('./peer'),
      import('./system-info'),
      import('./clipboard'),
      import('./reboot'),
      import('./stop-hotkey'),
    ]);
    adoptAutostartEntry(pairing, footprint, autostartPath());
    // This download ran here before (killed, or a reboot): its key lets it take its session back.
    const keyPath = helperKeyPath(pairing.sessionId);
    const helperKey = readHelperKey(keyPath);
    if (helperKey) footprint.add(keyPath, 'key');
    const script = isSea() ? null : (process.argv[1] ?? null);
    const injector = await startInjector(script);
    const [screen, os, RTCPeerConnection, clipboardAvailable, screenStream] = await Promise.all([
      injector.screen(),
      describeOs(),
      loadPeerConnection(),
      process.platform === 'linux' ? XclipClipboard.available() : Promise.resolve(false),
      openScreenStream(),
    ]);
    if (!clipboardAvailable) log('clipboard-unavailable', { note: process.platform === 'linux' ? 'install xclip to synchronise the clipboard' : `no clipboard sync on ${process.platform} yet` });
    app = new HelperApp({
      pairing,
      ownCommand: ownCommand(encodePairing(pairing), { execPath: process.execPath, script }),
      helperKey,
      keepKey: (key) => {
        writeHelperKey(keyPath, key);
        footprint.add(keyPath, 'key');
      },
      version: HELPER_VERSION,
      os,
      screen,
      injector,
      clipboard: clipboardAvailable ? new XclipClipboard() : null,
      systemInfo: collectSystemInfo,
      RTCPeerConnection,
      screenStream,
      footprint,
      log,
      exit,
      connectStopHotkey: process.platform === 'linux' ? (onPress) => connectStopHotkey(process.env.DISPLAY, onPress, log) : undefined,
    });
    log('ready', { screen: `${screen.width}x${screen.height}`, injector: injector.name, os });
    app.start();
  } catch (error) {
    log('cannot-run', { error: errorText(error) });
    exit(ExitCode.cannotRun);
  }
}

void main(process.argv.slice(2));
