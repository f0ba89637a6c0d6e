/**
 * The running helper: one signaling socket to the server (outgoing only: the helper never listens on a port; a
 * localhost server reachable from web pages is how Zoom's client was attacked in 2019), one peer connection to
 * the technician's console at a time, the input executor and the helper channel's services.
 *
 * Lifetime: it lives as long as its support session. `session:ended`, or the server refusing its token, ends
 * it: everything it wrote is removed and it exits (0 ended, 2 refused). Network drops are not an end: Socket.IO
 * reconnects with the same token, which the server accepts for the session's lifetime.
 */
import { io, type Socket } from 'socket.io-client';
import {
  type Ack,
  type ClientEventResults,
  type ClientToServerEvents,
  connectionIdSchema,
  ErrorCode,
  type HelperRights,
  PROTOCOL_VERSION,
  type RtcConfig,
  type ServerToClientEvents,
  type Signal,
  signalSchema,
} from '../protocol';
import type { HelperMessage, ScreenGeometry, SystemInfo } from '../protocol/helper';
import { ClipboardSync, type Clipboard } from './clipboard';
import { ExitCode } from './exit-codes';
import type { Footprint } from './footprint';
import { HelperService } from './helper-service';
import type { Injector } from './injector';
import { InputExecutor, type Outgoing } from './input-executor';
import { errorText, type Logger } from './log';
import type { PairingData } from '../protocol/helper-pairing';
import { type PeerConnectionConstructor, PeerSession } from './peer';
import { rebootCommand, runReboot, writeAutostart } from './reboot';
import type { ScreenStream } from './screen-stream';
import { STOP_KEY, type StopHotkey } from './stop-hotkey';


/** Refusals that no retry can fix. */
const FATAL_CODES: readonly string[] = [ErrorCode.invalidCode, ErrorCode.sessionClosed, ErrorCode.unauthorized, ErrorCode.protocolMismatch];
const HELLO_TIMEOUT_MS = 10_000;
const RETRY_DELAY_MS = 5_000;
/** Before control of the desktop is granted, and after it ends, the helper does nothing but wait. */
const NO_HELPER_RIGHTS: HelperRights = { systemInfo: false, clipboardSync: false, reboot: false };

type HelperSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type HelloResult = ClientEventResults['helper:hello'];

export interface HelperAppOptions {
  pairing: PairingData;
  /** Starts the helper again with the same pairing (for the autostart entry of a reboot). */
  ownCommand: string[];
  /** The key this download's helper got when it took the token (server: HelperPairing), kept on this computer. */
  helperKey?: string | null;
  /** Keeps a key the server gave (helper/helper-key.ts), for the next run of this download here. */
  keepKey?: (key: string) => void;
  version: string;
  os: string;
  screen: ScreenGeometry;
  injector: Injector;
  clipboard: Clipboard | null;
  systemInfo: () => Promise<SystemInfo>;
  RTCPeerConnection: PeerConnectionConstructor;
  footprint: Footprint;
  log: Logger;
  /** Called once, after cleaning up. */
  exit: (code: number) => void;
  env?: NodeJS.ProcessEnv;
  /** The customer's Shift+Esc on their desktop (helper/stop-hotkey.ts); absent where there is no X display. */
  connectStopHotkey?: (onPress: () => void) => Promise<StopHotkey | null>;
  /** The helper's own screen (helper/screen-stream.ts); null where it cannot read the desktop. */
  screenStream?: ScreenStream | null;
  /** For tests: connect elsewhere than socket.io-client's io(). */
  connect?: typeof io;
}

export class HelperApp {
  private readonly socket: HelperSocket;
  private readonly executor: InputExecutor;
  private readonly service: HelperService;
  private readonly clipboardSync: ClipboardSync | null;
  private rights: HelperRights = { systemInfo: false, clipboardSync: false, reboot: false };
  private screen: ScreenGeometry;
  private rtc: RtcConfig | null = null;
  private peer: PeerSession | null = null;
  private controlChannel: RTCDataChannel | null = null;
  private helperChannel: RTCDataChannel | null = null;
  private rebootPending = false;
  private autostartPath: string | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private hotkey: StopHotkey | null = null;
  /** Grabs and releases of the hotkey, one after the other, each to the control state of its own moment. */
  private hotkeyChanges: Promise<unknown> = Promise.resolve();
  /** The grant the customer stopped here, until the server has heard it (said again at the next hello). */
  private stoppedHere: number | null = null;
  /** Shown on every connection once the server gave it: the download's token admits no other helper then. */
  private helperKey: string | null;

