/**
 * Code that runs inside the browsers. Each exported function is self-contained (puppeteer sends its source), and
 * pages get `__name` defined first because tsx (esbuild keepNames) wraps named inner functions with it.
 */
import type { Page } from 'puppeteer-core';

/** Where the frame number sits on the captured screen, in screen pixels of the customer's 1280x720 Xvfb. */
export const SCREEN = { width: 1280, height: 720 } as const;
export const BAND = {
  /** 1 sync block (white on top) + 16 bits of the frame number + 1 sync block (black on top). */
  blocks: 18,
  x0: 64,
  x1: 1216,
  /** Top row: the code; bottom row: its complement. Above the mouse pointer (screen centre) and the share bar. */
  y0: 180,
  yMid: 250,
  y1: 320,
} as const;

const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

type AnyWindow = Window & Record<string, any>;

/** Hooks every page: the name shim, and lists of the page's peer connections (for getStats()) and data channels. */
export async function preparePage(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(NAME_SHIM);
  await page.evaluateOnNewDocument(hookPage);
  await page.evaluate(NAME_SHIM);
  await page.evaluate(hookPage);
}

/** Bench instrumentation only: remembers peer connections, data channels, getDisplayMedia and Blob read timings; changes no behaviour. */
export function hookPage(): void {
  const w = window as AnyWindow;
  if (w.__benchHooked) return;
  w.__benchHooked = true;
  const now = () => performance.timeOrigin + performance.now();
  w.__pcs = [] as RTCPeerConnection[];
  const Native = w.RTCPeerConnection as typeof RTCPeerConnection;
  if (Native) {
    w.__dcs = [] as RTCDataChannel[];
    /** Which peer connection a data channel belongs to (figure 5 checks the helper connection's route). */
    w.__dcPc = new WeakMap<RTCDataChannel, RTCPeerConnection>();
    // Figure 5's tap: while armed (__dcTap), every message on channels with its label is stamped on arrival, by a
    // listener added before the page's own (so before the page handles it), and every send() on them is stamped.
    const tap = (channel: RTCDataChannel, pc: RTCPeerConnection) => {
      w.__dcs.push(channel);
      w.__dcPc.set(channel, pc);
      channel.addEventListener('message', (event: MessageEvent) => {
        const armed = w.__dcTap as DataChannelTap | null | undefined;
        if (armed && channel.label === armed.label) armed.received.push([now(), typeof event.data === 'string' ? event.data : '']);
      });
    };
    const Hooked = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        w.__pcs.push(this);
        this.addEventListener('datachannel', (event: RTCDataChannelEvent) => tap(event.channel, this));
      }

      createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
        const channel = super.createDataChannel(label, init);
        tap(channel, this);
        return channel;
      }
    };
    w.RTCPeerConnection = Hooked;
    const send = w.RTCDataChannel.prototype.send as (this: RTCDataChannel, data: unknown) => void;
    w.RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: unknown) {
      const armed = w.__dcTap as DataChannelTap | null | undefined;
      if (armed && this.label === armed.label && typeof data === 'string') armed.sent.push([now(), data]);
      return send.call(this, data);
    };
  }
  // File reads (the product's sender reads the file with Blob.slice().arrayBuffer()): timed while a queue watch
  // (figure 4) has armed __blobReads.
  const arrayBuffer = w.Blob?.prototype.arrayBuffer as Blob['arrayBuffer'] | undefined;
  if (arrayBuffer) {
    w.Blob.prototype.arrayBuffer = function (this: Blob) {
      const reads = w.__blobReads as number[] | null | undefined;
      const result = arrayBuffer.call(this);
      if (reads) {
        const startedAt = performance.now();
        result.then(() => reads.push(performance.now() - startedAt), () => undefined);
      }
      return result;
    };
  }
  const devices = w.MediaDevices?.prototype as MediaDevices | undefined;
  if (devices?.getDisplayMedia) {
    const original = devices.getDisplayMedia;
    devices.getDisplayMedia = function (this: MediaDevices, options?: DisplayMediaStreamOptions) {
      const record: Record<string, unknown> = { calledAt: now() };
      w.__gdm = record;
      const result = original.call(this, options);
      result.then(
        (stream) => {
          record.resolvedAt = now();
          record.settings = stream.getVideoTracks()[0]?.getSettings();
        },
        (error) => {
          record.error = String(error);
        },
      );
      return result;
    };
  }
  w.addEventListener(
    'click',
    (event: MouseEvent) => {
      const selector = w.__clickSelector as string | undefined;
      if (selector && (event.target as Element | null)?.closest?.(selector)) w.__clickAt = now();
    },
    true,
  );
}

