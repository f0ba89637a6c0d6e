import {
  CHUNK_HEADER_BYTES,
  CHUNK_PAYLOAD_MAX,
  type ChunkFrame,
  encodeChunkFrame,
  FILE_NOTE_MAX,
  FileErrorCode,
  type FilesMessage,
  mimeSchema,
  parseChunkFrame,
  parseFilesMessage,
  safeFileName,
  TRANSFER_NUMBER_MAX,
} from '../../protocol/files';
import { Store } from '../store';
import { Aborted, ChannelLink, type FileChannel, TEXT_HEADROOM } from './channel';
import { SafeEmitter } from './emitter';
import { StreamHashes } from './hashing';
import { randomFileId } from './ids';
import { IncomingFile } from './incoming';
import { OutgoingFile } from './outgoing';
import { RateMeter } from './rate-meter';
import type {
  FileRequest,
  FileTransferEvents,
  FileTransfersOptions,
  FileTransfersState,
  Transfer,
  TransferError,
  TransferState,
} from './types';

export type { FileChannel } from './channel';
export { FileErrorCode } from '../../protocol/files';
export type {
  FileRequest,
  FileTransferEvents,
  FileTransfersOptions,
  FileTransfersState,
  Transfer,
  TransferCompletion,
  TransferDirection,
  TransferError,
  TransferState,
} from './types';

const KiB = 1024;
const MiB = 1024 * KiB;

interface Common {
  id: string;
  name: string;
  size: number;
  mime: string;
  requestId: string | null;
  state: TransferState;
  bytes: number;
  sha256: string | null;
  md5: string | null;
  peerSha256: string | null;
  peerMd5: string | null;
  error?: TransferError;
  meter: RateMeter;
  publishedAt: number;
}

interface Outgoing extends Common {
  direction: 'outgoing';
  n: number;
  file: OutgoingFile;
  /** The receiver told us where to start (accept/resume) and the bytes or the `done` have not all gone yet. */
  ready: boolean;
  from: number;
}

interface Incoming extends Common {
  direction: 'incoming';
  n: number;
  /** Null until accept() has its hashers. */
  data: IncomingFile | null;
  lastAck: number;
  blob: Blob | null;
  /** What to say again if the sender offers this settled transfer again on a new channel. */
  settledReply: FilesMessage | null;
}

type Entry = Outgoing | Incoming;

const FINAL: ReadonlySet<TransferState> = new Set(['done', 'failed', 'declined']);

const messages: { [C in FileErrorCode]: string } = {
  too_large: 'The file is larger than the receiver accepts.',
  too_many: 'The receiver has too many files waiting.',
  hash_mismatch: 'The file arrived damaged: its hashes differ from the sender’s.',
  cancelled: 'The transfer was cancelled.',
  read_failed: 'The sender could not read the file.',
  protocol: 'The other side broke the file transfer protocol.',
  not_allowed: 'The technician’s group does not allow files in this direction.',
};

function failure(code: FileErrorCode, detail?: string): TransferError {
  return { code, message: detail ? `${messages[code]} ${detail}` : messages[code] };
}

/**
 * File transfer over the `files` data channel, both directions at once, one file sending at a time per direction.
 * Knows nothing of React or RTCPeerConnection: attach() a channel, detach() it, attach() the next one after a drop
 * and unfinished transfers resume from what the receiver kept.
 */
export class FileTransfers {
  readonly state = new Store<FileTransfersState>({ connected: false, transfers: [], requests: [] });

  private readonly events = new SafeEmitter<FileTransferEvents>();
  private readonly records = new Map<string, Entry>();
  private readonly incomingByN = new Map<number, Incoming>();
  private readonly requests = new Map<string, FileRequest>();
  private link: ChannelLink | null = null;
  private unlisten: (() => void) | null = null;
  private pumping = false;
  private nextN = 1;
  private readonly options: Required<Omit<FileTransfersOptions, 'autoAccept'>> & Pick<FileTransfersOptions, 'autoAccept'>;

