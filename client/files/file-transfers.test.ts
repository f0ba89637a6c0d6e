import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  CHUNK_HEADER_BYTES,
  encodeChunkFrame,
  type FilesMessage,
  filesMessageSchema,
  parseChunkFrame,
  parseFilesMessage,
  safeFileName,
} from '../../protocol/files';
import type { Store } from '../store';
import { createFakeChannelPair, type FakeChannel, type FakeChannelPair, type FakeChannelPairOptions } from './fake-channel';
import {
  type FileChannel,
  type FileTransferEvents,
  FileTransfers,
  type FileTransfersOptions,
  type FileTransfersState,
  type Transfer,
  type TransferCompletion,
} from './file-transfers';

const KiB = 1024;
const MiB = 1024 * KiB;


function randomFile(size: number, type = 'application/octet-stream') {
  const bytes = randomBytes(size);
  return { bytes, blob: new Blob([bytes], { type }) };
}

function nodeHashes(bytes: Uint8Array) {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') };
}

async function bytesOf(blob: Blob | null): Promise<Buffer> {
  expect(blob).not.toBeNull();
  return Buffer.from(await blob!.arrayBuffer());
}

const alive: FileTransfers[] = [];
afterEach(() => {
  for (const side of alive.splice(0)) side.dispose();
  vi.restoreAllMocks();
});

function connect(
  pairOptions: FakeChannelPairOptions = {},
  techOptions: FileTransfersOptions = {},
  customerOptions: FileTransfersOptions = {},
): { pair: FakeChannelPair; tech: FileTransfers; customer: FileTransfers } {
  const pair = createFakeChannelPair(pairOptions);
  const tech = new FileTransfers({ progressIntervalMs: 0, ...techOptions });
  const customer = new FileTransfers({ progressIntervalMs: 0, ...customerOptions });
  alive.push(tech, customer);
  tech.attach(pair.a);
  customer.attach(pair.b);
  return { pair, tech, customer };
}

function next<K extends keyof FileTransferEvents>(side: FileTransfers, event: K, match: (payload: FileTransferEvents[K]) => boolean = () => true) {
  return new Promise<FileTransferEvents[K]>((resolve) => {
    const off = side.on(event, (payload) => {
      if (!match(payload)) return;
      off();
      resolve(payload);
    });
  });
}

const completion = (side: FileTransfers, id: string) => next(side, 'complete', (c) => c.id === id);

function until(store: Store<FileTransfersState>, predicate: (state: FileTransfersState) => boolean): Promise<FileTransfersState> {
  return new Promise((resolve) => {
    const check = () => {
      const state = store.get();
      if (!predicate(state)) return;
      off();
      resolve(state);
    };
    const off = store.subscribe(check);
    check();
  });
}

const find = (side: FileTransfers, id: string): Transfer | undefined => side.state.get().transfers.find((t) => t.id === id);

/** Payload bytes of chunk frames, by sending end, as the fake channel saw them queued. */
function frameLog() {
  const frames: { from: 'a' | 'b'; n: number; offset: number; length: number }[] = [];
  const tap: FakeChannelPairOptions['tap'] = (data, from) => {
    if (typeof data === 'string') return;
    const frame = parseChunkFrame(data);
    if (frame.ok) frames.push({ from, n: frame.value.n, offset: frame.value.offset, length: frame.value.bytes.byteLength });
  };
  const bytesFrom = (from: 'a' | 'b') => frames.filter((f) => f.from === from).reduce((sum, f) => sum + f.length, 0);
  return { frames, tap, bytesFrom };
}