/** This page's clock (timeOrigin + now), for offset estimation against Node's. */
export function pageClock(): number {
  return performance.timeOrigin + performance.now();
}

/** Viewer side: the time of the first frame presented by the video matching `selector` (now or once it appears). */
export function armFirstFrame(selector: string): void {
  const w = window as AnyWindow;
  const now = () => performance.timeOrigin + performance.now();
  w.__ff?.observer?.disconnect();
  const state: { armedAt: number; mountedAt: number | null; frameAt: number | null; observer?: MutationObserver; width?: number } = {
    armedAt: now(),
    mountedAt: null,
    frameAt: null,
  };
  w.__ff = state;
  const arm = (video: HTMLVideoElement) => {
    if ((video as unknown as AnyWindow).__ffState === state) return;
    (video as unknown as AnyWindow).__ffState = state;
    state.mountedAt ??= now();
    video.requestVideoFrameCallback((_now, metadata) => {
      if (state.frameAt === null) {
        state.frameAt = now();
        state.width = metadata.width;
      }
    });
  };
  const existing = document.querySelector<HTMLVideoElement>(selector);
  if (existing) arm(existing);
  state.observer = new MutationObserver(() => {
    const video = document.querySelector<HTMLVideoElement>(selector);
    if (video) arm(video);
  });
  state.observer.observe(document.documentElement, { childList: true, subtree: true });
}

export function firstFrameState(): { armedAt: number; mountedAt: number | null; frameAt: number | null } | null {
  const state = (window as AnyWindow).__ff;
  if (!state) return null;
  if (state.frameAt !== null) state.observer?.disconnect();
  return { armedAt: state.armedAt, mountedAt: state.mountedAt, frameAt: state.frameAt };
}

/** Sender side: what the capture-phase click listener and the getDisplayMedia hook saw. */
export function senderTimes(): { clickAt: number | null; gdm: { calledAt?: number; resolvedAt?: number; error?: string; settings?: MediaTrackSettings } | null } {
  const w = window as AnyWindow;
  return { clickAt: w.__clickAt ?? null, gdm: w.__gdm ?? null };
}

export function resetSender(selector: string): void {
  const w = window as AnyWindow;
  w.__clickSelector = selector;
  w.__clickAt = null;
  w.__gdm = null;
}

export type PainterMode = 'static' | 'counter' | 'noise';
type Band = typeof BAND;

/**
 * The shared "screen": a full-viewport canvas above the page (pointer-events: none, so the page's buttons still
 * take clicks). In 'counter' and 'noise' it paints, every animation frame, the frame number as a row of
 * black/white blocks with the complement row under it, and records when it painted it. 'static' paints nothing
 * after the first frame. 'noise' redraws the whole screen from a random-noise canvas at a random offset.
 */
