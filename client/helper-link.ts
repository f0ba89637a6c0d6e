import { HELPER_CHANNEL, type HelperMessage, helperMessageSchema, type InputMessage, type InputReport, type RtcConfig, type Signal } from '../protocol';
import { InputLink, type InputLinkState } from './input-link';
import { parseJson } from './channel-messages';
import type { Store } from './store';

export type HelperLinkState = InputLinkState;

/**
 * The technician's connection to the customer's Lifeline Helper: an input connection (the console offers, the
 * helper answers) with one more channel for the helper's own messages (system information, clipboard, reboot)
 * and the helper's own screen coming back.
 */
export class HelperLink {
  private readonly link: InputLink;

  constructor(
    rtc: RtcConfig,
    options: {
      sendSignal: (signal: Signal) => void;
      onReport: (report: InputReport) => void;
      onMessage: (message: HelperMessage) => void;
      /** The helper's own screen, once its first frame arrived. */
      onScreen: (stream: MediaStream) => void;
      /** The `helper` channel opened: what the helper should know from the start can be sent now. */
      onOpen?: () => void;
    },
  ) {
    this.link = new InputLink({
      rtc,
      role: 'offer',
      sendSignal: options.sendSignal,
      onReport: options.onReport,
      extraChannels: [HELPER_CHANNEL],
      onVideo: options.onScreen,
      onChannel: (channel) => {
        if (channel.label !== HELPER_CHANNEL.label) return;
        channel.onopen = () => options.onOpen?.();
        channel.onmessage = ({ data }) => {
          const message = helperMessageSchema.safeParse(parseJson(data));
          if (message.success) options.onMessage(message.data);
          else console.warn('Lifeline: ignored a malformed helper message');
        };
      },
    });
  }

  get state(): Store<HelperLinkState> {
    return this.link.state;
  }

  get connectionId(): string {
    return this.link.connectionId;
  }

  handleSignal(signal: Signal): void {
    void this.link.handleSignal(signal);
  }

  sendInput(message: InputMessage): boolean {
    return this.link.sendInput(message);
  }

  send(message: HelperMessage): boolean {
    return this.link.send(HELPER_CHANNEL.label, message);
  }

  close(): void {
    this.link.close();
  }
}
