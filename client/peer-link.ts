import {
  type ControlMessage,
  controlMessageSchema,
  DataChannels,
  type InputMessage,
  type InputReport,
  type PointerMove,
  type QualityPreset,
  type RtcConfig,
  type Signal,
} from '../protocol';
import { type InputHandlers, parseJson, receiveInput, receivePointer, sendJson } from './channel-messages';
import { applyPreset, encodingPresets } from './quality-presets';
import { shortAuthString } from './short-auth-string';
import { Store } from './store';

export type Route = 'direct' | 'relay';

export interface PeerState {
  connection: RTCPeerConnectionState;
  /** From getStats(): the selected candidate pair's types, once connected. */
  route: Route | null;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  /** The remote side's video (the technician sees the customer's screen here). */
  remoteStream: MediaStream | null;
  /** The other side's camera and microphone during a call. */
  remoteCallStream: MediaStream | null;
  controlOpen: boolean;
  /** Round trip over the control channel, in ms. */
  controlRttMs: number | null;
  /** Incoming video as getStats() reports it (technician side). */
  video: { framesPerSecond: number; kilobitsPerSecond: number; width: number; height: number; codec: string | null } | null;
  /** ICE round trip of the selected candidate pair, in ms. */
  rttMs: number | null;
  /** The encoding preset the screen is sent with (customer side: applied; technician side: asked for). */
  preset: QualityPreset;
  /** Customer side: the technician asked for another screen and the customer has not answered yet. */
  otherScreenRequested: boolean;
  /**
   * The short authentication string of this connection (see short-auth-string.ts), once connected: the same on
   * both ends unless something in the middle set up the connection.
   */
  sas: string | null;
}

export interface PeerLinkOptions {
  rtc: RtcConfig;
  /** Perfect negotiation: the polite side yields on offer collisions. Technician polite, customer impolite. */
  polite: boolean;
  /** The side that opens data channels and the screen transceiver (the customer). */
  initiator: boolean;
  /** This connection's name in signals; the initiator draws it, the other side takes it from the first signal. */
  connectionId: string;
  sendSignal: (signal: Signal) => void;
  /** Every data channel this connection gets (created here or by the other side), for the managers that use it. */
  onDataChannel?: (channel: RTCDataChannel) => void;
  /** A collaborator's connection: the screen and the control channel only (no files, pointer or annotations). */
  viewOnly?: boolean;
  /** Customer side: the technician's input (control and pointer channels), for the remote-control executor. */
  onInput?: (message: InputMessage) => void;
  /** Technician side: what the executor did with the input. */
  onInputReport?: (report: InputReport) => void;
  /**
   * Customer side: this connection needs a picture of the screen now (it has just connected, or the technician's
   * page mounted a new video element): a still screen sends no frames by itself (client/still-frames.ts).
   */
  onScreenWanted?: () => void;
  /**
   * How often getStats() runs once connected (1 s by default: the console shows the figures). A side that only
   * shows the route reads it far less often: the read is main-thread work on the page that executes the
   * technician's input. A change of the selected candidate pair is read at once either way, where the browser
   * reports it.
   */
  statsEveryMs?: number;
}

/** ICE may recover from 'disconnected' by itself; after this long a connection is replaced by a new one. */
export const DISCONNECTED_GRACE_MS = 4000;

/** How often a side that shows only the route (the customer's page) reads its connection's stats. */
export const ROUTE_STATS_EVERY_MS = 10_000;