export function installPainter(band: Band): void {
  const w = window as AnyWindow;
  if (w.__painter) return;
  const now = () => performance.timeOrigin + performance.now();
  const width = innerWidth;
  const height = innerHeight;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  Object.assign(canvas.style, {
    position: 'fixed',
    left: '0',
    top: '0',
    width: `${width}px`,
    height: `${height}px`,
    zIndex: '2147483647',
    pointerEvents: 'none',
  });
  document.documentElement.appendChild(canvas);
  const context = canvas.getContext('2d', { alpha: false })!;
  // Screen -> viewport: the browser's own bars sit above the viewport.
  const offsetX = screenX + Math.max(0, outerWidth - innerWidth) / 2;
  const offsetY = screenY + Math.max(0, outerHeight - innerHeight);
  const bx0 = band.x0 - offsetX;
  const by0 = band.y0 - offsetY;
  const blockWidth = (band.x1 - band.x0) / band.blocks;
  const rowHeight = band.yMid - band.y0;
  const bottomHeight = band.y1 - band.yMid;

  // A noise source larger than the screen, drawn at a random offset each frame: every pixel changes.
  const noise = document.createElement('canvas');
  noise.width = width + 256;
  noise.height = height + 256;
  {
    const noiseContext = noise.getContext('2d')!;
    const image = noiseContext.createImageData(noise.width, noise.height);
    const bytes = new Uint8Array(image.data.buffer);
    for (let offset = 0; offset < bytes.length; offset += 65536) crypto.getRandomValues(bytes.subarray(offset, Math.min(bytes.length, offset + 65536)));
    for (let i = 3; i < bytes.length; i += 4) bytes[i] = 255;
    noiseContext.putImageData(image, 0, 0);
  }

  function drawBackground(): void {
    // A document-like page: header, paragraphs of "text", a sidebar. Never changes.
    context.fillStyle = '#f4f1ea';
    context.fillRect(0, 0, width, height);
    context.fillStyle = '#2b4c7e';
    context.fillRect(0, 0, width, 48);
    context.fillStyle = '#ffffff';
    context.font = '20px sans-serif';
    context.fillText('Quarterly report — static background', 16, 31);
    context.fillStyle = '#d9d4c7';
    context.fillRect(width - 260, 48, 260, height - 48);
    context.font = '14px serif';
    for (let line = 0; line < 40; line++) {
      context.fillStyle = line % 7 === 0 ? '#7a1f1f' : '#333333';
      context.fillText(`Line ${line + 1}: the quick brown fox jumps over the lazy dog, ${(line * 7919) % 1000} units.`, 24, 80 + line * 18);
    }
  }

  function drawCode(n: number): void {
    context.fillStyle = '#808080';
    context.fillRect(bx0 - 8, by0 - 8, band.x1 - band.x0 + 16, band.y1 - band.y0 + 16);
    for (let block = 0; block < band.blocks; block++) {
      let bit: number;
      if (block === 0) bit = 1;
      else if (block === band.blocks - 1) bit = 0;
      else bit = (n >> (band.blocks - 2 - block)) & 1;
      const x = bx0 + block * blockWidth;
      context.fillStyle = bit ? '#ffffff' : '#000000';
      context.fillRect(x, by0, blockWidth, rowHeight);
      context.fillStyle = bit ? '#000000' : '#ffffff';
      context.fillRect(x, by0 + rowHeight, blockWidth, bottomHeight);
    }
  }

  function drawCounterText(n: number): void {
    const y = by0 + (band.y1 - band.y0) + 24;
    context.fillStyle = '#f4f1ea';
    context.fillRect(bx0, y, 300, 40);
    context.fillStyle = '#111111';
    context.font = 'bold 28px monospace';
    context.fillText(`frame ${n}`, bx0 + 4, y + 30);
  }

  const painter = {
    mode: 'static' as PainterMode,
    n: 0,
    times: new Map<number, number>(),
    painted: 0,
    windowStart: now(),
    setMode(mode: PainterMode) {
      painter.mode = mode;
      painter.times = new Map();
      painter.painted = 0;
      painter.windowStart = now();
      drawBackground();
      drawCode(painter.n & 0xffff);
    },
    /** Paint times (this page's clock) by 16-bit frame code, and frames painted since the last setMode/take. */
    take() {
      const result = { times: [...painter.times.entries()], painted: painter.painted, ms: now() - painter.windowStart };
      painter.times = new Map();
      painter.painted = 0;
      painter.windowStart = now();
      return result;
    },
  };
  w.__painter = painter;
  painter.setMode('static');

  function onAnimationFrame(): void {
    if (painter.mode !== 'static') {
      painter.n++;
      const code = painter.n & 0xffff;
      if (painter.mode === 'noise') {
        context.drawImage(noise, -Math.floor(Math.random() * 256), -Math.floor(Math.random() * 256));
      } else {
        drawCounterText(painter.n);
      }
      drawCode(code);
      painter.times.set(code, now());
      painter.painted++;
    }
    requestAnimationFrame(onAnimationFrame);
  }
  requestAnimationFrame(onAnimationFrame);
}

export function setPainterMode(mode: string): void {
  (window as AnyWindow).__painter.setMode(mode);
}

