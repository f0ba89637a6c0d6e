import {
  DataChannels,
  HELPER_CHANNEL,
  type HelperMessage,
  helperMessageSchema,
  type InputMessage,
  type InputReport,
  inputReportSchema,
  type RtcConfig,
  type Signal,
} from '../../signaling/protocol';
import { newConnectionId, parseJson } from './peer-link';
import { Store } from './store';

export interface HelperLinkState {
  connection: RTCPeerConnectionState;
  open: boolean;
}

/**
 * The technician's connection to the customer's Lifeline Helper: data channels only (input, and the helper's
 * own messages: system information, clipboard, reboot). The console always offers and the helper answers, so
 * there is no glare to resolve; a new connection id replaces a dead connection.
 */
export class HelperLink {
  readonly state = new Store<HelperLinkState>({ connection: 'new', open: false });
  readonly connectionId = newConnectionId();
  private readonly pc: RTCPeerConnection;
  private readonly control: RTCDataChannel;
  private readonly pointer: RTCDataChannel;
  private readonly helper: RTCDataChannel;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    rtc: RtcConfig,
    private readonly options: {
      sendSignal: (signal: Signal) => void;
      onReport: (report: InputReport) => void;
      onMessage: (message: HelperMessage) => void;
    },
  ) {
    this.pc = new RTCPeerConnection({ iceServers: rtc.iceServers, iceTransportPolicy: rtc.iceTransportPolicy });
    this.control = this.pc.createDataChannel(DataChannels.control.label, DataChannels.control.init);
    this.pointer = this.pc.createDataChannel(DataChannels.pointer.label, DataChannels.pointer.init);
    this.helper = this.pc.createDataChannel(HELPER_CHANNEL.label, HELPER_CHANNEL.init);
    this.control.onopen = () => this.state.update({ open: true });
    this.control.onclose = () => this.state.update({ open: false });
    this.control.onmessage = ({ data }) => {
      const report = inputReportSchema.safeParse(parseJson(data));
      if (report.success) options.onReport(report.data);
    };
    this.helper.onmessage = ({ data }) => {
      const message = helperMessageSchema.safeParse(parseJson(data));
      if (message.success) options.onMessage(message.data);
      else console.warn('Lifeline: ignored a malformed helper message');
    };
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.sendSignal({ kind: 'candidate', candidate: { ...candidate.toJSON(), candidate: candidate.candidate } });
    };
    this.pc.onconnectionstatechange = () => this.state.update({ connection: this.pc.connectionState });
    void this.offer();
  }

  handleSignal(signal: Signal): void {
    this.queue = this.queue
      .then(async () => {
        if (signal.kind === 'candidate') await this.pc.addIceCandidate(signal.candidate);
        else if (signal.description.type === 'answer') await this.pc.setRemoteDescription(signal.description as RTCSessionDescriptionInit);
      })
      .catch((error: unknown) => console.warn('Lifeline: could not apply a helper signal', error));
  }

  sendInput(message: InputMessage): boolean {
    const channel = message.type === 'move' ? this.pointer : this.control;
    if (channel.readyState !== 'open') return false;
    channel.send(JSON.stringify(message));
    return true;
  }

  send(message: HelperMessage): boolean {
    if (this.helper.readyState !== 'open') return false;
    this.helper.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.pc.close();
    this.state.update({ connection: 'closed', open: false });
  }

  private async offer(): Promise<void> {
    try {
      await this.pc.setLocalDescription();
      const description = this.pc.localDescription;
      if (description) this.options.sendSignal({ kind: 'description', description: { type: description.type, sdp: description.sdp } });
    } catch (error) {
      console.warn('Lifeline: could not offer to the helper', error);
    }
  }
}