  constructor(private readonly options: HelperAppOptions) {
    const { log } = options;
    this.helperKey = options.helperKey ?? null;
    this.screen = options.screen;
    this.executor = new InputExecutor({ injector: options.injector, screen: options.screen, send: (message) => this.sendControl(message), log });
    // No input before the server has said whether control is granted.
    this.executor.setSuspended(true);
    this.clipboardSync = options.clipboard ? new ClipboardSync(options.clipboard, (text) => this.sendHelper({ type: 'clipboard', text }), log) : null;
    this.service = new HelperService({
      rights: () => (this.executor.controlGranted() ? this.rights : NO_HELPER_RIGHTS),
      send: (message) => this.sendHelper(message),
      systemInfo: options.systemInfo,
      clipboard: this.clipboardSync,
      log,
      screenQuality: (quality) => {
        // The frame rate only: @roamhq/wrtc 0.10's RTCRtpSender.setParameters refuses every change
        // (InvalidStateError), so the bitrate cap waits for an SDP bandwidth line from the console's offer.
        options.screenStream?.setMaxFps(quality.maxFramerate);
        log('screen-quality', { maxBitrate: quality.maxBitrate, maxFramerate: quality.maxFramerate });
      },
      screenRefresh: () => {
        log('screen-refresh', { active: options.screenStream?.isActive ?? false });
        options.screenStream?.refresh();
      },
      reboot: {
        prepare: async () => {
          this.autostartPath = await writeAutostart(options.ownCommand, options.env);
          options.footprint.add(this.autostartPath, 'autostart');
          this.rebootPending = true;
        },
        run: () => runReboot(rebootCommand(options.env), options.env),
        abort: () => {
          this.rebootPending = false;
          if (this.autostartPath) options.footprint.remove(this.autostartPath);
        },
      },
    });
    const connect = options.connect ?? io;
    this.socket = connect(options.pairing.server, {
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelayMax: 10_000,
      // Read at every (re)connection: the key comes with the first hello.
      auth: (send) => send({ role: 'helper', protocolVersion: PROTOCOL_VERSION, pairingToken: options.pairing.token, ...(this.helperKey ? { helperKey: this.helperKey } : {}) }),
    }) as HelperSocket;
    this.listen();
    void options.connectStopHotkey?.(() => this.stopControlHere()).then((hotkey) => {
      if (this.stopping) return hotkey?.close();
      this.hotkey = hotkey;
      this.syncHotkey();
    });
  }

  /** True while a reboot the helper started is under way: its autostart entry must survive the shutdown. */
  get keepsAutostart(): boolean {
    return this.rebootPending;
  }

  start(): void {
    this.options.log('connecting', { server: new URL(this.options.pairing.server).host, injector: this.options.injector.name });
    this.socket.connect();
  }