export function takePaints(): { times: [number, number][]; painted: number; ms: number } {
  return (window as AnyWindow).__painter.take();
}

/**
 * Viewer side: reads the frame number out of every decoded frame of the video (requestVideoFrameCallback ->
 * small canvas), rejecting frames whose two rows are not exact complements (half-updated) or whose sync blocks
 * are wrong. Records the first time each number is seen.
 */
export function installReader(args: { selector: string; band: Band; screen: { width: number; height: number } }): void {
  const w = window as AnyWindow;
  const now = () => performance.timeOrigin + performance.now();
  const { band, screen } = args;
  const cell = 8;
  const canvas = document.createElement('canvas');
  canvas.width = band.blocks * cell;
  canvas.height = 2 * cell;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const reader = {
    active: false,
    seen: new Map<number, number>(),
    frames: 0,
    accepted: 0,
    rejected: 0,
    lastCode: -1,
    video: null as HTMLVideoElement | null,
    start() {
      reader.seen = new Map();
      reader.frames = 0;
      reader.accepted = 0;
      reader.rejected = 0;
      reader.active = true;
      reader.attach();
    },
    stop() {
      reader.active = false;
      return { seen: [...reader.seen.entries()], frames: reader.frames, accepted: reader.accepted, rejected: reader.rejected };
    },
    peek() {
      return { frames: reader.frames, accepted: reader.accepted, rejected: reader.rejected, lastCode: reader.lastCode, videoWidth: reader.video?.videoWidth ?? 0, videoHeight: reader.video?.videoHeight ?? 0 };
    },
    attach() {
      const video = document.querySelector<HTMLVideoElement>(args.selector);
      if (!video || video === reader.video) return;
      reader.video = video;
      const onFrame = () => {
        if (reader.video !== video) return;
        const at = now();
        if (reader.active) read(video, at);
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    },
    /** The current frame, whole, as a PNG data URL (for diagnosing a reader that sees nothing). */
    snapshot() {
      const video = reader.video ?? document.querySelector<HTMLVideoElement>(args.selector);
      if (!video || !video.videoWidth) return null;
      const full = document.createElement('canvas');
      full.width = video.videoWidth;
      full.height = video.videoHeight;
      full.getContext('2d')!.drawImage(video, 0, 0);
      return full.toDataURL('image/png');
    },
  };
  w.__reader = reader;

  function read(video: HTMLVideoElement, at: number): void {
    reader.frames++;
    const fx = video.videoWidth / screen.width;
    const fy = video.videoHeight / screen.height;
    if (!fx || !fy) return;
    context.drawImage(video, band.x0 * fx, band.y0 * fy, (band.x1 - band.x0) * fx, (band.y1 - band.y0) * fy, 0, 0, canvas.width, canvas.height);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const lum = (bx: number, row: number) => {
      let sum = 0;
      for (let dy = 2; dy < cell - 2; dy++) {
        for (let dx = 2; dx < cell - 2; dx++) {
          const i = ((row * cell + dy) * canvas.width + bx * cell + dx) * 4;
          sum += data[i] + data[i + 1] + data[i + 2];
        }
      }
      return sum / (3 * (cell - 4) * (cell - 4));
    };
    let code = 0;
    for (let block = 0; block < band.blocks; block++) {
      const top = lum(block, 0);
      const bottom = lum(block, 1);
      let bit: number;
      if (top > 160 && bottom < 95) bit = 1;
      else if (top < 95 && bottom > 160) bit = 0;
      else {
        reader.rejected++;
        return;
      }
      if ((block === 0 && bit !== 1) || (block === band.blocks - 1 && bit !== 0)) {
        reader.rejected++;
        return;
      }
      if (block > 0 && block < band.blocks - 1) code = (code << 1) | bit;
    }
    reader.accepted++;
    reader.lastCode = code;
    if (!reader.seen.has(code)) reader.seen.set(code, at);
  }
  reader.attach();
}

/** `method`: 'start' | 'stop' | 'peek' | 'attach' | 'snapshot'. */
export function readerCall(method: string): any {
  const reader = (window as AnyWindow).__reader;
  return reader ? reader[method]() : null;
}

export interface VideoStats {
  timestamp: number;
  bytesReceived: number;
  framesDecoded: number;
  framesReceived: number;
  frameWidth: number;
  frameHeight: number;
  codec: string | null;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  connectionState: string;
}

/** Viewer side: inbound video stats and the selected candidate pair of the newest connected peer connection. */
export async function videoStats(): Promise<VideoStats | null> {
  const pcs = ((window as AnyWindow).__pcs ?? []) as RTCPeerConnection[];
  const live = pcs.filter((pc) => pc.connectionState === 'connected');
  const pc = live[live.length - 1];
  if (!pc) return null;
  const report = await pc.getStats();
  let inbound: any = null;
  let pairId: string | undefined;
  report.forEach((stat: any) => {
    if (stat.type === 'inbound-rtp' && stat.kind === 'video') inbound = stat;
    if (stat.type === 'transport' && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
  });
  const pair: any = pairId ? report.get(pairId) : null;
  const codec: any = inbound?.codecId ? report.get(inbound.codecId) : null;
  return {
    timestamp: inbound?.timestamp ?? performance.timeOrigin + performance.now(),
    bytesReceived: inbound?.bytesReceived ?? 0,
    framesDecoded: inbound?.framesDecoded ?? 0,
    framesReceived: inbound?.framesReceived ?? 0,
    frameWidth: inbound?.frameWidth ?? 0,
    frameHeight: inbound?.frameHeight ?? 0,
    codec: codec?.mimeType ?? null,
    localCandidateType: pair ? (report.get(pair.localCandidateId) as any)?.candidateType ?? null : null,
    remoteCandidateType: pair ? (report.get(pair.remoteCandidateId) as any)?.candidateType ?? null : null,
    connectionState: pc.connectionState,
  };
}

/** Peer connection states in this page, for timeout reports. */
export function peerStates(): string[] {
  return (((window as AnyWindow).__pcs ?? []) as RTCPeerConnection[]).map((pc) => `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}`);
}

// ---------------------------------------------------------------- file throughput (figure 4)

export const BULK = {
  /** The baseline's data channel label (the product's is `files`). */
  label: 'bulk',
  /** Same message size as the product's chunk frames (64 KiB - 16 header + 16 header). */
  messageBytes: 64 * 1024,
  /** Same flow control as the product's files channel (client/files/file-transfers.ts defaults). */
  highWatermark: 8 * 1024 * 1024,
  lowWatermark: 1 * 1024 * 1024,
} as const;

/**
 * Product receiver (customer page): stamps the first time the last incoming transfer row matching `selector`
 * reaches data-state "done" (or a final failure), from a MutationObserver, so no polling delay is added.
 */
export function armTransferDone(selector: string): void {
  const w = window as AnyWindow;
  const now = () => performance.timeOrigin + performance.now();
  w.__fileDone?.observer?.disconnect();
  const state: { doneAt: number | null; failed: string | null; observer?: MutationObserver } = { doneAt: null, failed: null };
  w.__fileDone = state;
  const check = () => {
    const rows = document.querySelectorAll(selector);
    const row = rows[rows.length - 1];
    const value = row?.getAttribute('data-state');
    if (value === 'done') state.doneAt ??= now();
    else if (value === 'failed' || value === 'declined') state.failed ??= `${value}: ${row!.textContent?.replace(/\s+/g, ' ').trim().slice(0, 200)}`;
    else return;
    state.observer?.disconnect();
  };
  state.observer = new MutationObserver(check);
  state.observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });
  check();
}