  constructor(options: FileTransfersOptions = {}) {
    this.options = {
      maxSize: 2 * 1024 * MiB,
      highWatermark: 8 * MiB,
      lowWatermark: 1 * MiB,
      chunkSize: 64 * KiB - CHUNK_HEADER_BYTES,
      readSize: 1 * MiB,
      ackEvery: 256 * KiB,
      progressIntervalMs: 200,
      maxOpen: 100,
      maxSettledIncoming: 200,
      allows: () => ({ send: true, receive: true }),
      now: () => performance.now(),
      ...(Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as FileTransfersOptions),
    };
    const { highWatermark, lowWatermark, chunkSize, readSize } = this.options;
    if (!(chunkSize >= 1 && chunkSize <= CHUNK_PAYLOAD_MAX)) throw new RangeError(`chunkSize must be 1 to ${CHUNK_PAYLOAD_MAX} bytes`);
    if (readSize < chunkSize) throw new RangeError('readSize must be at least chunkSize');
    // Waiting for 'bufferedamountlow' only works if the queue we wait on is above the low watermark.
    if (highWatermark - TEXT_HEADROOM < lowWatermark + chunkSize + CHUNK_HEADER_BYTES) throw new RangeError('highWatermark too close to lowWatermark');
    if (highWatermark > 16 * MiB) throw new RangeError('highWatermark above 16 MiB: Chrome would close the channel');
  }

  // ---------------------------------------------------------------- channel

  /** Takes this channel for all transfers (replacing any previous one). Works whether it is open yet or not. */
  attach(channel: FileChannel): void {
    this.detach();
    const link = new ChannelLink(channel, this.options);
    const onMessage = (event: MessageEvent) => this.onMessage(link, event.data);
    const onOpen = () => this.onOpen(link);
    const onClose = () => {
      if (link === this.link) this.onLost(link);
    };
    channel.addEventListener('message', onMessage);
    channel.addEventListener('open', onOpen);
    channel.addEventListener('close', onClose);
    this.unlisten = () => {
      channel.removeEventListener('message', onMessage);
      channel.removeEventListener('open', onOpen);
      channel.removeEventListener('close', onClose);
    };
    this.link = link;
    if (channel.readyState === 'open') this.onOpen(link);
  }

  /** Lets go of the channel (it is not closed: its owner does that). Transfers pause until the next attach(). */
  detach(): void {
    const link = this.link;
    if (!link) return;
    this.unlisten?.();
    this.unlisten = null;
    this.link = null;
    this.onLost(link);
  }

  dispose(): void {
    this.detach();
    for (const record of this.records.values()) if (record.direction === 'incoming') record.data?.discard();
    this.records.clear();
    this.incomingByN.clear();
    this.requests.clear();
    this.events.clear();
    this.publish();
  }