describe('file transfers over the files channel', () => {
  it('sends a file each way at once, with equal SHA-256 and MD5 on both sides and equal to node:crypto', { timeout: 60_000 }, async () => {
    const log = frameLog();
    const { tech, customer } = connect({ tap: log.tap });
    const toCustomer = randomFile(12 * MiB + 12_345);
    const toTech = randomFile(7 * MiB + 777, 'image/png');

    const customerSees = next(customer, 'offer');
    const techSees = next(tech, 'offer');
    const down = tech.offer(toCustomer.blob, 'logs.zip');
    const up = customer.offer(toTech.blob, 'screenshot.png');
    expect((await customerSees).id).toBe(down);
    expect((await techSees)).toMatchObject({ id: up, name: 'screenshot.png', size: toTech.bytes.byteLength, mime: 'image/png', state: 'offered' });

    const results = Promise.all([completion(tech, down), completion(customer, down), completion(tech, up), completion(customer, up)]);
    await Promise.all([customer.accept(down), tech.accept(up)]);
    const [downSent, downReceived, upReceived, upSent] = await results;

    for (const [sent, received, bytes] of [
      [downSent, downReceived, toCustomer.bytes],
      [upSent, upReceived, toTech.bytes],
    ] as const) {
      const expected = nodeHashes(bytes);
      expect(sent).toMatchObject({ direction: 'outgoing', state: 'done', ok: true, ...expected, peerSha256: expected.sha256, peerMd5: expected.md5 });
      expect(received).toMatchObject({ direction: 'incoming', state: 'done', ok: true, ...expected, peerSha256: expected.sha256, peerMd5: expected.md5 });
    }
    expect((await bytesOf(customer.received(down))).equals(toCustomer.bytes)).toBe(true);
    expect((await bytesOf(tech.received(up))).equals(toTech.bytes)).toBe(true);
    expect(customer.received(down)!.type).toBe('application/octet-stream');
    expect(tech.received(down)).toBeNull(); // only the receiving side has a received file

    // Both directions were on the wire at the same time, not one after the other.
    const fromA = log.frames.map((f, i) => (f.from === 'a' ? i : -1)).filter((i) => i >= 0);
    const firstB = log.frames.findIndex((f) => f.from === 'b');
    expect(firstB).toBeGreaterThanOrEqual(0);
    expect(fromA.some((i) => i > firstB) && fromA.some((i) => i < firstB)).toBe(true);
    expect(log.bytesFrom('a')).toBe(toCustomer.bytes.byteLength);
    expect(log.bytesFrom('b')).toBe(toTech.bytes.byteLength);
  });

  it('sends only what the receiver accepts; a declined file ends declined on both sides', async () => {
    const log = frameLog();
    const { tech, customer } = connect({ tap: log.tap });
    const wanted = randomFile(300 * KiB);
    const unwanted = randomFile(200 * KiB);
    const offered = until(customer.state, (s) => s.transfers.length === 2);
    const a = tech.offer(wanted.blob, 'wanted.bin');
    const b = tech.offer(unwanted.blob, 'unwanted.bin');
    await offered;
    expect(find(customer, a)?.state).toBe('offered');
    expect(find(tech, b)?.state).toBe('offered');

    const declinedAtTech = completion(tech, b);
    const declinedAtCustomer = completion(customer, b);
    expect(customer.decline(b)).toBe(true);
    expect(customer.decline(b)).toBe(false);
    expect(await declinedAtTech).toMatchObject({ state: 'declined', ok: false });
    expect(await declinedAtCustomer).toMatchObject({ state: 'declined', ok: false });

    const done = completion(customer, a);
    expect(await customer.accept(a)).toBe(true);
    expect(await customer.accept(a)).toBe(false);
    expect(await done).toMatchObject({ state: 'done', ok: true });
    await until(tech.state, (s) => s.transfers.find((t) => t.id === a)?.state === 'done');
    expect(find(tech, b)?.state).toBe('declined');
    expect(find(customer, b)?.state).toBe('declined');
    expect(customer.received(b)).toBeNull();
    expect(log.bytesFrom('a')).toBe(wanted.bytes.byteLength); // not a byte of the declined file
  });

  it('queues several files and sends them one at a time, in the order offered', { timeout: 30_000 }, async () => {
    const log = frameLog();
    const { tech, customer } = connect({ tap: log.tap, bytesPerTick: 256 * KiB }, {}, { autoAccept: () => true });
    const files = [randomFile(1 * MiB + 5), randomFile(0), randomFile(2 * MiB), randomFile(512 * KiB)];
    const ids = files.map((file, i) => tech.offer(file.blob, `file-${i}.bin`));
    const results = await Promise.all(ids.map((id) => completion(customer, id)));
    results.forEach((result, i) => expect(result).toMatchObject({ state: 'done', ok: true, ...nodeHashes(files[i]!.bytes) }));
    await until(tech.state, (s) => s.transfers.every((t) => t.state === 'done'));

    // The frames of one file never interleave with another's, and files go in the order offered.
    const runs = log.frames.map((f) => f.n).filter((n, i, all) => i === 0 || all[i - 1] !== n);
    expect(runs).toEqual([1, 3, 4]); // #2 is the empty file: no frames, only its 'done'
    expect(Buffer.concat(await Promise.all(ids.map((id) => bytesOf(customer.received(id))))).equals(Buffer.concat(files.map((f) => f.bytes)))).toBe(true);
  });

  it('shows progress on both sides: bytes move, speed and time left are known, and it ends at the size', { timeout: 30_000 }, async () => {
    const { tech, customer } = connect({ bytesPerTick: 128 * KiB }, {}, { autoAccept: () => true });
    const file = randomFile(6 * MiB);
    const id = tech.offer(file.blob, 'progress.bin');
    const seen: { tech: Transfer[]; customer: Transfer[] } = { tech: [], customer: [] };
    tech.state.subscribe(() => seen.tech.push(find(tech, id)!));
    customer.state.subscribe(() => {
      const view = find(customer, id);
      if (view) seen.customer.push(view);
    });
    await Promise.all([completion(tech, id), completion(customer, id)]);

    for (const views of [seen.tech, seen.customer]) {
      const bytes = views.map((v) => v.bytes);
      expect(bytes).toEqual([...bytes].sort((x, y) => x - y)); // never goes back
      expect(bytes.filter((b) => b > 0 && b < file.bytes.byteLength).length).toBeGreaterThan(5);
      const moving = views.filter((v) => v.bytes > 0 && v.bytes < file.bytes.byteLength);
      expect(moving.some((v) => v.bytesPerSecond > 0)).toBe(true);
      expect(moving.some((v) => v.secondsLeft !== null && v.secondsLeft > 0)).toBe(true);
      expect(views.at(-1)).toMatchObject({ state: 'done', bytes: file.bytes.byteLength, secondsLeft: 0, paused: false });
    }
  });

  it('never lets bufferedAmount pass the high watermark, on a slow link with small watermarks', { timeout: 30_000 }, async () => {
    const watermarks = { highWatermark: 1 * MiB, lowWatermark: 256 * KiB };
    const { pair, tech, customer } = connect({ bytesPerTick: 64 * KiB }, { ...watermarks, autoAccept: () => true }, { ...watermarks, autoAccept: () => true });
    const down = randomFile(5 * MiB);
    const up = randomFile(3 * MiB);
    const ids = [tech.offer(down.blob, 'down.bin'), customer.offer(up.blob, 'up.bin')];
    await Promise.all([completion(customer, ids[0]!), completion(tech, ids[1]!)]);
    for (const end of [pair.a, pair.b]) {
      expect(end.peakBufferedAmount).toBeLessThanOrEqual(watermarks.highWatermark);
      expect(end.peakBufferedAmount).toBeGreaterThan(watermarks.highWatermark / 2); // the queue was used, not starved
    }
  });

  it('keeps under the default 8 MiB watermark with a 20 MB file', { timeout: 60_000 }, async () => {
    const { pair, tech, customer } = connect({}, {}, { autoAccept: () => true });
    const file = randomFile(20_000_000);
    const id = tech.offer(file.blob, 'big.bin');
    const result = await completion(customer, id);
    expect(result).toMatchObject({ ok: true, ...nodeHashes(file.bytes) });
    expect(pair.a.peakBufferedAmount).toBeLessThanOrEqual(8 * MiB);
    expect(pair.a.peakBufferedAmount).toBeGreaterThan(1 * MiB);
  });

  it('resumes after a drop from what the receiver kept, on a new channel, without sending or reading it all again', { timeout: 60_000 }, async () => {
    const before = frameLog();
    const { pair, tech, customer } = connect({ tap: before.tap, bytesPerTick: 256 * KiB }, {}, { autoAccept: () => true });
    const file = randomFile(16 * MiB + 3);
    const reads: number[] = [];
    const slice = file.blob.slice.bind(file.blob);
    vi.spyOn(file.blob, 'slice').mockImplementation((start?: number, end?: number) => {
      reads.push((end ?? file.blob.size) - (start ?? 0));
      return slice(start, end);
    });
    const id = tech.offer(file.blob, 'interrupted.bin');

    await until(customer.state, (s) => (s.transfers.find((t) => t.id === id)?.bytes ?? 0) >= 3 * MiB);
    pair.cut();
    await until(tech.state, (s) => !s.connected && s.transfers.every((t) => t.paused));
    await until(customer.state, (s) => !s.connected && s.transfers.every((t) => t.paused));
    const kept = find(customer, id)!.bytes;
    const acknowledged = find(tech, id)!.bytes;
    expect(kept).toBeGreaterThanOrEqual(3 * MiB);
    expect(kept).toBeLessThan(file.bytes.byteLength);
    expect(acknowledged).toBeLessThanOrEqual(kept);
    expect(before.bytesFrom('a')).toBeGreaterThan(kept); // chunks the sender had hashed and queued were lost
    expect(find(tech, id)).toMatchObject({ state: 'sending', bytesPerSecond: 0, secondsLeft: null });
    expect(find(customer, id)).toMatchObject({ state: 'receiving', bytes: kept });

    // The peer connection is replaced after a drop: a new channel pair, attached to the same engines.
    const log = frameLog();
    const second = createFakeChannelPair({ tap: log.tap, bytesPerTick: 256 * KiB });
    reads.length = 0;
    const results = Promise.all([completion(tech, id), completion(customer, id)]);
    tech.attach(second.a);
    customer.attach(second.b);
    const [sent, received] = await results;

    const expected = nodeHashes(file.bytes);
    expect(sent).toMatchObject({ state: 'done', ok: true, ...expected, peerSha256: expected.sha256 });
    expect(received).toMatchObject({ state: 'done', ok: true, ...expected, peerSha256: expected.sha256 });
    expect((await bytesOf(customer.received(id))).equals(file.bytes)).toBe(true);
    expect(log.frames[0]!.offset).toBe(kept);
    expect(log.bytesFrom('a')).toBe(file.bytes.byteLength - kept);
    // Hash state came back from the snapshot at `kept`: only the missing part was read from the file.
    expect(reads.reduce((sum, n) => sum + n, 0)).toBe(file.bytes.byteLength - kept);
  });

  it.each([
    ['its last chunks and the done', 'receiving', (customer: FileTransfers, pair: FakeChannelPair, id: string) =>
      customer.state.subscribe(() => {
        const view = find(customer, id);
        if (view && view.bytes === view.size) pair.cut(); // 'done' is still queued behind the last chunk
      })],
    ['the verdict', 'done', (customer: FileTransfers, pair: FakeChannelPair, id: string) =>
      customer.on('complete', (c) => {
        if (c.id === id) pair.cut(); // the verdict is queued, not delivered
      })],
  ])('finishes on the next channel when a drop loses %s', { timeout: 30_000 }, async (_, customerState, cutWhen) => {
    const { pair, tech, customer } = connect({}, {}, { autoAccept: () => true });
    const file = randomFile(3 * MiB + 1);
    const id = tech.offer(file.blob, 'almost.bin');
    cutWhen(customer, pair, id);
    await until(tech.state, (s) => s.transfers[0]?.paused === true);
    expect(find(tech, id)?.state).toBe('sending');
    expect(find(customer, id)).toMatchObject({ state: customerState, bytes: file.bytes.byteLength });

    const log = frameLog();
    const second = createFakeChannelPair({ tap: log.tap });
    const sent = completion(tech, id);
    tech.attach(second.a);
    customer.attach(second.b);
    expect(await sent).toMatchObject({ state: 'done', ok: true, ...nodeHashes(file.bytes), peerSha256: nodeHashes(file.bytes).sha256 });
    expect(find(customer, id)).toMatchObject({ state: 'done', bytes: file.bytes.byteLength });
    expect(log.frames).toHaveLength(0); // nothing sent twice
    expect((await bytesOf(customer.received(id))).equals(file.bytes)).toBe(true);
  });

  it('carries offers made during a drop, and undecided ones, over to the next channel once', async () => {
    const { pair, tech, customer } = connect();
    const early = tech.offer(randomFile(10 * KiB).blob, 'early.txt');
    await until(customer.state, (s) => s.transfers.length === 1);
    await until(tech.state, (s) => s.connected);
    pair.cut();
    await until(tech.state, (s) => !s.connected);
    const late = randomFile(20 * KiB);
    const lateId = tech.offer(late.blob, 'late.txt');

    const second = createFakeChannelPair();
    tech.attach(second.a);
    customer.attach(second.b);
    await until(customer.state, (s) => s.transfers.length === 2);
    expect(customer.state.get().transfers.map((t) => [t.id, t.state])).toEqual([
      [early, 'offered'],
      [lateId, 'offered'],
    ]);
    const done = completion(customer, lateId);
    await customer.accept(lateId);
    expect(await done).toMatchObject({ ok: true, ...nodeHashes(late.bytes) });
    expect(find(tech, early)?.state).toBe('offered');
  });

  it('ends in failed on both sides when a byte is flipped on the wire, and keeps no file', { timeout: 30_000 }, async () => {
    let frames = 0;
    const { tech, customer } = connect(
      {
        tamper: (data, from) => {
          if (typeof data === 'string' || from !== 'a' || ++frames !== 5) return data;
          new Uint8Array(data)[CHUNK_HEADER_BYTES + 100] ^= 0x01;
          return data;
        },
      },
      {},
      { autoAccept: () => true },
    );
    const file = randomFile(2 * MiB);
    const id = tech.offer(file.blob, 'damaged.bin');
    const [sent, received] = await Promise.all([completion(tech, id), completion(customer, id)]);
    const expected = nodeHashes(file.bytes);
    expect(sent).toMatchObject({ state: 'failed', ok: false, sha256: expected.sha256, error: { code: 'hash_mismatch' } });
    expect(received).toMatchObject({ state: 'failed', ok: false, peerSha256: expected.sha256, error: { code: 'hash_mismatch' } });
    expect(received.sha256).not.toBe(expected.sha256);
    expect(sent.peerSha256).toBe(received.sha256);
    expect(find(tech, id)?.state).toBe('failed');
    expect(find(customer, id)?.state).toBe('failed');
    expect(customer.received(id)).toBeNull();
  });

  it('refuses an offer above the configured maximum size with a clear error on both sides', async () => {
    const log = frameLog();
    const { tech, customer } = connect({ tap: log.tap }, {}, { maxSize: 1 * MiB, autoAccept: () => true });
    const file = randomFile(1 * MiB + 1);
    const id = tech.offer(file.blob, 'too-big.iso');
    const [sent, received] = await Promise.all([completion(tech, id), completion(customer, id)]);
    expect(sent).toMatchObject({ state: 'failed', error: { code: 'too_large' } });
    expect(sent.error?.message).toContain(String(1 * MiB));
    expect(received).toMatchObject({ state: 'failed', error: { code: 'too_large' } });
    expect(find(customer, id)).toMatchObject({ state: 'failed', bytes: 0 });
    expect(log.frames).toHaveLength(0);
    // One byte less goes through.
    const fits = randomFile(1 * MiB);
    const ok = tech.offer(fits.blob, 'fits.iso');
    expect(await completion(customer, ok)).toMatchObject({ state: 'done', ok: true });
  });

  it('ignores malformed messages with a warning, and they change nothing', async () => {
    const { pair, tech, customer } = connect();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const offered = next(customer, 'offer');
    const id = tech.offer(randomFile(100 * KiB).blob, 'pending.bin');
    await offered;
    const before = customer.state.get();

    const other = 'abcdefghijklmnop';
    const json = (value: unknown) => JSON.stringify(value);
    const text = [
      'not json',
      json(null),
      json([]),
      json({}),
      json({ type: 'hello' }),
      json({ type: 'offer', id: 'short', n: 9, name: 'a', size: 1, mime: '' }),
      json({ type: 'offer', id: other, n: 0, name: 'a', size: 1, mime: '' }),
      json({ type: 'offer', id: other, n: 9, name: '../../etc/passwd', size: 1, mime: '' }),
      json({ type: 'offer', id: other, n: 9, name: 'x'.repeat(256), size: 1, mime: '' }),
      json({ type: 'offer', id: other, n: 9, name: 'a', size: -1, mime: '' }),
      json({ type: 'offer', id: other, n: 9, name: 'a', size: 2 ** 60, mime: '' }),
      json({ type: 'offer', id: other, n: 9, name: 'a', size: 1.5, mime: '' }),
      json({ type: 'offer', id: other, n: 9, name: 'a', size: 1, mime: 'text/\u0000' }),
      json({ type: 'offer', id, n: 9, name: 'a', size: 1, mime: '' }), // reuses a live id with another size
      json({ type: 'accept', id: other, offset: 0 }), // no such transfer here
      json({ type: 'accept', id, offset: 0 }), // the customer's own incoming id, not an outgoing one
      json({ type: 'ack', id, offset: 10 }),
      json({ type: 'done', id, sha256: '0'.repeat(64), md5: '0'.repeat(32) }), // not accepted yet
      json({ type: 'done', id, sha256: 'x'.repeat(64), md5: '0'.repeat(32) }),
      json({ type: 'verdict', id, ok: 'yes', sha256: '0'.repeat(64), md5: '0'.repeat(32) }),
      json({ type: 'cancel', id, reason: 'because' }),
      json({ type: 'request', id: other, note: 'n'.repeat(501) }),
      'x'.repeat(5000),
    ];
    const header = (version: number, n: number, offset: bigint, reserved = 0) => {
      const frame = new ArrayBuffer(CHUNK_HEADER_BYTES + 8);
      const view = new DataView(frame);
      view.setUint8(0, version);
      view.setUint8(2, reserved);
      view.setUint32(4, n);
      view.setBigUint64(8, offset);
      return frame;
    };
    const binary = [
      new ArrayBuffer(3),
      new ArrayBuffer(CHUNK_HEADER_BYTES), // a header and no bytes
      header(2, 1, 0n), // unknown version
      header(1, 0, 0n), // transfer number 0
      header(1, 1, 2n ** 60n), // offset past 2^53
      header(1, 1, 0n, 7), // reserved bytes set
      header(1, 77, 0n), // no such transfer
      header(1, 1, 0n), // well formed, but the transfer was not accepted
    ];
    for (const message of text) pair.a.send(message);
    for (const frame of binary) pair.a.send(frame);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(text.length + binary.length));
    expect(customer.state.get()).toBe(before); // not even republished
    expect(find(customer, id)).toMatchObject({ state: 'offered', bytes: 0, name: 'pending.bin' });

    // And the channel still works.
    const done = completion(customer, id);
    await customer.accept(id);
    expect(await done).toMatchObject({ state: 'done', ok: true });
  });

  it('lets one side ask for a file; the answer is offered against the request, and a request can be declined', async () => {
    const { tech, customer } = connect({}, { autoAccept: (offer) => offer.requestId !== null });
    const asked = next(customer, 'request');
    const requestId = tech.request('The installer log, please');
    expect(await asked).toEqual({ id: requestId, direction: 'incoming', note: 'The installer log, please', state: 'open' });
    expect(tech.state.get().requests).toEqual([{ id: requestId, direction: 'outgoing', note: 'The installer log, please', state: 'open' }]);

    const log = randomFile(64 * KiB, 'text/plain');
    const id = customer.offer(log.blob, 'C:\\Windows\\Temp\\install.log', { requestId });
    expect(customer.state.get().requests[0]?.state).toBe('answered');
    const received = await completion(tech, id); // accepted without asking: it answers our request
    expect(received).toMatchObject({ state: 'done', ok: true, name: 'install.log', requestId, ...nodeHashes(log.bytes) });
    expect(tech.state.get().requests[0]?.state).toBe('answered');

    const second = tech.request();
    await until(customer.state, (s) => s.requests.some((r) => r.id === second));
    expect(customer.declineRequest(second)).toBe(true);
    await until(tech.state, (s) => s.requests.find((r) => r.id === second)?.state === 'declined');
  });

  it('cancels a running transfer on both sides', { timeout: 30_000 }, async () => {
    const { tech, customer } = connect({ bytesPerTick: 128 * KiB }, {}, { autoAccept: () => true });
    const id = tech.offer(randomFile(8 * MiB).blob, 'long.bin');
    await until(customer.state, (s) => (s.transfers[0]?.bytes ?? 0) > 1 * MiB);
    const atTech = completion(tech, id);
    expect(customer.cancel(id)).toBe(true);
    expect(await atTech).toMatchObject({ state: 'failed', error: { code: 'cancelled' } });
    expect(find(customer, id)).toMatchObject({ state: 'failed', error: { code: 'cancelled' } });
    expect(customer.received(id)).toBeNull();
  });

  describe('directions the technician\'s group does not allow', () => {
    it('the receiving side refuses an offer and a request, whatever the other side\'s code does', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const log = frameLog();
      // The technician's side allows everything (a console that lies); the customer's side binds.
      const { tech, customer } = connect({ tap: log.tap }, {}, { allows: () => ({ send: false, receive: false }), autoAccept: () => true });
      const offered = vi.fn();
      const asked = vi.fn();
      customer.on('offer', offered);
      customer.on('request', asked);
      const id = tech.offer(randomFile(256 * KiB).blob, 'payload.exe');
      expect(await completion(tech, id)).toMatchObject({ state: 'failed', error: { code: 'not_allowed' } });
      const requestId = tech.request('your passwords file');
      await until(tech.state, (s) => s.requests.find((r) => r.id === requestId)?.state === 'declined');
      expect(offered).not.toHaveBeenCalled();
      expect(asked).not.toHaveBeenCalled();
      expect(customer.state.get()).toMatchObject({ transfers: [], requests: [] });
      expect(log.frames).toEqual([]);
    });

    it('a side that may not send offers nothing, and one that may not receive asks for nothing', async () => {
      const log = frameLog();
      const sent: string[] = [];
      const { tech, customer } = connect({ tap: (data, from) => (typeof data === 'string' ? sent.push(`${from}:${data}`) : log.tap?.(data, from)) }, { allows: () => ({ send: false, receive: false }) });
      const heard = vi.fn();
      customer.on('offer', heard);
      customer.on('request', heard);
      const id = tech.offer(randomFile(10 * KiB).blob, 'a.txt');
      expect(find(tech, id)).toMatchObject({ state: 'failed', error: { code: 'not_allowed' } });
      const requestId = tech.request();
      expect(tech.state.get().requests.find((r) => r.id === requestId)?.state).toBe('declined');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sent).toEqual([]);
      expect(heard).not.toHaveBeenCalled();
    });

    it('a right switched off mid-transfer stops it on both sides, and the bytes received so far are dropped', { timeout: 30_000 }, async () => {
      let receive = true;
      const { tech, customer } = connect({ bytesPerTick: 128 * KiB }, {}, { allows: () => ({ send: true, receive }), autoAccept: () => true });
      const id = tech.offer(randomFile(8 * MiB).blob, 'long.bin');
      await until(customer.state, (s) => (s.transfers[0]?.bytes ?? 0) > 1 * MiB);
      const atTech = completion(tech, id);
      receive = false;
      customer.enforce();
      expect(await atTech).toMatchObject({ state: 'failed', error: { code: 'not_allowed' } });
      expect(find(customer, id)).toMatchObject({ state: 'failed', error: { code: 'not_allowed' } });
      expect(customer.received(id)).toBeNull();
      // Sending the other way is still allowed.
      const up = customer.offer(randomFile(10 * KiB).blob, 'reply.txt');
      const techSees = next(tech, 'offer');
      expect((await techSees).id).toBe(up);
    });
  });

  it('keeps working when a listener throws', async () => {
    const { tech, customer } = connect({}, {}, { autoAccept: () => true });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    customer.on('offer', () => {
      throw new Error('broken UI');
    });
    customer.state.subscribe(() => {
      throw new Error('broken component');
    });
    const id = tech.offer(randomFile(10 * KiB).blob, 'small.txt');
    expect(await completion(customer, id)).toMatchObject({ state: 'done', ok: true });
  });
});