export function transferDoneState(): { doneAt: number | null; failed: string | null } | null {
  const state = (window as AnyWindow).__fileDone;
  return state ? { doneAt: state.doneAt, failed: state.failed } : null;
}

/**
 * Sender side, both kinds: samples bufferedAmount of the newest open data channel labelled `label` every 20 ms
 * while running. A queue that sits near the high watermark means the sender keeps the pipe full and something
 * downstream (SCTP, the relay, the receiver) sets the pace; a queue that keeps running dry means the sender does.
 */
export function watchQueue(args: { label: string; low: number }): boolean {
  const w = window as AnyWindow;
  const channels = ((w.__dcs ?? []) as RTCDataChannel[]).filter((c) => c.label === args.label && c.readyState === 'open');
  const channel = channels[channels.length - 1];
  if (!channel) return false;
  if (w.__queue?.timer) clearInterval(w.__queue.timer);
  const queue = { samples: 0, sum: 0, max: 0, belowLow: 0, empty: 0, timer: 0 as unknown as ReturnType<typeof setInterval> };
  queue.timer = setInterval(() => {
    const amount = channel.bufferedAmount;
    queue.samples++;
    queue.sum += amount;
    queue.max = Math.max(queue.max, amount);
    if (amount < args.low) queue.belowLow++;
    if (amount === 0) queue.empty++;
  }, 20);
  w.__queue = queue;
  w.__blobReads = [];
  return true;
}