/** A fresh connection id (see connectionIdSchema). */
export function newConnectionId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One RTCPeerConnection between a technician and a customer, in the perfect-negotiation pattern
 * (w3c.github.io/webrtc-pc/#perfect-negotiation-example). The initiator opens the data channels and a send-only
 * video transceiver as soon as the connection is created, so sharing later is a replaceTrack on a connection
 * that is already up: no renegotiation between the click and the first frame.
 */
export class PeerLink {
  readonly state = new Store<PeerState>({
    connection: 'new',
    route: null,
    localCandidateType: null,
    remoteCandidateType: null,
    remoteStream: null,
    remoteCallStream: null,
    controlOpen: false,
    controlRttMs: null,
    video: null,
    rttMs: null,
    preset: 'balanced',
    otherScreenRequested: false,
    sas: null,
  });

  private readonly pc: RTCPeerConnection;
  private readonly channels = new Map<string, RTCDataChannel>();
  private screenSender: RTCRtpSender | null = null;
  /** The screen's encoding is switched off while the screen is still (setScreenPaused). */
  private screenPaused = false;
  /** The technician sees the helper's own screen instead (screen-covered): the encoding stays off meanwhile. */
  private screenCovered = false;
  /** Changes to the screen sender's parameters, one at a time: a second setParameters before the first settles fails. */
  private senderQueue: Promise<void> = Promise.resolve();
  private readonly callSenders: RTCRtpSender[] = [];
  private makingOffer = false;
  private ignoreOffer = false;
  /** Incoming signals are applied one at a time: SDP operations must never interleave. */
  private signalQueue: Promise<void> = Promise.resolve();
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private pingSeq = 0;
  private closed = false;
  private lastInbound: { bytes: number; at: number } | null = null;
  private watchedIce: RTCIceTransport | null = null;
  private readonly inputHandlers: InputHandlers;

  get connectionId(): string {
    return this.options.connectionId;
  }

  constructor(private readonly options: PeerLinkOptions) {
    this.inputHandlers = { onInput: options.onInput, onReport: options.onInputReport };
    this.pc = new RTCPeerConnection({ iceServers: options.rtc.iceServers, iceTransportPolicy: options.rtc.iceTransportPolicy });
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.sendSignal({ kind: 'candidate', candidate: { ...candidate.toJSON(), candidate: candidate.candidate } });
    };
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    this.pc.ontrack = (event) => this.onTrack(event);
    this.pc.ondatachannel = ({ channel }) => this.adoptChannel(channel);

    if (options.initiator) {
      this.adoptChannel(this.pc.createDataChannel(DataChannels.control.label, DataChannels.control.init));
      if (!options.viewOnly) {
        this.adoptChannel(this.pc.createDataChannel(DataChannels.pointer.label, DataChannels.pointer.init));
        this.adoptChannel(this.pc.createDataChannel(DataChannels.files.label, DataChannels.files.init));
        this.adoptChannel(this.pc.createDataChannel(DataChannels.annotations.label, DataChannels.annotations.init));
        this.adoptChannel(this.pc.createDataChannel(DataChannels.cobrowse.label, DataChannels.cobrowse.init));
      }
      this.screenSender = this.pc.addTransceiver('video', { direction: 'sendonly' }).sender;
    }
  }

  handleSignal(signal: Signal): Promise<void> {
    this.signalQueue = this.signalQueue.then(() => this.apply(signal)).catch((error: unknown) => {
      console.warn('Lifeline: could not apply a signal', error);
    });
    return this.signalQueue;
  }

  /** Puts a captured screen on the pre-negotiated transceiver (or takes it off with null). */
  async setScreenTrack(track: MediaStreamTrack | null): Promise<void> {
    if (!this.screenSender) throw new Error('Only the initiating side sends a screen');
    if (track) track.contentHint = 'detail';
    await this.screenSender.replaceTrack(track);
    // A new screen starts sending at once, whatever the last one's pause.
    if (track && this.screenPaused) await this.setScreenPaused(false);
    this.state.update({ otherScreenRequested: false });
    if (track) await this.applyPreset(this.state.get().preset);
  }

  /** Technician: a new video element shows this connection's screen, and needs a picture even of a still one. */
  requestScreenRefresh(): boolean {
    return this.sendControl({ type: 'screen-refresh' });
  }

  /** Technician: ask the customer to pick another screen (multiple monitors). */
  requestOtherScreen(): boolean {
    return this.sendControl({ type: 'share-other-screen' });
  }

  /** Customer: the request is answered (or dismissed). */
  dismissOtherScreenRequest(): void {
    this.state.update({ otherScreenRequested: false });
  }

  /** Technician: ask the customer's side to encode the screen with another preset. */
  requestPreset(preset: QualityPreset): boolean {
    if (!this.sendControl({ type: 'quality', preset })) return false;
    this.state.update({ preset });
    return true;
  }

  private async applyPreset(preset: QualityPreset): Promise<void> {
    this.state.update({ preset });
    await this.changeSender(async (sender) => {
      if (!sender.track) return;
      try {
        await applyPreset(sender, encodingPresets[preset]);
      } catch (error) {
        console.warn('Lifeline: could not apply the quality preset', error);
      }
    });
  }

  /**
   * Customer: switches the screen's encoding off while nothing on it changes, and on again for the first change
   * (client/still-frames.ts). An active encoding costs about 12 KB/s on a still screen even with no frame to
   * encode: Chromium pads a screen share up to its minimum bitrate (about 100 kbit/s).
   */
  setScreenPaused(paused: boolean): Promise<void> {
    this.screenPaused = paused;
    return this.applyScreenActive();
  }

  /** Technician: tell the customer's side whether the console shows the helper's screen instead of this one. */
  setScreenCovered(covered: boolean): boolean {
    return this.sendControl({ type: 'screen-covered', covered });
  }

  private applyScreenActive(): Promise<void> {
    return this.changeSender(async (sender) => {
      const parameters = sender.getParameters();
      const encoding = parameters.encodings?.[0];
      const active = !this.screenPaused && !this.screenCovered;
      if (!encoding || encoding.active === active) return;
      encoding.active = active;
      await sender.setParameters(parameters).catch((error: unknown) => console.warn('Lifeline: could not pause the screen', error));
    });
  }

  private changeSender(change: (sender: RTCRtpSender) => Promise<void>): Promise<void> {
    const sender = this.screenSender;
    if (!sender) return Promise.resolve();
    // A change that fails must not stop the ones queued after it.
    this.senderQueue = this.senderQueue.then(() => (this.closed ? undefined : change(sender))).catch((error: unknown) => {
      console.warn('Lifeline: could not change the screen sender', error);
    });
    return this.senderQueue;
  }

  /** Sends on the reliable, ordered control channel: control messages, input but moves, and input reports. */
  sendControl(message: ControlMessage | InputMessage | InputReport): boolean {
    return sendJson(this.channels.get(DataChannels.control.label), message);
  }

  /** Sends a pointer move on the unordered channel without retransmits: a lost one is replaced by the next. */
  sendPointer(move: PointerMove): boolean {
    return sendJson(this.channels.get(DataChannels.pointer.label), move);
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.statsTimer) clearInterval(this.statsTimer);
    for (const channel of this.channels.values()) channel.close();
    this.pc.close();
    this.state.update({ connection: 'closed', remoteStream: null, controlOpen: false });
  }

  private async negotiate(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const description = this.pc.localDescription;
      if (description) this.options.sendSignal({ kind: 'description', description: { type: description.type, sdp: description.sdp } });
    } catch (error) {
      console.warn('Lifeline: negotiation failed', error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(signal: Signal): Promise<void> {
    if (this.closed) return;
    if (signal.kind === 'candidate') {
      try {
        await this.pc.addIceCandidate(signal.candidate);
      } catch (error) {
        if (!this.ignoreOffer) throw error;
      }
      return;
    }
    const description = signal.description as RTCSessionDescriptionInit;
    const collision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.options.polite && collision;
    if (this.ignoreOffer) return;
    await this.pc.setRemoteDescription(description);
    if (description.type === 'offer') {
      await this.pc.setLocalDescription();
      const answer = this.pc.localDescription;
      if (answer) this.options.sendSignal({ kind: 'description', description: { type: answer.type, sdp: answer.sdp } });
    }
  }

  private onTrack({ track, streams, receiver }: RTCTrackEvent): void {
    // Screen playout tuned for latency: hold as little in the jitter buffer as the browser allows.
    const tunable = receiver as unknown as { jitterBufferTarget?: number | null; playoutDelayHint?: number };
    if ('jitterBufferTarget' in receiver) tunable.jitterBufferTarget = 0;
    else tunable.playoutDelayHint = 0;
    // The screen travels on a transceiver without a stream; call tracks come with their stream.
    if (streams.length === 0) this.state.update({ remoteStream: new MediaStream([track]) });
    else {
      const stream = streams[0];
      stream.onremovetrack = () => {
        if (stream.getTracks().length === 0) this.state.update({ remoteCallStream: null });
      };
      this.state.update({ remoteCallStream: stream });
    }
  }

  /**
   * Adds this side's camera and microphone; renegotiation (perfect negotiation) carries them over. New
   * transceivers on purpose: addTrack would reuse the screen's, which the customer's side only sends on.
   */
  addCallStream(stream: MediaStream): void {
    for (const track of stream.getTracks()) {
      this.callSenders.push(this.pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] }).sender);
    }
  }

  removeCallStream(): void {
    for (const sender of this.callSenders.splice(0)) {
      if (this.pc.signalingState !== 'closed') this.pc.removeTrack(sender);
    }
    this.state.update({ remoteCallStream: null });
  }

  private onConnectionState(): void {
    const connection = this.pc.connectionState;
    this.state.update({ connection });
    if (connection === 'connected') {
      if (this.screenSender?.track) this.options.onScreenWanted?.();
      void this.readShortAuthString();
      void this.readStats();
      if (!this.statsTimer) this.statsTimer = setInterval(() => void this.readStats(), this.options.statsEveryMs ?? 1000);
      this.watchSelectedPair();
    }
  }

  /** The certificates are the connection's for its whole life: read once, when it first connects. */
  private async readShortAuthString(): Promise<void> {
    const local = this.pc.localDescription?.sdp;
    const remote = this.pc.remoteDescription?.sdp;
    if (this.state.get().sas || !local || !remote) return;
    const sas = await shortAuthString(local, remote);
    if (!this.closed && sas) this.state.update({ sas });
  }

  /** Where the browser exposes the ICE transport (not every browser does), a switch of route is read at once. */
  private watchSelectedPair(): void {
    const ice = this.pc.sctp?.transport.iceTransport as (RTCIceTransport & EventTarget) | undefined;
    if (!ice || this.watchedIce === ice) return;
    this.watchedIce = ice;
    ice.addEventListener('selectedcandidatepairchange', () => void this.readStats());
  }

  /** Direct or relayed (the selected candidate pair), round trip, and the incoming video, from getStats(). */
  private async readStats(): Promise<void> {
    if (this.closed) return;
    const report = await this.pc.getStats();
    let pairId: string | undefined;
    let inbound: Record<string, number & string> | undefined;
    report.forEach((stat) => {
      if (stat.type === 'transport' && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') inbound = stat;
    });
    const pair = pairId ? report.get(pairId) : undefined;
    if (pair) {
      const local = report.get(pair.localCandidateId)?.candidateType ?? null;
      const remote = report.get(pair.remoteCandidateId)?.candidateType ?? null;
      const route: Route = local === 'relay' || remote === 'relay' ? 'relay' : 'direct';
      const rttMs = typeof pair.currentRoundTripTime === 'number' ? Math.round(pair.currentRoundTripTime * 1000) : null;
      this.state.update({ route, localCandidateType: local, remoteCandidateType: remote, rttMs });
    }
    if (inbound && inbound.bytesReceived !== undefined) {
      const now = performance.now();
      const previous = this.lastInbound;
      this.lastInbound = { bytes: inbound.bytesReceived, at: now };
      const kilobitsPerSecond = previous ? Math.round(((inbound.bytesReceived - previous.bytes) * 8) / (now - previous.at)) : 0;
      const codec = inbound.codecId ? (report.get(inbound.codecId)?.mimeType ?? null) : null;
      this.state.update({
        video: {
          framesPerSecond: Math.round(inbound.framesPerSecond ?? 0),
          kilobitsPerSecond,
          width: inbound.frameWidth ?? 0,
          height: inbound.frameHeight ?? 0,
          codec,
        },
      });
    }
    this.ping();
  }

  private adoptChannel(channel: RTCDataChannel): void {
    this.channels.set(channel.label, channel);
    // Handed out at once: a manager must listen before the first message arrives.
    this.options.onDataChannel?.(channel);
    if (channel.label === DataChannels.pointer.label) {
      channel.onmessage = ({ data }) => receivePointer(data, this.inputHandlers);
      return;
    }
    if (channel.label !== DataChannels.control.label) return;
    channel.onopen = () => {
      this.state.update({ controlOpen: true });
      this.ping();
    };
    channel.onclose = () => this.state.update({ controlOpen: false });
    channel.onmessage = ({ data }) => this.onControlMessage(data);
  }

  private onControlMessage(data: unknown): void {
    const raw = parseJson(data);
    // Input and its reports share the channel: ordered and reliable, after everything sent before them.
    if (receiveInput(raw, this.inputHandlers)) return;
    const parsed = controlMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn('Lifeline: ignored a malformed control message');
      return;
    }
    const message: ControlMessage = parsed.data;
    if (message.type === 'ping') this.sendControl({ type: 'pong', seq: message.seq, sentAt: message.sentAt });
    else if (message.type === 'pong') this.state.update({ controlRttMs: Math.round(performance.now() - message.sentAt) });
    // Only the side that sends the screen acts on a preset; the other side could be anyone's peer.
    else if (message.type === 'quality' && this.screenSender) void this.applyPreset(message.preset);
    else if (message.type === 'share-other-screen' && this.screenSender?.track) this.state.update({ otherScreenRequested: true });
    else if (message.type === 'screen-refresh' && this.screenSender?.track) this.options.onScreenWanted?.();
    else if (message.type === 'screen-covered' && this.screenSender) {
      this.screenCovered = message.covered;
      void this.applyScreenActive();
    }
  }

  private ping(): void {
    this.sendControl({ type: 'ping', seq: this.pingSeq++, sentAt: performance.now() });
  }
}