describe('files channel protocol', () => {
  it('takes a real RTCDataChannel as its channel, and the fake fits the same interface', () => {
    expectTypeOf<RTCDataChannel>().toExtend<FileChannel>();
    expectTypeOf<FakeChannel>().toExtend<FileChannel>();
  });

  const id = 'abcdefghijklmnop';
  const valid: FilesMessage[] = [
    { type: 'offer', id, n: 1, name: 'report.pdf', size: 0, mime: '' },
    { type: 'offer', id, n: 2 ** 32 - 1, name: 'ü'.repeat(255), size: Number.MAX_SAFE_INTEGER, mime: 'text/plain; charset=utf-8', requestId: id },
    { type: 'accept', id, offset: 0 },
    { type: 'decline', id },
    { type: 'request', id },
    { type: 'request', id, note: 'n'.repeat(500) },
    { type: 'ack', id, offset: 65_520 },
    { type: 'done', id, sha256: 'a'.repeat(64), md5: 'b'.repeat(32) },
    { type: 'verdict', id, ok: false, sha256: 'a'.repeat(64), md5: 'b'.repeat(32) },
    { type: 'cancel', id, reason: 'too_large', maxSize: 1024 },
    { type: 'resume', id, offset: 12 },
  ];

  it('accepts every well-formed message', () => {
    for (const message of valid) expect(parseFilesMessage(JSON.stringify(message))).toEqual({ ok: true, value: message });
  });

  it('refuses ids, names, sizes and hashes out of bounds', () => {
    const bad = [
      { type: 'accept', id: 'ABCDEFGHIJKLMNOP', offset: 0 },
      { type: 'accept', id: 'abcdefghijklmno1', offset: 0 },
      { type: 'accept', id, offset: Number.MAX_SAFE_INTEGER + 1 },
      { type: 'offer', id, n: 1, name: '', size: 0, mime: '' },
      { type: 'offer', id, n: 1, name: '..', size: 0, mime: '' },
      { type: 'offer', id, n: 1, name: 'a\\b', size: 0, mime: '' },
      { type: 'offer', id, n: 1, name: 'a\nb', size: 0, mime: '' },
      { type: 'offer', id, n: 2 ** 32, name: 'a', size: 0, mime: '' },
      { type: 'offer', id, n: 1, name: 'a', size: 0, mime: 'x'.repeat(256) },
      { type: 'done', id, sha256: 'A'.repeat(64), md5: 'b'.repeat(32) },
      { type: 'done', id, sha256: 'a'.repeat(63), md5: 'b'.repeat(32) },
      { type: 'cancel', id, reason: 'unknown' },
    ];
    for (const message of bad) expect(filesMessageSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
    expect(parseFilesMessage(42)).toMatchObject({ ok: false });
  });

  it('frames chunks with their transfer number and offset, and reads them back', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const frame = encodeChunkFrame(7, 2 ** 40 + 3, bytes);
    expect(frame.byteLength).toBe(CHUNK_HEADER_BYTES + 5);
    const parsed = parseChunkFrame(frame);
    expect(parsed.ok && { n: parsed.value.n, offset: parsed.value.offset, bytes: [...parsed.value.bytes] }).toEqual({ n: 7, offset: 2 ** 40 + 3, bytes: [1, 2, 3, 4, 5] });
    expect(parseChunkFrame(new Uint8Array(frame)).ok).toBe(true);
    expect(parseChunkFrame('text').ok).toBe(false);
    expect(() => encodeChunkFrame(0, 0, bytes)).toThrow(RangeError);
    expect(() => encodeChunkFrame(1, -1, bytes)).toThrow(RangeError);
    expect(() => encodeChunkFrame(1, 0, new Uint8Array(0))).toThrow(RangeError);
  });

  it('turns any chosen name into a plain file name', () => {
    expect(safeFileName('C:\\Users\\carol\\report.pdf')).toBe('report.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('a\u0000b\nc')).toBe('a_b_c');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('')).toBe('file');
    expect(safeFileName('😀'.repeat(200))).toHaveLength(254); // cut before the pair is split
  });
});
