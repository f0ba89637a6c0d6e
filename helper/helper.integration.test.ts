/**
 * The helper as a customer runs it (a child process, `node --import tsx helper/main.ts --pairing ...`), on its
 * own Xvfb display, against a stand-in for the signaling server that speaks the helper's side of the contract
 * (protocol/index.ts) and a technician's console played by @roamhq/wrtc in this process. The real server's
 * helper support is tested with the server; this pins the helper's side end to end: pairing, hello, the peer
 * connection, gated input landing on the X display, the helper channel, reboot-and-reconnect's autostart entry,
 * and leaving nothing behind when the session ends.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, type Socket } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ControlView, Signal } from '../protocol';
import { type HelperMessage, type HelperRights } from '../protocol/helper';
import { NO_MODIFIERS } from '../protocol/input';
import { encodePairing, type PairingData } from '../protocol/helper-pairing';
import { loadPeerConnection, type PeerConnectionConstructor } from './peer';
import { desktopEntry, ownCommand } from './reboot';
import { type Display, hasCommand, pointerLocation, startXvfb, stopProcess, waitUntil, XevWindow } from '../testing/xvfb';

const SESSION = 'sessionsessionsessionses';
const TOKEN = 'tokentokentokentokentokentoken22';
/** What the server gives the helper that claims the token (server side: core/support/helper-pairing.ts). */
const HELPER_KEY = 'helperkeyhelperkeyhelperkeyhelpe';
const missing = ['Xvfb', 'xdotool', 'xev', 'xclip', 'stdbuf'].filter((command) => !hasCommand(command));
if (missing.length > 0) console.warn(`helper end-to-end tests skipped: ${missing.join(', ')} not installed (apt-get install xvfb xdotool x11-utils xclip)`);

/** The stand-in signaling server: accepts the helper with TOKEN, relays helper:signal to `onSignal`. */
class FakeSignaling {
  readonly http: HttpServer = createServer();
  readonly io = new Server(this.http, { transports: ['websocket'] });
  helper: Socket | null = null;
  hellos: unknown[] = [];
  rights: HelperRights = { systemInfo: true, clipboardSync: true, reboot: true };
  control: ControlView | null = null;
  onSignal: (connectionId: string, signal: Signal) => void = () => undefined;
  private connected: (() => void) | null = null;