  /**
   * Ends the helper: closes everything, removes what it wrote, exits with `code`. `interrupted` (SIGTERM, SIGINT)
   * keeps a pending reboot's autostart entry: shutdown sends SIGTERM, and the entry is how the helper comes back.
   */
  async stop(code: number, reason: string, interrupted = false): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.options.log('stopping', { reason, code });
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.service.stop();
    this.hotkey?.close();
    this.hotkey = null;
    this.options.clipboard?.close();
    this.options.screenStream?.close();
    this.peer?.close();
    this.peer = null;
    this.socket.disconnect();
    await this.executor.close().catch(() => undefined);
    await this.options.injector.close().catch(() => undefined);
    // A reboot under way: the helper that comes back needs its autostart entry and its key.
    const keep = interrupted && this.rebootPending ? (['autostart', 'key'] as const) : [];
    const { removed, failed } = this.options.footprint.removeAll(keep);
    this.options.log('cleaned-up', { removed, failed, kept: keep.join(',') || undefined });
    this.options.exit(code);
  }

  private listen(): void {
    const { log, pairing } = this.options;
    const socket = this.socket;
    socket.on('connect', () => {
      log('connected', {});
      void this.hello();
    });
    socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
      const code = typeof error.data?.code === 'string' ? error.data.code : FATAL_CODES.find((fatal) => error.message.includes(fatal));
      log('connect-failed', { code, error: errorText(error) });
      if (code && FATAL_CODES.includes(code)) {
        void this.stop(ExitCode.refused, code);
        return;
      }
      // Refused by the server's middleware (not a network failure): Socket.IO leaves retrying to us.
      if (!socket.active) this.retryLater();
    });
    socket.on('disconnect', (reason) => {
      log('disconnected', { reason });
      this.executor.setSuspended(true);
      this.syncScreen();
      // The server closed the socket: reconnecting tells whether the token still holds (connect_error if not).
      if (reason === 'io server disconnect' && !this.stopping) this.retryLater(1000);
    });
    socket.on('session:ended', (event) => {
      if (event.sessionId !== pairing.sessionId) return;
      void this.stop(ExitCode.ended, `session-ended:${event.reason}`);
    });
    socket.on('control:state', (event) => {
      if (event.sessionId !== pairing.sessionId) return;
      this.executor.applyControl(event.control);
      if (event.control?.state !== 'granted') this.stoppedHere = null;
      // System information, clipboard and reboot go with control: a revoke ends them too.
      this.service.rightsChanged();
      this.syncHotkey();
      this.syncScreen();
    });
    socket.on('helper:rights', (event) => {
      this.rights = event.rights;
      this.service.rightsChanged();
    });
    socket.on('helper:signal', (event) => this.signal(event));
  }

  private async hello(): Promise<void> {
    const { pairing, log } = this.options;
    // The resolution may have changed since the last connection (a monitor plugged in, a reboot).
    this.screen = await this.options.injector.screen().catch(() => this.screen);
    this.executor.setScreen(this.screen);
    const hello = { screen: this.screen, os: this.options.os, version: this.options.version };
    this.socket.timeout(HELLO_TIMEOUT_MS).emit('helper:hello', { sessionId: pairing.sessionId, hello }, (error: Error | null, result: Ack<HelloResult>) => {
      if (this.stopping) return;
      if (error) {
        log('hello-failed', { error: errorText(error) });
        this.socket.disconnect();
        this.retryLater();
        return;
      }
      if (!result.ok) {
        log('hello-refused', { code: result.code, error: result.message });
        if (FATAL_CODES.includes(result.code)) void this.stop(ExitCode.refused, result.code);
        else {
          this.socket.disconnect();
          this.retryLater();
        }
        return;
      }
      if (result.helperKey) {
        this.helperKey = result.helperKey;
        try {
          this.options.keepKey?.(result.helperKey);
        } catch (error) {
          // This run goes on with the key in memory; only a later run of the download here would be refused.
          log('key-not-kept', { error: errorText(error) });
        }
      }
      this.rights = result.rights;
      this.rtc = result.rtc;
      log('hello-accepted', { rights: Object.entries(result.rights).filter(([, on]) => on).map(([name]) => name).join(',') || 'none' });
      this.executor.applyControl(result.control);
      this.executor.setSuspended(false);
      this.service.rightsChanged();
      this.syncHotkey();
      this.syncScreen();
      // The customer stopped control here while the server could not hear it: say it again.
      if (result.control?.state === 'granted' && result.control.epoch === this.stoppedHere) this.tellStopped(this.stoppedHere);
      else if (result.control?.state !== 'granted') this.stoppedHere = null;
    });
  }

  /** The hotkey is the customer's only while control of their desktop is on. */
  private syncHotkey(): void {
    const hotkey = this.hotkey;
    if (!hotkey) return;
    this.hotkeyChanges = this.hotkeyChanges
      .then(async (): Promise<unknown> => (this.executor.controlGranted() && !this.stopping ? hotkey.arm() : hotkey.disarm()))
      .catch(() => undefined);
  }

  /**
   * The helper's screen is seen only while the customer's grant of desktop control lasts (and the server has
   * heard from us since: a helper cut off from the server cannot know the grant still holds).
   */
  private syncScreen(): void {
    this.options.screenStream?.setActive(this.executor.controlGranted() && this.socket.connected && !this.stopping);
  }

  /**
   * The customer pressed Shift+Esc on their desktop: input stops here at once (as the join page's Stop does in the
   * page), then the server ends control for everyone.
   */
  private stopControlHere(): void {
    const epoch = this.executor.grantedEpoch();
    if (epoch === null) return;
    if (this.executor.takeInjectedEscape()) {
      this.options.log('stop-key-ignored', { reason: 'the technician pressed it' });
      return;
    }
    this.options.log('control-stopped-here', { key: STOP_KEY.name });
    this.stoppedHere = epoch;
    this.executor.applyControl(null);
    this.service.rightsChanged();
    this.syncHotkey();
    this.syncScreen();
    this.tellStopped(epoch);
  }

  private tellStopped(epoch: number): void {
    const { pairing, log } = this.options;
    this.socket.timeout(HELLO_TIMEOUT_MS).emit('helper:stop-control', { sessionId: pairing.sessionId, epoch }, (error: Error | null, result: Ack<Record<string, never>>) => {
      if (error || !result.ok) log('stop-control-unheard', { error: error ? errorText(error) : result.ok ? undefined : result.code });
    });
  }

  private signal(event: { sessionId: string; connectionId: string; signal: Signal }): void {
    const { log, pairing } = this.options;
    if (event.sessionId !== pairing.sessionId) return;
    const connectionId = connectionIdSchema.safeParse(event.connectionId);
    const signal = signalSchema.safeParse(event.signal);
    if (!connectionId.success || !signal.success) {
      log('signal-ignored', { reason: 'invalid' });
      return;
    }
    if (!this.rtc) {
      log('signal-ignored', { reason: 'before-hello' });
      return;
    }
    if (this.peer?.connectionId !== connectionId.data) {
      // A new connection id: the console rebuilt its side. Drop ours rather than renegotiate a dead one.
      this.peer?.close();
      this.detachChannels();
      log('peer-new', { connection: connectionId.data });
      this.peer = new PeerSession({
        connectionId: connectionId.data,
        rtc: this.rtc,
        RTCPeerConnection: this.options.RTCPeerConnection,
        log,
        onChannel: (channel) => this.attachChannel(channel),
        screenTrack: this.options.screenStream?.track ?? null,
        onConnected: () => this.options.screenStream?.refresh(),
        sendSignal: (outgoing) => {
          this.socket.emit('helper:signal', { sessionId: pairing.sessionId, connectionId: connectionId.data, signal: outgoing }, (result) => {
            if (!result.ok) log('signal-refused', { code: result.code });
          });
        },
      });
    }
    void this.peer.handleSignal(signal.data);
  }

  private attachChannel(channel: RTCDataChannel): void {
    const { log } = this.options;
    log('channel', { label: channel.label });
    switch (channel.label) {
      case 'control':
        this.controlChannel = channel;
        channel.onmessage = (event) => this.executor.receive(event.data);
        // A console gone mid-press will not send the release.
        channel.onclose = () => this.executor.releaseHeld();
        break;
      case 'pointer':
        channel.onmessage = (event) => this.executor.receive(event.data);
        break;
      case 'helper': {
        this.helperChannel = channel;
        const opened = () => this.service.setChannelOpen(true);
        // wrtc may hand over a channel that is already open.
        if (channel.readyState === 'open') opened();
        else channel.onopen = opened;
        channel.onclose = () => {
          if (this.helperChannel === channel) this.service.setChannelOpen(false);
        };
        channel.onmessage = (event) => void this.service.receive(event.data);
        break;
      }
      default:
        log('channel-ignored', { label: channel.label.slice(0, 32) });
        channel.close();
    }
  }

  private detachChannels(): void {
    this.controlChannel = null;
    if (this.helperChannel) this.service.setChannelOpen(false);
    this.helperChannel = null;
  }

  private sendControl(message: Outgoing): void {
    const channel = this.controlChannel;
    if (channel?.readyState === 'open') channel.send(JSON.stringify(message));
  }

  private sendHelper(message: HelperMessage): void {
    const channel = this.helperChannel;
    if (channel?.readyState === 'open') channel.send(JSON.stringify(message));
  }

  private retryLater(delay = RETRY_DELAY_MS): void {
    if (this.retryTimer || this.stopping) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopping && !this.socket.connected) this.socket.connect();
    }, delay);
  }
}
