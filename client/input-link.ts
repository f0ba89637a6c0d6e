import { DataChannels, type InputMessage, type InputReport, type RtcConfig, type Signal } from '../protocol';
import { parseJson, receiveInput, receivePointer, sendJson } from './channel-messages';
import { newConnectionId } from './peer-link';
import { Store } from './store';

export interface InputLinkState {
  connection: RTCPeerConnectionState;
  /**
   * Input (and reports) can go this way: the `control` channel is open and the connection is up. While ICE is
   * 'disconnected' the channel still says open, but what is sent waits for a network that may not come back.
   */
  open: boolean;
}

export interface InputLinkOptions {
  rtc: RtcConfig;
  /**
   * The offering side creates the channels and offers; the answering side takes them from the offer. Only one side
   * ever offers and nothing is renegotiated, so there is no glare to resolve: a dead connection is replaced by a new
   * one under a new connection id.
   */
  role: 'offer' | 'answer';
  /** The answering side takes the offerer's id from its first signal. */
  connectionId?: string;
  sendSignal: (signal: Signal) => void;
  /** The executor's side: the technician's input, parsed and validated. */
  onInput?: (message: InputMessage) => void;
  /** The technician's side: what the executor did with it. */
  onReport?: (report: InputReport) => void;
  /** Offering side: more channels on the same connection (the helper's own), created after control and pointer. */
  extraChannels?: readonly { label: string; init: RTCDataChannelInit }[];
  /** Every channel other than control and pointer, as soon as it exists. */
  onChannel?: (channel: RTCDataChannel) => void;
  /**
   * Offering side: also receive a video track (the helper's own screen), told once its first frame arrived.
   * It comes the other way from input, so input still never queues behind it.
   */
  onVideo?: (stream: MediaStream) => void;
}

/**
 * A peer connection with data channels only, for remote-control input: `control` (ordered, reliable: keys,
 * buttons, text, and the executor's reports) and `pointer` (unordered, no retransmits: moves). It carries no
 * media, so a keystroke never queues behind the shared screen's packets, in the browser's SCTP association or on
 * a relay allocation shared with the video. The console uses one to the Lifeline Helper, and one to the customer's
 * page while the page is controlled.
 */
export class InputLink {
  readonly state = new Store<InputLinkState>({ connection: 'new', open: false });
  readonly connectionId: string;
  private readonly pc: RTCPeerConnection;
  private readonly channels = new Map<string, RTCDataChannel>();
  /** Incoming signals are applied one at a time: SDP operations must never interleave. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private controlOpen = false;

  constructor(private readonly options: InputLinkOptions) {
    this.connectionId = options.connectionId ?? newConnectionId();
    this.pc = new RTCPeerConnection({ iceServers: options.rtc.iceServers, iceTransportPolicy: options.rtc.iceTransportPolicy });
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.sendSignal({ kind: 'candidate', candidate: { ...candidate.toJSON(), candidate: candidate.candidate } });
    };
    this.pc.onconnectionstatechange = () => this.refresh();
    if (options.role === 'offer') {
      // The offering side creates every channel there is: none the other side opens can replace one of these.
      for (const { label, init } of [DataChannels.control, DataChannels.pointer, ...(options.extraChannels ?? [])]) this.adopt(this.pc.createDataChannel(label, init));
      if (options.onVideo) this.receiveVideo(options.onVideo);
      void this.offer();
    } else this.pc.ondatachannel = ({ channel }) => this.adopt(channel);
  }

  handleSignal(signal: Signal): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply(signal))
      .catch((error: unknown) => console.warn('Lifeline: could not apply an input connection signal', error));
    return this.queue;
  }

  /** Moves on `pointer` (a lost one is replaced by the next), everything else on `control`. */
  sendInput(message: InputMessage): boolean {
    return this.send(message.type === 'move' ? DataChannels.pointer.label : DataChannels.control.label, message);
  }

  sendReport(report: InputReport): boolean {
    return this.send(DataChannels.control.label, report);
  }

  /** Sends JSON on a channel of this connection, when it is open. */
  send(label: string, message: unknown): boolean {
    return sendJson(this.channels.get(label), message);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const channel of this.channels.values()) channel.close();
    this.pc.close();
    this.state.update({ connection: 'closed', open: false });
  }

  private async offer(): Promise<void> {
    try {
      // Explicit offers and answers (not setLocalDescription() alone): older browsers, and @roamhq/wrtc, need them.
      await this.pc.setLocalDescription(await this.pc.createOffer());
      const description = this.pc.localDescription;
      if (description && !this.closed) this.options.sendSignal({ kind: 'description', description: { type: description.type, sdp: description.sdp } });
    } catch (error) {
      console.warn('Lifeline: could not offer the input connection', error);
    }
  }

  private async apply(signal: Signal): Promise<void> {
    if (this.closed) return;
    if (signal.kind === 'candidate') {
      await this.pc.addIceCandidate(signal.candidate);
      return;
    }
    const description = signal.description as RTCSessionDescriptionInit;
    // Each side takes only what the other side sends: an offer to the answerer, an answer to the offerer.
    if ((description.type === 'offer') !== (this.options.role === 'answer')) return;
    await this.pc.setRemoteDescription(description);
    if (description.type !== 'offer') return;
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    const answer = this.pc.localDescription;
    if (answer && !this.closed) this.options.sendSignal({ kind: 'description', description: { type: answer.type, sdp: answer.sdp } });
  }

  private receiveVideo(onVideo: (stream: MediaStream) => void): void {
    this.pc.addTransceiver('video', { direction: 'recvonly' });
    this.pc.ontrack = ({ track }) => {
      const stream = new MediaStream([track]);
      // A negotiated track is there before anything is sent on it (and a helper without a screen never sends).
      const shown = () => {
        if (!this.closed && !track.muted) onVideo(stream);
      };
      track.addEventListener('unmute', shown);
      shown();
    };
  }

  private adopt(channel: RTCDataChannel): void {
    this.channels.set(channel.label, channel);
    if (channel.label === DataChannels.pointer.label) {
      channel.onmessage = ({ data }) => receivePointer(data, this.options);
      return;
    }
    if (channel.label !== DataChannels.control.label) {
      this.options.onChannel?.(channel);
      return;
    }
    const track = () => {
      this.controlOpen = channel.readyState === 'open';
      this.refresh();
    };
    channel.onopen = track;
    channel.onclose = track;
    track();
    // Only input and its reports travel here; anything else is ignored.
    channel.onmessage = ({ data }) => void receiveInput(parseJson(data), this.options);
  }

  private refresh(): void {
    if (this.closed) return;
    const connection = this.pc.connectionState;
    const open = this.controlOpen && connection === 'connected';
    const current = this.state.get();
    if (current.connection !== connection || current.open !== open) this.state.update({ connection, open });
  }
}