export interface QueueStats {
  samples: number;
  meanBytes: number;
  maxBytes: number;
  /** Share of samples under the low watermark / at zero. */
  belowLowShare: number;
  emptyShare: number;
  /** Blob.arrayBuffer() calls on the sending page meanwhile (the product reads the file in 1 MiB slices), ms. */
  reads: { count: number; p50Ms: number | null; p90Ms: number | null; maxMs: number | null; totalMs: number };
}

export function stopQueueWatch(): QueueStats | null {
  const w = window as AnyWindow;
  const queue = w.__queue;
  if (!queue) return null;
  clearInterval(queue.timer);
  w.__queue = null;
  const reads = ((w.__blobReads ?? []) as number[]).slice().sort((a, b) => a - b);
  w.__blobReads = null;
  const at = (p: number) => (reads.length ? reads[Math.min(reads.length - 1, Math.ceil(p * reads.length) - 1)] : null);
  const n = Math.max(1, queue.samples);
  return {
    samples: queue.samples,
    meanBytes: queue.sum / n,
    maxBytes: queue.max,
    belowLowShare: queue.belowLow / n,
    emptyShare: queue.empty / n,
    reads: { count: reads.length, p50Ms: at(0.5), p90Ms: at(0.9), maxMs: reads.length ? reads[reads.length - 1] : null, totalMs: reads.reduce((a, b) => a + b, 0) },
  };
}

/**
 * Baseline byte sender (the technician's bare page): answers the `bulk` channel the other side opens. A text
 * message `{"bytes": N}` starts a send of N bytes in `messageBytes` messages, queued while bufferedAmount stays
 * under the high watermark and resumed on bufferedamountlow (threshold: the low watermark).
 */
export function installBulkSender(config: { label: string; messageBytes: number; highWatermark: number; lowWatermark: number }): void {
  const w = window as AnyWindow;
  const pc = ((w.__pcs ?? []) as RTCPeerConnection[]).slice(-1)[0] ?? (w.pc as RTCPeerConnection);
  const payload = new Uint8Array(config.messageBytes);
  for (let at = 0; at < payload.length; at += 65536) crypto.getRandomValues(payload.subarray(at, Math.min(payload.length, at + 65536)));
  pc.addEventListener('datachannel', ({ channel }: RTCDataChannelEvent) => {
    if (channel.label !== config.label) return;
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = config.lowWatermark;
    let total = 0;
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        if (channel.bufferedAmount + config.messageBytes > config.highWatermark) {
          channel.addEventListener('bufferedamountlow', pump, { once: true });
          return;
        }
        const size = Math.min(config.messageBytes, total - sent);
        channel.send(size === payload.length ? payload : payload.subarray(0, size));
        sent += size;
      }
    };
    channel.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      total = (JSON.parse(event.data) as { bytes: number }).bytes;
      sent = 0;
      pump();
    });
  });
}

/** Baseline receiver (the customer's bare page): opens the ordered, reliable `bulk` channel; resolves once open. */
export function openBulkReceiver(label: string): Promise<void> {
  const w = window as AnyWindow;
  const pc = ((w.__pcs ?? []) as RTCPeerConnection[]).slice(-1)[0] ?? (w.pc as RTCPeerConnection);
  const channel = pc.createDataChannel(label, { ordered: true });
  channel.binaryType = 'arraybuffer';
  const state = { channel, total: 0, received: 0, startAt: null as number | null, doneAt: null as number | null };
  w.__bulk = state;
  channel.addEventListener('message', (event: MessageEvent) => {
    state.received += (event.data as ArrayBuffer).byteLength;
    if (state.received >= state.total && state.doneAt === null && state.startAt !== null) state.doneAt = performance.timeOrigin + performance.now();
  });
  return new Promise((resolve, reject) => {
    channel.addEventListener('open', () => resolve(), { once: true });
    channel.addEventListener('error', () => reject(new Error('bulk channel error')), { once: true });
  });
}

