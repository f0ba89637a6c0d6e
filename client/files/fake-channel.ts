import type { FileChannel } from './channel';

/** Chrome closes a data channel whose send queue would pass this. */
export const CHROME_SEND_QUEUE_LIMIT = 16 * 1024 * 1024;

export type FakeEnd = 'a' | 'b';
type Payload = string | ArrayBuffer;

export interface FakeChannelPairOptions {
  /** Bytes each end delivers per scheduler turn: the link's bandwidth. Default 1 MiB. */
  bytesPerTick?: number;
  /** Sees every message as it is queued (a copy: changing it changes nothing). */
  tap?: (data: Payload, from: FakeEnd) => void;
  /** May replace a message as it is queued, e.g. to flip a byte on the wire. */
  tamper?: (data: Payload, from: FakeEnd) => Payload;
}

/** setImmediate where there is one (Node), so deliveries interleave with I/O such as Blob reads. */
const later: (task: () => void) => void =
  typeof setImmediate === 'function' ? (task) => void setImmediate(task) : (task) => void setTimeout(task, 0);

/**
 * One end of an in-memory data channel: reliable and ordered, opens asynchronously, delivers asynchronously at a
 * set number of bytes per turn, counts queued bytes in bufferedAmount and fires 'bufferedamountlow' when it drains
 * to the threshold, throws when sending on a closed channel and closes (like Chrome) when the queue passes 16 MiB.
 */
export class FakeChannel extends EventTarget implements FileChannel {
  readyState: RTCDataChannelState = 'connecting';
  bufferedAmountLowThreshold = 0;
  binaryType: BinaryType = 'blob';
  /** The most bytes ever queued at once. */
  peakBufferedAmount = 0;
  /** Everything handed to send(), in bytes (text as UTF-8). */
  sentBytes = 0;

  private queue: { data: Payload; size: number }[] = [];
  private queued = 0;
  peer!: FakeChannel;

  constructor(
    readonly end: FakeEnd,
    private readonly pair: FakeChannelPair,
  ) {
    super();
  }

  get bufferedAmount(): number {
    return this.queued;
  }

  override addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  override addEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: (event: Event) => void): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void;
  override addEventListener(type: string, listener: ((event: never) => void) | EventListenerObject | null): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null);
  }

  override removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  override removeEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: (event: Event) => void): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void;
  override removeEventListener(type: string, listener: ((event: never) => void) | EventListenerObject | null): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null);
  }

  send(data: string): void;
  send(data: ArrayBuffer): void;
  send(data: Payload): void {
    if (this.readyState !== 'open') throw new DOMException(`the channel is ${this.readyState}`, 'InvalidStateError');
    let copy: Payload = typeof data === 'string' ? data : data.slice(0);
    const size = typeof copy === 'string' ? new TextEncoder().encode(copy).byteLength : copy.byteLength;
    if (this.queued + size > CHROME_SEND_QUEUE_LIMIT) {
      this.pair.cut();
      throw new DOMException('send queue is full', 'OperationError');
    }
    this.pair.options.tap?.(typeof copy === 'string' ? copy : copy.slice(0), this.end);
    if (this.pair.options.tamper) copy = this.pair.options.tamper(copy, this.end);
    this.queue.push({ data: copy, size });
    this.queued += size;
    this.sentBytes += size;
    this.peakBufferedAmount = Math.max(this.peakBufferedAmount, this.queued);
    this.pair.schedule();
  }

  /** Delivers up to `budget` bytes to the peer; true if anything is left. */
  deliver(budget: number): boolean {
    const before = this.queued;
    let spent = 0;
    while (this.queue.length > 0 && (spent === 0 || spent + this.queue[0]!.size <= budget)) {
      if (this.readyState !== 'open') return false;
      const { data, size } = this.queue.shift()!;
      this.queued -= size;
      spent += size;
      const delivered = typeof data === 'string' || this.peer.binaryType === 'arraybuffer' ? data : new Blob([data]);
      this.peer.dispatchEvent(new MessageEvent('message', { data: delivered }));
    }
    if (before > this.bufferedAmountLowThreshold && this.queued <= this.bufferedAmountLowThreshold && this.readyState === 'open') {
      this.dispatchEvent(new Event('bufferedamountlow'));
    }
    return this.queue.length > 0;
  }

  /** The network went away: nothing queued arrives, both ends close. */
  drop(): void {
    this.queue = [];
    this.queued = 0;
    this.readyState = 'closed';
  }

  open(): void {
    this.readyState = 'open';
    this.dispatchEvent(new Event('open'));
  }
}

/** Two connected FakeChannels, `a` and `b`. */
export class FakeChannelPair {
  readonly a: FakeChannel;
  readonly b: FakeChannel;
  private scheduled = false;
  private isCut = false;

  constructor(readonly options: FakeChannelPairOptions = {}) {
    this.a = new FakeChannel('a', this);
    this.b = new FakeChannel('b', this);
    this.a.peer = this.b;
    this.b.peer = this.a;
    later(() => {
      if (this.isCut) return;
      this.a.open();
      this.b.open();
    });
  }

  get cutOff(): boolean {
    return this.isCut;
  }

  /** A network drop: in-flight messages are lost, both ends close now and fire 'close' a moment later. */
  cut(): void {
    if (this.isCut) return;
    this.isCut = true;
    const wasOpen = [this.a, this.b].filter((end) => end.readyState !== 'closed');
    this.a.drop();
    this.b.drop();
    later(() => {
      for (const end of wasOpen) end.dispatchEvent(new Event('close'));
    });
  }

  /** @internal */
  schedule(): void {
    if (this.scheduled || this.isCut) return;
    this.scheduled = true;
    later(() => this.tick());
  }

  private tick(): void {
    this.scheduled = false;
    if (this.isCut) return;
    const budget = this.options.bytesPerTick ?? 1024 * 1024;
    // Both directions share the turn, as the two halves of one SCTP association would.
    const moreA = this.a.deliver(budget);
    const moreB = this.b.deliver(budget);
    if (moreA || moreB) this.schedule();
  }
}

export function createFakeChannelPair(options?: FakeChannelPairOptions): FakeChannelPair {
  return new FakeChannelPair(options);
}