  constructor() {
    this.io.use((socket, next) => {
      const auth = socket.handshake.auth as Record<string, unknown>;
      if (auth.role === 'helper' && auth.pairingToken === TOKEN && auth.protocolVersion === 1) return next();
      next(Object.assign(new Error('invalid_code'), { data: { code: 'invalid_code' } }));
    });
    this.io.on('connection', (socket) => {
      socket.on('helper:hello', (payload: unknown, ack: (result: unknown) => void) => {
        this.hellos.push(payload);
        this.helper = socket;
        ack({ ok: true, rights: this.rights, technicianName: 'Tess', rtc: { iceServers: [], iceTransportPolicy: 'all' }, control: this.control, helperKey: this.hellos.length === 1 ? HELPER_KEY : null });
        this.connected?.();
      });
      socket.on('helper:signal', (payload: { connectionId: string; signal: Signal }, ack: (result: unknown) => void) => {
        ack({ ok: true });
        this.onSignal(payload.connectionId, payload.signal);
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  helloReceived(): Promise<void> {
    if (this.helper) return Promise.resolve();
    return new Promise((resolve) => (this.connected = resolve));
  }

  setControl(control: ControlView | null): void {
    this.control = control;
    this.helper?.emit('control:state', { sessionId: SESSION, control, change: control ? 'granted' : 'stopped', by: 'customer' });
  }

  async close(): Promise<void> {
    this.io.close();
    await new Promise((resolve) => this.http.close(resolve));
  }
}

/**
 * The helper child process, with its stderr log lines awaitable. LIFELINE_HELPER_BIN runs a build instead of the
 * sources: dist/helper/lifeline-helper.cjs or the single executable.
 */
class HelperProcess {
  readonly child: ChildProcess;
  private log = '';
  readonly exited: Promise<number | null>;

  constructor(pairing: PairingData, env: NodeJS.ProcessEnv) {
    const built = process.env.LIFELINE_HELPER_BIN;
    const [command, ...args] = !built
      ? [process.execPath, '--import', 'tsx', join(__dirname, 'main.ts')]
      : built.endsWith('.cjs')
        ? [process.execPath, built]
        : [built];
    this.child = spawn(command, [...args, '--pairing', encodePairing(pairing)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get output(): string {
    return this.log;
  }

  async waitForLog(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.log)) {
      if (this.child.exitCode !== null) throw new Error(`helper exited (${this.child.exitCode}) before ${pattern}:\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The technician's console: offers, opens the three channels, reads what the helper answers. */
class Technician {
  readonly pc: RTCPeerConnection;
  readonly channels: Record<'control' | 'pointer' | 'helper', RTCDataChannel>;
  readonly received: { channel: string; message: Record<string, unknown> }[] = [];
  private waiters: { test: (entry: { channel: string; message: Record<string, unknown> }) => boolean; resolve: (message: Record<string, unknown>) => void }[] = [];

  constructor(
    RTCPeerConnection: PeerConnectionConstructor,
    private readonly signaling: FakeSignaling,
    readonly connectionId: string,
  ) {
    this.pc = new RTCPeerConnection({ iceServers: [] });
    this.channels = {
      control: this.pc.createDataChannel('control', { ordered: true }),
      pointer: this.pc.createDataChannel('pointer', { ordered: false, maxRetransmits: 0 }),
      helper: this.pc.createDataChannel('helper', { ordered: true }),
    };
    for (const [label, channel] of Object.entries(this.channels)) {
      channel.onmessage = (event) => {
        const entry = { channel: label, message: JSON.parse(String(event.data)) as Record<string, unknown> };
        this.received.push(entry);
        const index = this.waiters.findIndex((waiter) => waiter.test(entry));
        if (index >= 0) this.waiters.splice(index, 1)[0].resolve(entry.message);
      };
    }
    this.pc.onicecandidate = (event) => {
      if (event.candidate?.candidate) this.send({ kind: 'candidate', candidate: { candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid, sdpMLineIndex: event.candidate.sdpMLineIndex } });
    };
    signaling.onSignal = (connectionId, signal) => {
      if (connectionId !== this.connectionId) return;
      if (signal.kind === 'description') void this.pc.setRemoteDescription({ type: signal.description.type as RTCSdpType, sdp: signal.description.sdp });
      else void this.pc.addIceCandidate({ candidate: signal.candidate.candidate, sdpMid: signal.candidate.sdpMid ?? null, sdpMLineIndex: signal.candidate.sdpMLineIndex ?? null });
    };
  }

  async connect(): Promise<void> {
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.send({ kind: 'description', description: { type: 'offer', sdp: offer.sdp } });
    await Promise.all(
      Object.values(this.channels).map(
        (channel) =>
          new Promise<void>((resolve, reject) => {
            if (channel.readyState === 'open') return resolve();
            const timer = setTimeout(() => reject(new Error(`channel ${channel.label} stayed ${channel.readyState}; peer ${this.pc.connectionState}`)), 15_000);
            channel.onopen = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
      ),
    );
  }

  /** Sends on a channel and resolves with the first later message that `test` accepts. */
  request(channel: 'control' | 'pointer' | 'helper', message: unknown, test: (entry: { channel: string; message: Record<string, unknown> }) => boolean): Promise<Record<string, unknown>> {
    const answer = this.next(test);
    this.channels[channel].send(JSON.stringify(message));
    return answer;
  }

  next(test: (entry: { channel: string; message: Record<string, unknown> }) => boolean, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer; received ${JSON.stringify(this.received.slice(-5))}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      });
    });
  }

  close(): void {
    this.pc.close();
  }

  private send(signal: Signal): void {
    this.signaling.helper?.emit('helper:signal', { sessionId: SESSION, connectionId: this.connectionId, signal });
  }
}

describe.skipIf(missing.length > 0)('the Lifeline Helper end to end', () => {
  let display: Display;
  let xev: XevWindow;
  let RTCPeerConnection: PeerConnectionConstructor;
  let home: string;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    display = await startXvfb('1280x720x24');
    xev = await XevWindow.open(display, 400, 300);
    RTCPeerConnection = await loadPeerConnection();
  });
  afterAll(async () => {
    await xev?.close();
    await display?.stop();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  async function start(signalingUrl: string, token = TOKEN, prepare?: (home: string, pairing: PairingData) => void) {
    home = mkdtempSync(join(tmpdir(), 'helper-home-'));
    const pairing: PairingData = { v: 1, server: signalingUrl, sessionId: SESSION, token };
    prepare?.(home, pairing);
    const env = {
      ...process.env,
      ...display.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      LIFELINE_HELPER_REBOOT_COMMAND: `touch ${join(home, 'rebooted')}`,
    };
    const helper = new HelperProcess(pairing, env);
    cleanups.push(() => stopProcess(helper.child));
    return { helper, home };
  }

  it('connects with its pairing, carries out granted input on the desktop, serves the helper channel, and leaves nothing behind', async () => {
    const signaling = new FakeSignaling();
    cleanups.push(() => signaling.close());
    const { helper } = await start(await signaling.listen());
    await signaling.helloReceived();
    expect(signaling.hellos[0]).toMatchObject({ sessionId: SESSION, hello: { screen: { x: 0, y: 0, width: 1280, height: 720 }, version: expect.any(String) } });
    expect(helper.output).not.toContain(TOKEN);

    const technician = new Technician(RTCPeerConnection, signaling, 'conn00000001');
    cleanups.push(() => technician.close());
    await technician.connect();

    // The control channel answers pings; input before a grant is refused.
    expect(await technician.request('control', { type: 'ping', seq: 1, sentAt: 5 }, (e) => e.message.type === 'pong')).toEqual({ type: 'pong', seq: 1, sentAt: 5 });
    let seq = 0;
    const input = (message: Record<string, unknown>, epoch = 1) => ({ seq: ++seq, sentAt: performance.now(), epoch, ...message });
    const click = (x: number, y: number, action: 'down' | 'up') => ({ type: 'button', action, button: 'left', x, y, modifiers: NO_MODIFIERS });
    const answerTo = (sent: { seq: number }) => (e: { message: Record<string, unknown> }) => e.message.seq === sent.seq;
    const early = input(click(0.5, 0.5, 'down'));
    expect(await technician.request('control', early, answerTo(early))).toMatchObject({ type: 'input-refused', reason: 'not-granted' });

    signaling.setControl({ mode: 'desktop', state: 'granted', epoch: 1, priority: 'technician' });
    await helper.waitForLog(/control-granted epoch=1/);

    // Moves on the pointer channel land where the technician points.
    for (let i = 0; i < 8; i++) technician.channels.pointer.send(JSON.stringify(input({ type: 'move', x: 0.5, y: 0.5 })));
    await technician.next((e) => e.message.type === 'input-executed');
    expect(pointerLocation(display)).toEqual({ x: 640, y: 360 });

    // Clicks and typing reach the X client under the pointer; the round trip is timed for the log.
    const inWindow = { x: 200 / 1280, y: 150 / 720 };
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = input(click(inWindow.x, inWindow.y, i % 2 === 0 ? 'down' : 'up'));
      const answer = await technician.request('control', sent, answerTo(sent));
      expect(answer).toMatchObject({ type: 'input-executed' });
      latencies.push(performance.now() - (answer.sentAt as number));
    }
    latencies.sort((a, b) => a - b);
    console.log(`helper click round trip over loopback: p50 ${latencies[10].toFixed(2)} ms, max ${latencies[19].toFixed(2)} ms`);
    const typedBefore = xev.typed().length;
    const text = input({ type: 'text', text: 'Grüße @ 42' });
    expect(await technician.request('control', text, answerTo(text))).toMatchObject({ type: 'input-executed' });
    // Wait for the last character, then compare: a lost one shows in the diff.
    await xev.waitFor(() => xev.typed().slice(typedBefore).endsWith('42'), 'typed text').catch(() => undefined);
    expect(xev.typed().slice(typedBefore)).toBe('Grüße @ 42');

    // The helper channel: system information, the clipboard both ways.
    const info = await technician.request('helper', { type: 'system-info-request', id: 'info1' }, (e) => e.message.id === 'info1');
    expect(info).toMatchObject({ type: 'system-info', info: { os: { platform: 'linux' }, memory: { totalBytes: expect.any(Number) } } });
    technician.channels.helper.send(JSON.stringify({ type: 'clipboard', text: 'from the technician' } satisfies HelperMessage));
    await waitUntil(() => readClipboard(display) === 'from the technician', 'the clipboard set by the technician');
    const fromCustomer = technician.next((e) => e.channel === 'helper' && e.message.type === 'clipboard');
    execFileSync('xclip', ['-selection', 'clipboard', '-i'], { env: display.env, input: 'copied by the customer', stdio: ['pipe', 'ignore', 'ignore'] });
    expect(await fromCustomer).toEqual({ type: 'clipboard', text: 'copied by the customer' });

    // Reboot: the autostart entry first, then the (replaced) reboot command.
    expect(await technician.request('helper', { type: 'reboot-request', id: 'boot1' }, (e) => e.message.id === 'boot1')).toEqual({ type: 'reboot-starting', id: 'boot1' });
    const autostart = join(home, '.config', 'autostart', 'lifeline-helper.desktop');
    await waitUntil(() => existsSync(join(home, 'rebooted')), 'the reboot command');
    expect(readFileSync(autostart, 'utf8')).toMatch(/^Exec=.* --pairing [A-Za-z0-9_-]+$/m);
    // The key its first hello got is kept for the helper that comes back, readable by the customer only.
    const keyFile = join(home, '.config', 'lifeline-helper', `${SESSION}.key`);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(HELPER_KEY);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    // After a revoke, input is refused again.
    signaling.setControl(null);
    await helper.waitForLog(/control-revoked/);
    const late = input(click(0.5, 0.5, 'down'));
    expect(await technician.request('control', late, answerTo(late))).toMatchObject({ type: 'input-refused', reason: 'not-granted' });

    // The session ends: the helper exits 0 and removes its autostart entry.
    signaling.helper?.emit('session:ended', { sessionId: SESSION, reason: 'technician_ended' });
    expect(await helper.exited).toBe(0);
    expect(existsSync(autostart)).toBe(false);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('exits with 2 when the server refuses its pairing, removing the autostart entry a reboot left', async () => {
    const signaling = new FakeSignaling();
    cleanups.push(() => signaling.close());
    const url = await signaling.listen();
    const wrong = 'wrongwrongwrongwrongwrongwrong22';
    const { helper, home } = await start(url, wrong, (home, pairing) => {
      // As the helper before the reboot wrote it (the session has ended since).
      mkdirSync(join(home, '.config', 'autostart'), { recursive: true });
      writeFileSync(join(home, '.config', 'autostart', 'lifeline-helper.desktop'), desktopEntry(ownCommand(encodePairing(pairing), { execPath: '/opt/helper', script: null })));
    });
    expect(await helper.exited).toBe(2);
    expect(existsSync(join(home, '.config', 'autostart', 'lifeline-helper.desktop'))).toBe(false);
    expect(helper.output).toMatch(/connect-failed code=invalid_code/);
    expect(helper.output).not.toContain('wrongwrongwrong');
  });

  it('comes back with the same token after the server drops it, and answers a new connection', async () => {
    const signaling = new FakeSignaling();
    cleanups.push(() => signaling.close());
    const { helper } = await start(await signaling.listen());
    await signaling.helloReceived();
    signaling.helper?.disconnect(true);
    signaling.helper = null;
    await signaling.helloReceived();
    expect(signaling.hellos).toHaveLength(2);
    const technician = new Technician(RTCPeerConnection, signaling, 'conn00000002');
    cleanups.push(() => technician.close());
    await technician.connect();
    expect(await technician.request('control', { type: 'ping', seq: 7, sentAt: 1 }, (e) => e.message.type === 'pong')).toEqual({ type: 'pong', seq: 7, sentAt: 1 });
    await helper.waitForLog(/peer-new connection=conn00000002/);
  });
});

function readClipboard(display: Display): string | null {
  try {
    return execFileSync('xclip', ['-selection', 'clipboard', '-o'], { env: display.env, timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch {
    return null;
  }
}
