import type { FilesMessage } from '../../protocol/files';

/**
 * The part of RTCDataChannel file transfers use. A real channel fits as is; fake-channel.ts is the in-memory
 * stand-in for tests.
 */
export interface FileChannel {
  readonly readyState: RTCDataChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: BinaryType;
  send(data: string): void;
  send(data: ArrayBuffer): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: (event: Event) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: (event: Event) => void): void;
}

/** Thrown to unwind a send loop: the channel went away, or the transfer is no longer ours to send. */
export class Aborted extends Error {
  constructor(reason = 'aborted') {
    super(reason);
    this.name = 'Aborted';
  }
}

export interface FlowLimits {
  /** Never queue a chunk that would take bufferedAmount past this. */
  highWatermark: number;
  /** bufferedamountlow fires when the queue drains to this. */
  lowWatermark: number;
}

/**
 * Text messages (acks, offers) are queued without waiting; chunks leave them this much room under the high
 * watermark, so the queue stays under it whatever the mix.
 */
export const TEXT_HEADROOM = 16 * 1024;

/**
 * One attached channel. Sending is flow-controlled on bufferedAmount (high and low watermarks, as livekit's
 * FlowControlledDataChannel does): Chrome closes a channel whose send queue passes 16 MiB. Ending the link wakes
 * every waiter with Aborted, so a loop never sits on a channel that was replaced.
 */
export class ChannelLink {
  private readonly controller = new AbortController();

  constructor(
    readonly channel: FileChannel,
    private readonly limits: FlowLimits,
  ) {
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = limits.lowWatermark;
  }

  get ended(): boolean {
    return this.controller.signal.aborted;
  }

  get open(): boolean {
    return !this.ended && this.channel.readyState === 'open';
  }

  end(): void {
    this.controller.abort();
  }

  /** False when the message could not go (channel not open); the protocol repeats what matters on the next one. */
  sendText(message: FilesMessage): boolean {
    if (!this.open) return false;
    try {
      this.channel.send(JSON.stringify(message));
      return true;
    } catch (error) {
      console.warn('Lifeline: could not send on the files channel', error);
      return false;
    }
  }

  /** Waits until the frame fits under the high watermark, then queues it. Throws Aborted if the link ends. */
  async sendFrame(frame: ArrayBuffer): Promise<void> {
    const limit = this.limits.highWatermark - TEXT_HEADROOM;
    while (this.open && this.channel.bufferedAmount + frame.byteLength > limit) await this.drained();
    if (!this.open) throw new Aborted('channel closed');
    try {
      this.channel.send(frame);
    } catch (error) {
      this.end();
      throw new Aborted(`send failed: ${String(error)}`);
    }
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.controller.signal;
      const done = () => {
        this.channel.removeEventListener('bufferedamountlow', onLow);
        signal.removeEventListener('abort', onAbort);
      };
      const onLow = () => {
        done();
        resolve();
      };
      const onAbort = () => {
        done();
        reject(new Aborted('channel replaced'));
      };
      this.channel.addEventListener('bufferedamountlow', onLow);
      signal.addEventListener('abort', onAbort);
    });
  }
}
