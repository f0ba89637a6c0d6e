import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { byId } from '../../e2e/support/flows';
import {
  armTransferDone,
  BULK,
  bulkState,
  installBulkSender,
  openBulkReceiver,
  type QueueStats,
  resetSender,
  senderTimes,
  startBulk,
  stopQueueWatch,
  transferDoneState,
  watchQueue,
} from './in-page';
import type { Pair } from './pairs';
import { sleep, within } from './util';

/** The product's files channel label (protocol/files.ts FILES_CHANNEL). */
const FILES_LABEL = 'files';
const INCOMING_ROW = `${byId('transfer-row')}[data-direction="incoming"]`;
const OUTGOING_ROW = `${byId('transfer-row')}[data-direction="outgoing"]`;

export interface TestFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** A file of random bytes (incompressible, like most files people send) and its SHA-256. */
export function makeTestFile(dir: string, bytes: number): TestFile {
  const data = randomBytes(bytes);
  const file = path.join(dir, `bench-${bytes}.bin`);
  writeFileSync(file, data);
  return { path: file, bytes, sha256: createHash('sha256').update(data).digest('hex') };
}

export interface FileRun {
  bytes: number;
  /** Start (product: the Accept click; baseline: the receiver's request) -> the receiver has every byte, ms. */
  ms: number;
  /** bytes / ms / 1000: MB/s with MB = 10^6 bytes. */
  mbPerSec: number;
  /** Product: the receiver's row shows the file's size and SHA-256 (a run that does not is a failed run). */
  verified: boolean | null;
  /** The sender's data channel queue (bufferedAmount) sampled every 20 ms during the transfer. */
  senderQueue: QueueStats | null;
  /**
   * CPU used by the bench's Node process (product server, baseline server, both relays, puppeteer) over the
   * transfer, as a share of one core: on the relay route this is mostly the relay forwarding the file.
   */
  nodeCpuShare: number;
}

/** Node's CPU over a stretch of wall time, as a share of one core. */
function cpuMeter(): () => number {
  const cpu = process.cpuUsage();
  const start = performance.now();
  return () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000 / Math.max(1, performance.now() - start);
  };
}

/** A generous deadline: 1 MB/s, and never under a minute. */
function deadline(bytes: number): number {
  return Math.max(60_000, bytes / 1000);
}

/** Polls until the sender page sees the open channel, then samples its queue. */
async function startQueueWatch(page: Pair['viewer'], label: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate(watchQueue, { label, low: BULK.lowWatermark })) return;
    await sleep(20);
  }
  throw new Error(`No open "${label}" data channel on the sending page`);
}

/**
 * Product: the technician (pair.viewer) sends the file through the console's file input; the customer
 * (pair.sender) clicks Accept; the time runs from that click (capture-phase listener) to the customer's incoming
 * row turning data-state="done" (MutationObserver), both on the customer page's clock. The row's data-bytes and
 * data-sha256 must be the file's.
 */