/** Baseline receiver: stamps the start and asks for `bytes` bytes (the counterpart of the product's Accept click). */
export function startBulk(bytes: number): void {
  const state = (window as AnyWindow).__bulk;
  state.total = bytes;
  state.received = 0;
  state.doneAt = null;
  state.startAt = performance.timeOrigin + performance.now();
  state.channel.send(JSON.stringify({ bytes }));
}

export function bulkState(): { startAt: number | null; doneAt: number | null; received: number; total: number; channel: string } | null {
  const state = (window as AnyWindow).__bulk;
  return state ? { startAt: state.startAt, doneAt: state.doneAt, received: state.received, total: state.total, channel: state.channel.readyState } : null;
}

// ---------------------------------------------------------------- input latency (figure 5)

/** Stamps (this page's clock) and text of messages on channels with one label, while armed. */
export interface DataChannelTap {
  label: string;
  received: [number, string][];
  sent: [number, string][];
}

/** Arms (or re-arms, empty) the data channel tap of hookPage for channels labelled `label`. */
export function armTap(label: string): void {
  (window as AnyWindow).__dcTap = { label, received: [], sent: [] } satisfies DataChannelTap;
}

/** What the tap recorded since it was armed; disarms it. */
export function takeTap(): DataChannelTap | null {
  const w = window as AnyWindow;
  const tap = w.__dcTap as DataChannelTap | null | undefined;
  w.__dcTap = null;
  return tap ?? null;
}

/** The key figure 5 sends: Shift does nothing in a page (no text, no default action) nor on a desktop. */
export const BENCH_KEY = { key: 'Shift', code: 'ShiftLeft' } as const;

/**
 * Customer page (co-browse): stamps every untrusted keydown/keyup of BENCH_KEY in the capture phase of the window,
 * the first handler the page executor's dispatched event reaches. The stop-control hotkey listener ignores
 * untrusted events, so nothing else reacts.
 */
export function armKeyArrivals(key: { key: string; code: string }): void {
  const w = window as AnyWindow;
  w.__keyArrivals = [] as number[];
  if (w.__keyListener) return;
  w.__keyListener = (event: KeyboardEvent) => {
    if (!event.isTrusted && event.code === key.code && w.__keyArrivals) w.__keyArrivals.push(performance.timeOrigin + performance.now());
  };
  window.addEventListener('keydown', w.__keyListener, true);
  window.addEventListener('keyup', w.__keyListener, true);
}

export function keyArrivalCount(): number {
  return ((window as AnyWindow).__keyArrivals ?? []).length;
}

export function takeKeyArrivals(): number[] {
  const w = window as AnyWindow;
  const arrivals = (w.__keyArrivals ?? []) as number[];
  w.__keyArrivals = null;
  return arrivals;
}

/**
 * Technician console (product): `count` key events (down, up, down...) dispatched on the remote keyboard field
 * that input/input-capture.ts listens on, so each goes out through the product's own path (its key
 * handler, TechnicianControl's sink, the page's or the helper's input connection). One every `gapMs` (setTimeout: the gap
 * is at least that). Returns the stamp taken just before each dispatch.
 */
export async function sendProductKeys(args: { selector: string; count: number; gapMs: number; key: { key: string; code: string } }): Promise<number[]> {
  const field = document.querySelector<HTMLTextAreaElement>(args.selector);
  if (!field) throw new Error(`No ${args.selector} in the console: is control granted?`);
  const stamps: number[] = [];
  for (let i = 0; i < args.count; i++) {
    const down = i % 2 === 0;
    const event = new KeyboardEvent(down ? 'keydown' : 'keyup', { key: args.key.key, code: args.key.code, shiftKey: down, bubbles: true, cancelable: true, composed: true });
    stamps.push(performance.timeOrigin + performance.now());
    field.dispatchEvent(event);
    await new Promise((resolve) => setTimeout(resolve, args.gapMs));
  }
  return stamps;
}

