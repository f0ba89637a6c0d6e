/**
 * The helper's side of its peer connection with the technician's console. The console offers and creates the
 * channels (`control`, `pointer`, `helper`) and a video transceiver to receive on; the helper answers, sending
 * its own screen on that transceiver when it has one (helper/screen-stream.ts). Video and input travel in
 * opposite directions, so a keystroke never waits behind the screen's packets. Signals are
 * handled one at a time (an offer's answer is set before the next candidate is added), and candidates that
 * arrive before the offer wait for it.
 */
import { type RtcConfig, type Signal, sdpMLineIndexSchema } from '../protocol';
import { errorText, type Logger } from './log';
import type { RgbaToI420, VideoFrameSink } from './screen-stream';

export type PeerConnectionConstructor = new (configuration?: RTCConfiguration) => RTCPeerConnection;

export interface PeerSessionOptions {
  connectionId: string;
  rtc: RtcConfig;
  RTCPeerConnection: PeerConnectionConstructor;
  sendSignal: (signal: Signal) => void;
  onChannel: (channel: RTCDataChannel) => void;
  /** The helper's screen, sent when the console's offer asks for video; null where the helper has none. */
  screenTrack?: MediaStreamTrack | null;
  /** The connection is up (again): the screen stream sends a whole frame for the new viewer. */
  onConnected?: () => void;
  log: Logger;
}

/** The parts of @roamhq/wrtc the helper uses. */
interface Wrtc {
  RTCPeerConnection?: PeerConnectionConstructor;
  nonstandard?: { RTCVideoSource: new (init?: { isScreencast?: boolean }) => VideoFrameSink; rgbaToI420: RgbaToI420 };
}

/** @roamhq/wrtc, loaded when first needed (its native library is ~25 MB), as CommonJS or as an ES module. */
async function loadWrtc(): Promise<Wrtc> {
  const module = (await import('@roamhq/wrtc')) as unknown as Wrtc & { default?: Wrtc };
  return module.default ?? module;
}

export async function loadPeerConnection(): Promise<PeerConnectionConstructor> {
  const constructor = (await loadWrtc()).RTCPeerConnection;
  if (!constructor) throw new Error('@roamhq/wrtc has no RTCPeerConnection');
  return constructor;
}

/** @roamhq/wrtc's frame source and converter (helper/screen-stream.ts feeds the first with the second's output). */
export async function loadVideoSource(): Promise<{ createSource: (screencast: boolean) => VideoFrameSink; rgbaToI420: RgbaToI420 }> {
  const nonstandard = (await loadWrtc()).nonstandard;
  if (!nonstandard) throw new Error('@roamhq/wrtc has no video source');
  // A screencast source: libwebrtc keeps the resolution and lowers the frame rate under load, not the reverse.
  return { createSource: (screencast) => new nonstandard.RTCVideoSource({ isScreencast: screencast }), rgbaToI420: nonstandard.rgbaToI420 };
}

export class PeerSession {
  readonly connectionId: string;
  private readonly pc: RTCPeerConnection;
  private queue: Promise<void> = Promise.resolve();
  private readonly early: RTCIceCandidateInit[] = [];
  private closed = false;

  constructor(private readonly options: PeerSessionOptions) {
    this.connectionId = options.connectionId;
    this.pc = new options.RTCPeerConnection({ iceServers: options.rtc.iceServers, iceTransportPolicy: options.rtc.iceTransportPolicy });
    this.pc.onicecandidate = (event) => {
      const candidate = event.candidate;
      if (!candidate || !candidate.candidate || this.closed) return;
      // @roamhq/wrtc's Windows build (seen under Wine) gives some candidates an sdpMLineIndex that is no index
      // (4.2e-317): the server would refuse the whole candidate. The media id says where it goes just as well.
      const index = sdpMLineIndexSchema.safeParse(candidate.sdpMLineIndex).success ? candidate.sdpMLineIndex : null;
      options.sendSignal({
        kind: 'candidate',
        candidate: { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null, sdpMLineIndex: index, usernameFragment: candidate.usernameFragment ?? null },
      });
    };
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      options.log('peer-state', { connection: this.connectionId, state });
      if (state === 'connected' && !this.closed) options.onConnected?.();
    };
    this.pc.ondatachannel = (event) => {
      if (!this.closed) options.onChannel(event.channel);
    };
  }

  get state(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  handleSignal(signal: Signal): Promise<void> {
    this.queue = this.queue.then(() => this.apply(signal)).catch((error: unknown) => {
      this.options.log('signal-failed', { connection: this.connectionId, kind: signal.kind, error: errorText(error) });
    });
    return this.queue;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.onicecandidate = null;
    this.pc.ondatachannel = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }

  /**
   * The console's offer has a video transceiver to receive on: adding the track now (before the answer) puts it
   * on that transceiver, so the answer says sendonly and no renegotiation is needed.
   */
  private sendScreen(): void {
    const track = this.options.screenTrack;
    if (!track || this.pc.getSenders().some((sender) => sender.track === track)) return;
    if (!this.pc.getTransceivers().some((transceiver) => transceiver.receiver.track.kind === 'video')) return;
    this.pc.addTrack(track);
    this.options.log('screen-offered', { connection: this.connectionId });
  }

  private async apply(signal: Signal): Promise<void> {
    if (this.closed) return;
    if (signal.kind === 'candidate') {
      if (!signal.candidate.candidate) return; // end of candidates
      const init: RTCIceCandidateInit = {
        candidate: signal.candidate.candidate,
        sdpMid: signal.candidate.sdpMid ?? null,
        sdpMLineIndex: signal.candidate.sdpMLineIndex ?? null,
      };
      if (this.pc.remoteDescription) await this.pc.addIceCandidate(init);
      else this.early.push(init);
      return;
    }
    const { description } = signal;
    if (description.type !== 'offer') {
      // The console always offers; the helper never does, so an answer here is out of turn.
      this.options.log('signal-ignored', { connection: this.connectionId, type: description.type });
      return;
    }
    await this.pc.setRemoteDescription({ type: 'offer', sdp: description.sdp });
    this.sendScreen();
    for (const candidate of this.early.splice(0)) await this.pc.addIceCandidate(candidate);
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    const local = this.pc.localDescription ?? answer;
    if (this.closed) return;
    this.options.sendSignal({ kind: 'description', description: { type: 'answer', sdp: local.sdp } });
  }
}