export async function productFileRun(pair: Pair, file: TestFile): Promise<FileRun> {
  const tech = pair.viewer;
  const customer = pair.sender;
  const input = byId('send-file-input');
  await within(
    "the technician's file input to be enabled",
    20_000,
    tech.waitForFunction((sel) => document.querySelector<HTMLInputElement>(sel)?.disabled === false, { timeout: 21_000, polling: 50 }, input),
    () => pair.describe(),
  );
  const acceptSelector = byId('file-offer-accept');
  await customer.evaluate(resetSender, acceptSelector);
  await customer.evaluate(armTransferDone, INCOMING_ROW);

  const handle = (await tech.$(input)) as ElementHandle<HTMLInputElement> | null;
  if (!handle) throw new Error('No send-file-input on the technician console');
  await within('the file to be picked', 20_000, handle.uploadFile(file.path));
  const accept = await within(
    "the offer's Accept button at the customer",
    20_000,
    customer.waitForSelector(`${INCOMING_ROW}[data-state="offered"] ${acceptSelector}`, { timeout: 21_000 }),
    () => pair.describe(),
  );
  await startQueueWatch(tech, FILES_LABEL);
  const nodeCpu = cpuMeter();
  await accept!.click();

  const limit = deadline(file.bytes);
  let senderQueue: QueueStats | null = null;
  let nodeCpuShare = 0;
  try {
    await within(
      'the incoming transfer to be done at the customer',
      limit,
      customer.waitForFunction(
        () => {
          const state = (window as unknown as { __fileDone?: { doneAt: number | null; failed: string | null } }).__fileDone;
          return Boolean(state && (state.doneAt !== null || state.failed !== null));
        },
        { timeout: limit + 1000, polling: 100 },
      ),
      async () => ({
        customerRow: await customer.$eval(INCOMING_ROW, (el) => ({ state: el.getAttribute('data-state'), bytes: el.getAttribute('data-bytes') })).catch(() => null),
        technicianRow: await tech.$eval(OUTGOING_ROW, (el) => ({ state: el.getAttribute('data-state'), bytes: el.getAttribute('data-bytes') })).catch(() => null),
        pages: await pair.describe(),
      }),
    );
  } finally {
    nodeCpuShare = nodeCpu();
    senderQueue = await tech.evaluate(stopQueueWatch).catch(() => null);
  }
  const done = (await customer.evaluate(transferDoneState))!;
  if (done.failed) throw new Error(`The transfer ended ${done.failed}`);
  const clickAt = (await customer.evaluate(senderTimes)).clickAt;
  if (clickAt === null) throw new Error('The click on Accept was not seen by the customer page');
  const row = await customer.$eval(INCOMING_ROW, (el) => ({ bytes: Number(el.getAttribute('data-bytes')), sha256: el.getAttribute('data-sha256') }));
  if (row.bytes !== file.bytes || row.sha256 !== file.sha256) {
    throw new Error(`The received file differs: ${row.bytes} bytes, SHA-256 ${row.sha256}; sent ${file.bytes} bytes, SHA-256 ${file.sha256}`);
  }
  // The sender settles on the receiver's verdict; let it, so the session ends with nothing in flight.
  await tech.waitForSelector(`${OUTGOING_ROW}[data-state="done"]`, { timeout: 10_000 }).catch(() => undefined);
  const ms = done.doneAt! - clickAt;
  return { bytes: file.bytes, ms, mbPerSec: file.bytes / ms / 1000, verified: true, senderQueue, nodeCpuShare };
}

/**
 * Baseline: on the bare pages' connection, the customer's page opens an ordered, reliable `bulk` channel; the
 * technician's page sends `bytes` bytes over it in 64 KiB messages with the product's watermarks once asked.
 * The time runs from the ask to the customer's page having counted every byte, both on the customer's clock.
 */
export async function baselineFileRun(pair: Pair, bytes: number): Promise<FileRun> {
  const tech = pair.viewer;
  const customer = pair.sender;
  await tech.evaluate(installBulkSender, { ...BULK });
  await within('the bulk data channel to open', 20_000, customer.evaluate(openBulkReceiver, BULK.label), () => pair.describe());
  await startQueueWatch(tech, BULK.label);
  const nodeCpu = cpuMeter();
  await customer.evaluate(startBulk, bytes);
  const limit = deadline(bytes);
  let senderQueue: QueueStats | null = null;
  let nodeCpuShare = 0;
  try {
    await within(
      'the baseline receiver to count every byte',
      limit,
      customer.waitForFunction(() => (window as unknown as { __bulk?: { doneAt: number | null } }).__bulk?.doneAt != null, { timeout: limit + 1000, polling: 100 }),
      async () => ({ receiver: await customer.evaluate(bulkState), pages: await pair.describe() }),
    );
  } finally {
    nodeCpuShare = nodeCpu();
    senderQueue = await tech.evaluate(stopQueueWatch).catch(() => null);
  }
  const state = (await customer.evaluate(bulkState))!;
  if (state.received !== bytes) throw new Error(`The baseline receiver counted ${state.received} of ${bytes} bytes`);
  const ms = state.doneAt! - state.startAt!;
  return { bytes, ms, mbPerSec: bytes / ms / 1000, verified: null, senderQueue, nodeCpuShare };
}