  on<K extends keyof FileTransferEvents>(event: K, listener: (payload: FileTransferEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  // ---------------------------------------------------------------- actions

  /** Offers a file to the other side; returns the transfer id. Bytes go once the other side accepts. */
  offer(file: Blob, name: string, options: { requestId?: string } = {}): string {
    const request = options.requestId ? this.requests.get(options.requestId) : undefined;
    const answers = request?.direction === 'incoming' && request.state === 'open' ? request : undefined;
    const mime = mimeSchema.safeParse(file.type).success ? file.type : '';
    const record: Outgoing = {
      ...this.common(randomFileId(), safeFileName(name), file.size, mime, answers?.id ?? null),
      direction: 'outgoing',
      state: 'offered',
      n: this.takeN(),
      file: new OutgoingFile(file, this.options.readSize),
      ready: false,
      from: 0,
    };
    this.records.set(record.id, record);
    // Not offered at all: the list shows why.
    if (!this.options.allows().send) {
      this.settle(record, 'failed', failure(FileErrorCode.notAllowed));
      return record.id;
    }
    if (answers) answers.state = 'answered';
    this.link?.sendText(this.offerMessage(record));
    this.publish();
    return record.id;
  }

  /** Accepts an incoming offer. False if there is no such undecided offer. */
  async accept(id: string): Promise<boolean> {
    const record = this.records.get(id);
    if (record?.direction !== 'incoming' || record.state !== 'offered') return false;
    record.state = 'receiving';
    record.meter.reset(this.options.now(), 0);
    this.publish();
    let hashes: StreamHashes;
    try {
      hashes = await StreamHashes.create();
    } catch (error) {
      // WebAssembly refused (a Content-Security-Policy without 'wasm-unsafe-eval'): nothing can be verified.
      console.error('Lifeline: could not start hashing', error);
      record.settledReply = { type: 'cancel', id, reason: FileErrorCode.cancelled };
      this.link?.sendText(record.settledReply);
      this.settle(record, 'failed', failure(FileErrorCode.cancelled, 'This browser could not hash the file.'));
      return false;
    }
    if (record.state !== 'receiving' || this.records.get(id) !== record) return false;
    record.data = new IncomingFile(record.size, hashes);
    this.link?.sendText({ type: 'accept', id, offset: 0 });
    return true;
  }

  /** Declines an incoming offer. */
  decline(id: string): boolean {
    const record = this.records.get(id);
    if (record?.direction !== 'incoming' || record.state !== 'offered') return false;
    record.settledReply = { type: 'decline', id };
    this.link?.sendText(record.settledReply);
    this.settle(record, 'declined');
    return true;
  }

  /** Stops a transfer in either direction; both sides end in 'failed' with 'cancelled'. */
  cancel(id: string): boolean {
    const record = this.records.get(id);
    if (!record || FINAL.has(record.state)) return false;
    const message: FilesMessage = { type: 'cancel', id, reason: FileErrorCode.cancelled };
    if (record.direction === 'incoming') record.settledReply = message;
    this.link?.sendText(message);
    this.settle(record, 'failed', failure(FileErrorCode.cancelled));
    return true;
  }

  /** Asks the other side for a file; returns the request id. */
  request(note?: string): string {
    const allowed = this.options.allows().receive;
    const request: FileRequest = { id: randomFileId(), direction: 'outgoing', note: note ? note.slice(0, FILE_NOTE_MAX) : null, state: allowed ? 'open' : 'declined' };
    this.requests.set(request.id, request);
    if (allowed) this.link?.sendText(this.requestMessage(request));
    this.publish();
    return request.id;
  }

  /** Says no to a request from the other side. */
  declineRequest(id: string): boolean {
    const request = this.requests.get(id);
    if (request?.direction !== 'incoming' || request.state !== 'open') return false;
    request.state = 'declined';
    this.link?.sendText({ type: 'decline', id });
    this.publish();
    return true;
  }

  /**
   * The allowed directions changed (the session changed hands, or a group's rights): what runs or waits in a
   * direction no longer allowed stops now, and the other side hears why.
   */
  enforce(): void {
    const { send, receive } = this.options.allows();
    for (const record of this.records.values()) {
      if (FINAL.has(record.state) || (record.direction === 'outgoing' ? send : receive)) continue;
      const message: FilesMessage = { type: 'cancel', id: record.id, reason: FileErrorCode.notAllowed };
      if (record.direction === 'incoming') record.settledReply = message;
      this.link?.sendText(message);
      this.settle(record, 'failed', failure(FileErrorCode.notAllowed));
    }
    for (const request of this.requests.values()) {
      if (request.state !== 'open' || (request.direction === 'incoming' ? send : receive)) continue;
      request.state = 'declined';
      if (request.direction === 'incoming') this.link?.sendText({ type: 'decline', id: request.id });
    }
    this.publish();
  }

  /** The file of a finished incoming transfer whose hashes matched; null otherwise. */
  received(id: string): Blob | null {
    const record = this.records.get(id);
    return record?.direction === 'incoming' && record.state === 'done' ? record.blob : null;
  }

  /** Forgets a finished transfer (and frees its bytes). */
  dismiss(id: string): boolean {
    const record = this.records.get(id);
    if (!record || !FINAL.has(record.state)) return false;
    this.forget(record);
    this.publish();
    return true;
  }

  private forget(record: Entry): void {
    this.records.delete(record.id);
    if (record.direction === 'incoming') {
      record.data?.discard();
      record.blob = null;
      if (this.incomingByN.get(record.n) === record) this.incomingByN.delete(record.n);
    }
  }

  /**
   * Keeps at most `maxSettledIncoming` failed or declined incoming transfers, forgetting the oldest first. Without
   * it a peer offering file after file too large (or cancelling each) grew the list, and the work every message
   * does over it, without end: 10,000 such offers took the page over 5 s (found by client/data-channels.fuzz.test.ts).
   * Received files are never forgotten this way: each took the customer's accept.
   */
  private forgetOldSettled(): void {
    let settled = 0;
    for (const record of this.records.values()) if (record.direction === 'incoming' && (record.state === 'failed' || record.state === 'declined')) settled++;
    for (const record of this.records.values()) {
      if (settled <= this.options.maxSettledIncoming) return;
      if (record.direction !== 'incoming' || (record.state !== 'failed' && record.state !== 'declined')) continue;
      this.forget(record);
      settled--;
    }
  }

  // ---------------------------------------------------------------- channel events

  private onOpen(link: ChannelLink): void {
    if (link !== this.link || !link.open) return;
    // The other side may have missed anything said on the last channel: offer again every unfinished file
    // (the receiver answers with where it stands) and ask again every open request.
    for (const request of this.requests.values()) {
      if (request.direction === 'outgoing' && request.state === 'open') link.sendText(this.requestMessage(request));
    }
    for (const record of this.records.values()) {
      if (record.direction === 'outgoing' && (record.state === 'offered' || record.state === 'sending')) link.sendText(this.offerMessage(record));
    }
    this.publish();
  }

  private onLost(link: ChannelLink): void {
    link.end();
    const now = this.options.now();
    for (const record of this.records.values()) {
      record.meter.reset(now, record.bytes);
      // Nothing is sent until the receiver says, on the next channel, where it stands.
      if (record.direction === 'outgoing') record.ready = false;
    }
    this.publish();
  }

  private onMessage(link: ChannelLink, data: unknown): void {
    if (link !== this.link) return;
    if (typeof data === 'string') {
      const parsed = parseFilesMessage(data);
      if (!parsed.ok) return warn('a malformed files message', parsed.reason);
      this.onText(parsed.value);
    } else {
      const parsed = parseChunkFrame(data);
      if (!parsed.ok) return warn('a malformed chunk frame', parsed.reason);
      this.onFrame(parsed.value);
    }
  }

  private onText(message: FilesMessage): void {
    switch (message.type) {
      case 'offer':
        return this.onOffer(message);
      case 'accept':
      case 'resume':
        return this.onStartFrom(message.id, message.offset);
      case 'decline':
        return this.onDecline(message.id);
      case 'request':
        return this.onRequest(message);
      case 'ack':
        return this.onAck(message.id, message.offset);
      case 'done':
        return this.onDone(message);
      case 'verdict':
        return this.onVerdict(message);
      case 'cancel':
        return this.onCancel(message);
    }
  }

  // ---------------------------------------------------------------- receiving

  private onOffer(message: Extract<FilesMessage, { type: 'offer' }>): void {
    const known = this.records.get(message.id);
    if (known) {
      if (known.direction !== 'incoming' || known.size !== message.size) return warn('an offer that reuses an id', message.id);
      this.bindN(known, message.n);
      // A repeat on a new channel: tell the sender where we stand.
      if (known.state === 'receiving' && known.data) this.link?.sendText({ type: 'resume', id: known.id, offset: known.data.processed });
      else if (known.settledReply) this.link?.sendText(known.settledReply);
      return;
    }
    if (!this.options.allows().receive) {
      warn('an offer in a direction not allowed', message.id);
      this.link?.sendText({ type: 'cancel', id: message.id, reason: FileErrorCode.notAllowed });
      return;
    }
    const open = [...this.records.values()].filter((r) => r.direction === 'incoming' && (r.state === 'offered' || r.state === 'receiving'));
    if (open.length >= this.options.maxOpen) {
      warn('an offer beyond the open limit', message.id);
      this.link?.sendText({ type: 'cancel', id: message.id, reason: FileErrorCode.tooMany });
      return;
    }
    const request = message.requestId ? this.requests.get(message.requestId) : undefined;
    const answers = request?.direction === 'outgoing' ? request : undefined;
    const record: Incoming = {
      ...this.common(message.id, message.name, message.size, message.mime, answers?.id ?? null),
      direction: 'incoming',
      state: 'offered',
      n: message.n,
      data: null,
      lastAck: 0,
      blob: null,
      settledReply: null,
    };
    this.records.set(record.id, record);
    this.bindN(record, message.n);
    if (answers?.state === 'open') answers.state = 'answered';
    if (message.size > this.options.maxSize) {
      const { maxSize } = this.options;
      record.settledReply = { type: 'cancel', id: record.id, reason: FileErrorCode.tooLarge, maxSize };
      this.link?.sendText(record.settledReply);
      this.settle(record, 'failed', failure(FileErrorCode.tooLarge, `Limit: ${maxSize} bytes; offered: ${message.size} bytes.`));
      this.events.emit('offer', this.view(record));
      return;
    }
    this.publish();
    const view = this.view(record);
    this.events.emit('offer', view);
    let auto = false;
    try {
      auto = this.options.autoAccept?.(view) ?? false;
    } catch (error) {
      console.error('Lifeline: autoAccept failed', error);
    }
    if (auto) void this.accept(record.id);
  }

  /** Chunk frames name their transfer by number; a sender that restarted may reuse one. */
  private bindN(record: Incoming, n: number): void {
    const previous = this.incomingByN.get(n);
    if (previous && previous !== record && !FINAL.has(previous.state)) {
      this.settle(previous, 'failed', failure(FileErrorCode.protocol, 'The sender started over.'));
    }
    if (this.incomingByN.get(record.n) === record) this.incomingByN.delete(record.n);
    record.n = n;
    this.incomingByN.set(n, record);
  }

  private onRequest(message: Extract<FilesMessage, { type: 'request' }>): void {
    if (this.requests.has(message.id)) return; // asked again on a new channel
    if (!this.options.allows().send) {
      warn('a request in a direction not allowed', message.id);
      this.link?.sendText({ type: 'decline', id: message.id });
      return;
    }
    const open = [...this.requests.values()].filter((r) => r.direction === 'incoming' && r.state === 'open');
    if (open.length >= this.options.maxOpen) return warn('a request beyond the open limit', message.id);
    const request: FileRequest = { id: message.id, direction: 'incoming', note: message.note ?? null, state: 'open' };
    this.requests.set(request.id, request);
    this.publish();
    this.events.emit('request', { ...request });
  }

  private onFrame(frame: ChunkFrame): void {
    const record = this.incomingByN.get(frame.n);
    // Chunks already on the wire when a transfer was cancelled or refused keep coming for a moment: drop quietly.
    if (record && FINAL.has(record.state)) return;
    const data = record?.state === 'receiving' ? record.data : null;
    if (!record || !data) return warn('a chunk for no running transfer', `#${frame.n}`);
    if (frame.offset !== data.processed || frame.offset + frame.bytes.byteLength > record.size) {
      const detail = `Chunk at ${frame.offset} (+${frame.bytes.byteLength}), expected ${data.processed} of ${record.size}.`;
      record.settledReply = { type: 'cancel', id: record.id, reason: FileErrorCode.protocol };
      this.link?.sendText(record.settledReply);
      this.settle(record, 'failed', failure(FileErrorCode.protocol, detail));
      return;
    }
    data.append(frame.bytes);
    record.bytes = data.processed;
    const now = this.options.now();
    record.meter.add(now, record.bytes);
    if (record.bytes - record.lastAck >= this.options.ackEvery || record.bytes === record.size) {
      record.lastAck = record.bytes;
      this.link?.sendText({ type: 'ack', id: record.id, offset: record.bytes });
    }
    this.progress(record, now);
  }

  private onDone(message: Extract<FilesMessage, { type: 'done' }>): void {
    const record = this.records.get(message.id);
    if (record?.direction !== 'incoming' || record.state !== 'receiving' || !record.data) return warn('a done for no running transfer', message.id);
    const data = record.data;
    if (data.processed !== record.size) {
      record.settledReply = { type: 'cancel', id: record.id, reason: FileErrorCode.protocol };
      this.link?.sendText(record.settledReply);
      this.settle(record, 'failed', failure(FileErrorCode.protocol, `Done after ${data.processed} of ${record.size} bytes.`));
      return;
    }
    const mine = data.digest();
    const ok = mine.sha256 === message.sha256 && mine.md5 === message.md5;
    Object.assign(record, { sha256: mine.sha256, md5: mine.md5, peerSha256: message.sha256, peerMd5: message.md5 });
    record.settledReply = { type: 'verdict', id: record.id, ok, ...mine };
    this.link?.sendText(record.settledReply);
    if (ok) {
      record.blob = data.blob(record.mime);
      this.settle(record, 'done');
    } else {
      this.settle(record, 'failed', failure(FileErrorCode.hashMismatch));
    }
  }

  // ---------------------------------------------------------------- sending

  private onStartFrom(id: string, offset: number): void {
    const record = this.records.get(id);
    const waiting = record?.direction === 'outgoing' && (record.state === 'offered' || (record.state === 'sending' && !record.ready));
    if (!waiting) return warn('an accept or resume for no waiting transfer', id);
    if (offset > record.size) {
      this.link?.sendText({ type: 'cancel', id, reason: FileErrorCode.protocol });
      this.settle(record, 'failed', failure(FileErrorCode.protocol, `Resume at ${offset} of ${record.size} bytes.`));
      return;
    }
    record.state = 'sending';
    record.ready = true;
    record.from = offset;
    record.bytes = offset;
    record.meter.reset(this.options.now(), offset);
    this.publish();
    void this.pump();
  }

  private onAck(id: string, offset: number): void {
    const record = this.records.get(id);
    if (record?.direction !== 'outgoing' || record.state !== 'sending' || offset > record.size) return warn('an ack for no running transfer', id);
    if (offset <= record.bytes) return;
    record.bytes = offset;
    record.file.acknowledge(offset);
    const now = this.options.now();
    record.meter.add(now, offset);
    this.progress(record, now);
  }

  private onVerdict(message: Extract<FilesMessage, { type: 'verdict' }>): void {
    const record = this.records.get(message.id);
    if (record?.direction !== 'outgoing' || record.state !== 'sending' || record.sha256 === null) return warn('a verdict for no finished transfer', message.id);
    record.peerSha256 = message.sha256;
    record.peerMd5 = message.md5;
    const ok = message.ok && message.sha256 === record.sha256 && message.md5 === record.md5;
    if (ok) {
      record.bytes = record.size;
      this.settle(record, 'done');
    } else {
      this.settle(record, 'failed', failure(FileErrorCode.hashMismatch));
    }
  }

  private onDecline(id: string): void {
    const request = this.requests.get(id);
    if (request?.direction === 'outgoing' && request.state === 'open') {
      request.state = 'declined';
      this.publish();
      return;
    }
    const record = this.records.get(id);
    if (record?.direction !== 'outgoing' || record.state !== 'offered') return warn('a decline for no offer', id);
    this.settle(record, 'declined');
  }

  private onCancel(message: Extract<FilesMessage, { type: 'cancel' }>): void {
    const record = this.records.get(message.id);
    if (!record || FINAL.has(record.state)) return warn('a cancel for no running transfer', message.id);
    const detail = message.reason === FileErrorCode.tooLarge && message.maxSize !== undefined ? `Limit: ${message.maxSize} bytes.` : undefined;
    this.settle(record, 'failed', failure(message.reason, detail));
  }

  /** Sends accepted files one at a time, in the order they were offered. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const link = this.link;
        if (!link?.open) return;
        const next = [...this.records.values()].find((r): r is Outgoing => r.direction === 'outgoing' && r.state === 'sending' && r.ready);
        if (!next) return;
        try {
          await this.send(next, link);
        } catch (error) {
          if (error instanceof Aborted) {
            // A send that failed on a channel still called open: treat it as the drop it is.
            if (link.ended && link === this.link) this.onLost(link);
            continue;
          }
          console.warn('Lifeline: could not read a file to send', error);
          if (FINAL.has(next.state)) continue;
          this.link?.sendText({ type: 'cancel', id: next.id, reason: FileErrorCode.readFailed });
          this.settle(next, 'failed', failure(FileErrorCode.readFailed, String(error)));
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async send(record: Outgoing, link: ChannelLink): Promise<void> {
    const { chunkSize, readSize } = this.options;
    const from = record.from;
    const check = () => {
      if (link !== this.link || !link.open || record.state !== 'sending' || !record.ready || record.from !== from) throw new Aborted();
    };
    await record.file.restore(from);
    check();
    // The next slice is read while this one is sent: a read takes tens of milliseconds, long enough for the
    // channel's queue to run dry if it waited.
    const readAt = (at: number) => (at < record.size ? record.file.read(at, Math.min(record.size, at + readSize)) : null);
    let ahead = readAt(from);
    try {
      for (let offset = from; offset < record.size; ) {
        const block = await ahead!;
        ahead = readAt(offset + block.byteLength);
        check();
        if (block.byteLength === 0) throw new Error('the file ended early');
        for (let at = 0; at < block.byteLength; at += chunkSize) {
          const bytes = block.subarray(at, at + chunkSize);
          await link.sendFrame(encodeChunkFrame(record.n, offset, bytes));
          if (record.state !== 'sending') throw new Aborted();
          // Hashed once it left, and the state saved at its end: a resume may start there.
          record.file.hash(bytes, offset + bytes.byteLength);
          offset += bytes.byteLength;
          check();
        }
      }
    } finally {
      // A read started for a slice we will not send (dropped, cancelled) must not fail unobserved.
      ahead?.catch(() => undefined);
    }
    const hashes = record.file.digest();
    record.sha256 = hashes.sha256;
    record.md5 = hashes.md5;
    record.ready = false;
    link.sendText({ type: 'done', id: record.id, ...hashes });
    this.publish();
  }

  // ---------------------------------------------------------------- state

  private common(id: string, name: string, size: number, mime: string, requestId: string | null) {
    return {
      id,
      name,
      size,
      mime,
      requestId,
      bytes: 0,
      sha256: null,
      md5: null,
      peerSha256: null,
      peerMd5: null,
      meter: new RateMeter(),
      publishedAt: 0,
    };
  }

  private takeN(): number {
    const n = this.nextN;
    this.nextN = n >= TRANSFER_NUMBER_MAX ? 1 : n + 1;
    return n;
  }

  private offerMessage(record: Outgoing): FilesMessage {
    const { id, n, name, size, mime, requestId } = record;
    return { type: 'offer', id, n, name, size, mime, ...(requestId ? { requestId } : {}) };
  }

  private requestMessage(request: FileRequest): FilesMessage {
    return { type: 'request', id: request.id, ...(request.note ? { note: request.note } : {}) };
  }

  private settle(record: Entry, state: 'done' | 'failed' | 'declined', error?: TransferError): void {
    record.state = state;
    if (error) record.error = error;
    // Let go of the hashers (each a WebAssembly instance) and of bytes that are not a good file.
    if (record.direction === 'outgoing') {
      record.ready = false;
      record.file.release();
    } else {
      if (state !== 'done') record.data?.discard();
      record.data = null;
      this.forgetOldSettled();
    }
    this.publish();
    this.events.emit('complete', {
      id: record.id,
      direction: record.direction,
      name: record.name,
      size: record.size,
      mime: record.mime,
      requestId: record.requestId,
      state,
      ok: state === 'done',
      sha256: record.sha256,
      md5: record.md5,
      peerSha256: record.peerSha256,
      peerMd5: record.peerMd5,
      ...(error ? { error } : {}),
    });
  }

  /** Progress reaches the store at most every progressIntervalMs per transfer; the last byte always does. */
  private progress(record: Entry, now: number): void {
    if (record.bytes === record.size || now - record.publishedAt >= this.options.progressIntervalMs) this.publish();
  }

  private publish(): void {
    const now = this.options.now();
    const transfers = [...this.records.values()].map((record) => {
      record.publishedAt = now;
      return this.view(record, now);
    });
    const requests = [...this.requests.values()].map((request) => ({ ...request }));
    this.state.update({ connected: this.link?.open ?? false, transfers, requests });
  }

  private view(record: Entry, now = this.options.now()): Transfer {
    const moving = (record.state === 'sending' || record.state === 'receiving') && (this.link?.open ?? false);
    const bytesPerSecond = moving ? Math.round(record.meter.rate(now)) : 0;
    const left = record.size - record.bytes;
    return {
      id: record.id,
      direction: record.direction,
      name: record.name,
      size: record.size,
      mime: record.mime,
      requestId: record.requestId,
      state: record.state,
      bytes: record.bytes,
      bytesPerSecond,
      secondsLeft: record.state === 'done' ? 0 : bytesPerSecond > 0 ? left / bytesPerSecond : null,
      paused: (record.state === 'sending' || record.state === 'receiving') && !(this.link?.open ?? false),
      sha256: record.sha256,
      md5: record.md5,
      ...(record.error ? { error: record.error } : {}),
    };
  }
}

function warn(what: string, detail: string): void {
  console.warn(`Lifeline: ignored ${what}`, detail);
}