/** The bare channel's receiver (the customer's bare page): stamps each message in its handler and echoes it back. */
export function armEchoReceiver(label: string): boolean {
  const w = window as AnyWindow;
  const channel = ((w.__dcs ?? []) as RTCDataChannel[]).filter((c) => c.label === label && c.readyState === 'open').pop();
  if (!channel) return false;
  w.__echoArrivals = [] as number[];
  if (!w.__echoChannel || w.__echoChannel !== channel) {
    w.__echoChannel = channel;
    channel.addEventListener('message', (event: MessageEvent) => {
      const at = performance.timeOrigin + performance.now();
      w.__echoArrivals?.push(at);
      channel.send(event.data as string);
    });
  }
  return true;
}

export function echoArrivalCount(): number {
  return ((window as AnyWindow).__echoArrivals ?? []).length;
}

export function takeEchoArrivals(): number[] {
  const w = window as AnyWindow;
  const arrivals = (w.__echoArrivals ?? []) as number[];
  w.__echoArrivals = null;
  return arrivals;
}

/**
 * The bare channel's sender (the technician's bare page): `count` messages shaped like the product's key
 * messages, one every `gapMs`, each stamped just before send(); resolves with those stamps and the stamps of the
 * echoes once every echo is back (or after `timeoutMs`, with what came).
 */
export async function sendBareEchoes(args: { label: string; count: number; gapMs: number; timeoutMs: number; key: { key: string; code: string } }): Promise<{ sent: number[]; echoed: number[] }> {
  const w = window as AnyWindow;
  const channel = ((w.__dcs ?? []) as RTCDataChannel[]).filter((c) => c.label === args.label && c.readyState === 'open').pop();
  if (!channel) throw new Error(`No open "${args.label}" data channel on the bare page`);
  const now = () => performance.timeOrigin + performance.now();
  const sent: number[] = [];
  const echoed: number[] = [];
  let allBack: () => void = () => undefined;
  const back = new Promise<void>((resolve) => {
    allBack = resolve;
  });
  const onEcho = () => {
    echoed.push(now());
    if (echoed.length >= args.count) allBack();
  };
  channel.addEventListener('message', onEcho);
  try {
    for (let i = 0; i < args.count; i++) {
      const down = i % 2 === 0;
      const message = JSON.stringify({
        type: 'key',
        action: down ? 'down' : 'up',
        code: args.key.code,
        key: args.key.key,
        modifiers: { alt: false, ctrl: false, meta: false, shift: down },
        repeat: false,
        seq: i,
        sentAt: performance.now(),
        epoch: 1_763_800_000_000 + i,
      });
      sent.push(now());
      channel.send(message);
      await new Promise((resolve) => setTimeout(resolve, args.gapMs));
    }
    await Promise.race([back, new Promise((resolve) => setTimeout(resolve, args.timeoutMs))]);
  } finally {
    channel.removeEventListener('message', onEcho);
  }
  return { sent, echoed };
}

export interface ChannelRoute {
  label: string;
  connectionState: string;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
}

/** The selected candidate pair of the peer connection of the newest open channel labelled `label` (hookPage's map). */
export async function channelRoute(label: string): Promise<ChannelRoute | null> {
  const w = window as AnyWindow;
  const channel = ((w.__dcs ?? []) as RTCDataChannel[]).filter((c) => c.label === label && c.readyState === 'open').pop();
  const pc = channel ? (w.__dcPc?.get(channel) as RTCPeerConnection | undefined) : undefined;
  if (!pc) return null;
  const report = await pc.getStats();
  let pairId: string | undefined;
  report.forEach((stat: any) => {
    if (stat.type === 'transport' && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
  });
  const pair: any = pairId ? report.get(pairId) : null;
  return {
    label,
    connectionState: pc.connectionState,
    localCandidateType: pair ? (report.get(pair.localCandidateId) as any)?.candidateType ?? null : null,
    remoteCandidateType: pair ? (report.get(pair.remoteCandidateId) as any)?.candidateType ?? null : null,
  };
}
