/**
 * In-page code for the peer comparison (figure 8): the peer's own target page drawn over the customer's page, the
 * viewer's reader of it, and the levers the bench can switch on either side without changing the product. Each
 * exported function is self-contained (puppeteer sends its source).
 */

type AnyWindow = Window & Record<string, any>;

/**
 * The target page of `../shared/peers/meshcentral/bench.js` (its TARGET_HTML), drawn the same way over the whole
 * viewport of the customer's kiosk window, so both products capture the same pixels: a magenta screen, a 16-bit
 * code bar (value row, complement row), the big counter while counting, and a flash square that toggles
 * green/blue on every mousedown/keydown. It lets clicks through (pointer-events: none) until `T.takeInput()`:
 * the share button under it must stay clickable, and after that a click must land on the canvas, not on a
 * button of the page under it.
 */
export function installPeerTarget(screen: { width: number; height: number }): void {
  const w = window as AnyWindow;
  if (w.T) return;
  const c = document.createElement('canvas');
  c.width = screen.width;
  c.height = screen.height;
  c.style.cssText = 'position:fixed;left:0;top:0;z-index:2147483647;pointer-events:none;cursor:none';
  document.documentElement.appendChild(c);
  const g = c.getContext('2d')!;
  const now = () => performance.timeOrigin + performance.now();
  const T: Record<string, any> = { value: 0, counting: false, flash: 0, paintLog: {} as Record<number, number>, events: [] as unknown[], painted: 0, full: false };
  w.T = T;
  const FLASH = ['#ff00ff', '#00ff00', '#0000ff'];
  function paint() {
    g.fillStyle = T.full ? 'hsl(' + ((T.value * 7) % 360) + ',100%,50%)' : '#ff00ff';
    g.fillRect(0, 0, c.width, c.height);
    for (let i = 0; i < 16; i++) {
      const bit = (T.value >> (15 - i)) & 1;
      g.fillStyle = bit ? '#ffffff' : '#000000';
      g.fillRect(32 + i * 32, 32, 32, 32);
      g.fillStyle = bit ? '#000000' : '#ffffff';
      g.fillRect(32 + i * 32, 64, 32, 32);
    }
    if (T.counting) {
      g.fillStyle = '#ffffff';
      g.font = 'bold 150px monospace';
      g.fillText(String(T.value), 32, 290);
    }
    g.fillStyle = FLASH[T.flash];
    g.fillRect(800, 400, 400, 280);
  }
  function tick() {
    if (!T.counting) return;
    T.value = (T.value + 1) & 0xffff;
    paint();
    T.paintLog[T.value] = now();
    T.painted++;
    requestAnimationFrame(tick);
  }
  T.start = (full: boolean) => {
    if (T.counting) return;
    T.full = !!full;
    T.counting = true;
    T.painted = 0;
    T.paintLog = {};
    requestAnimationFrame(tick);
  };
  T.stop = () => {
    T.counting = false;
    T.full = false;
    paint();
  };
  T.reset = () => {
    T.counting = false;
    T.value = 0;
    T.flash = 0;
    T.events = [];
    paint();
  };
  T.takeInput = () => {
    c.style.pointerEvents = 'auto';
  };
  function onInput(e: MouseEvent | KeyboardEvent) {
    const t = now();
    T.events.push({ type: e.type, t, trusted: e.isTrusted });
    if (e.type === 'mousedown' || e.type === 'keydown') {
      T.flash = T.flash === 1 ? 2 : 1;
      paint();
    }
  }
  window.addEventListener('mousedown', onInput, true);
  window.addEventListener('keydown', onInput, true);
  paint();
}

export function targetCall(method: string, arg?: unknown): any {
  const T = (window as AnyWindow).T;
  if (!T) throw new Error('no peer target on this page');
  if (method === 'painted' || method === 'paintLog' || method === 'events') return T[method];
  return T[method](arg);
}

/**
 * Viewer side: reads the peer's target off every frame of the shared screen, as the peer's bench reads its own
 * canvas: the code bar (value and complement rows, so half-updated frames are rejected), three points that are
 * magenta on a correct first image, and the flash square's colour. `render`: 'video' reads in the video
 * element's requestVideoFrameCallback (the frame handed to the compositor: what the product shows); 'track' reads
 * the track's decoded frames as they come out of the decoder (MediaStreamTrackProcessor), the time a page drawing
 * frames to a canvas itself could show them.
 */
export function installPeerReader(args: { selector: string; screen: { width: number; height: number }; render: 'video' | 'track'; trackGlobal?: string }): void {
  const w = window as AnyWindow;
  w.__peerReader?.dispose();
  const now = () => performance.timeOrigin + performance.now();
  const { screen } = args;
  const code = document.createElement('canvas');
  code.width = 512;
  code.height = 64;
  const codeContext = code.getContext('2d', { willReadFrequently: true })!;
  const probe = document.createElement('canvas');
  probe.width = 4;
  probe.height = 1;
  const probeContext = probe.getContext('2d', { willReadFrequently: true })!;
  const POINTS: [number, number][] = [[640, 360], [1100, 150], [300, 600], [1000, 540]];
  const near = (d: Uint8ClampedArray, o: number, r: number, g: number, b: number, tol: number) =>
    Math.abs(d[o] - r) < tol && Math.abs(d[o + 1] - g) < tol && Math.abs(d[o + 2] - b) < tol;
  const cls = (d: Uint8ClampedArray, o: number) => (near(d, o, 0, 255, 0, 90) ? 1 : near(d, o, 0, 0, 255, 90) ? 2 : near(d, o, 255, 0, 255, 90) ? 0 : -1);
  const R = {
    armedAt: null as number | null,
    firstFrame: null as number | null,
    firstColor: null as number | null,
    frames: 0,
    decode: false,
    seen: new Map<number, number>(),
    lastVal: -1,
    flashCls: null as number | null,
    flashChanges: [] as { t: number; cls: number }[],
    inputs: [] as number[],
    source: null as unknown,
    arm() {
      R.armedAt = now();
      R.firstFrame = null;
      R.firstColor = null;
      R.attach();
    },
    startDecode() {
      R.seen = new Map();
      R.lastVal = -1;
      R.decode = true;
    },
    stopDecode() {
      R.decode = false;
      return [...R.seen.entries()];
    },
    state() {
      return { armedAt: R.armedAt, firstFrame: R.firstFrame, firstColor: R.firstColor, frames: R.frames, flashCls: R.flashCls };
    },
    takeInput() {
      const out = { inputs: R.inputs, flash: R.flashChanges };
      R.inputs = [];
      R.flashChanges = [];
      return out;
    },
    dispose() {
      R.source = null;
      R.disposed = true;
      observer.disconnect();
      window.removeEventListener('pointerdown', onMouseDown, true);
    },
    disposed: false,
    attach() {
      if (R.disposed) return;
      if (args.trackGlobal) return readTrack(w[args.trackGlobal] as MediaStreamTrack | undefined);
      const video = document.querySelector<HTMLVideoElement>(args.selector);
      if (!video) return;
      if (args.render === 'track') return readTrack((video.srcObject as MediaStream | null)?.getVideoTracks()[0]);
      if (R.source === video) return;
      R.source = video;
      const onFrame = () => {
        if (R.source !== video) return;
        read(video, video.videoWidth, video.videoHeight, now());
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    },
  };
  w.__peerReader = R;

  /** Reads the track's frames as they leave the decoder (or the capture), until another source replaces it. */
  function readTrack(track: MediaStreamTrack | undefined): void {
    if (!track || R.source === track) return;
    R.source = track;
    const reader = new (w as AnyWindow).MediaStreamTrackProcessor({ track }).readable.getReader();
    const pump = async () => {
      for (;;) {
        const { value: frame, done } = await reader.read();
        if (done) return;
        try {
          if (R.source === track) read(frame, frame.displayWidth, frame.displayHeight, now());
        } finally {
          frame.close();
        }
      }
    };
    void pump();
  }

  const observer = new MutationObserver(() => R.attach());
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-testid'] });
  // pointerdown, not mousedown: the console's input capture cancels pointerdown, and with it the mousedown that
  // would follow (the peer's canvas cancels nothing, so its bench can listen to mousedown: the same instant).
  const onMouseDown = () => R.inputs.push(now());
  window.addEventListener('pointerdown', onMouseDown, true);

  function read(source: CanvasImageSource, width: number, height: number, t: number): void {
    if (R.armedAt === null || !width || !height) return;
    R.frames++;
    R.firstFrame ??= t;
    const fx = width / screen.width;
    const fy = height / screen.height;
    POINTS.forEach(([x, y], i) => probeContext.drawImage(source, x * fx, y * fy, Math.max(1, fx), Math.max(1, fy), i, 0, 1, 1));
    const p = probeContext.getImageData(0, 0, 4, 1).data;
    if (R.firstColor === null && [0, 1, 2].every((i) => near(p, i * 4, 255, 0, 255, 60))) R.firstColor = t;
    const c = cls(p, 12);
    if (c !== -1 && c !== R.flashCls) {
      if (R.flashCls !== null) R.flashChanges.push({ t, cls: c });
      R.flashCls = c;
    }
    if (!R.decode) return;
    codeContext.drawImage(source, 32 * fx, 32 * fy, 512 * fx, 64 * fy, 0, 0, 512, 64);
    const d = codeContext.getImageData(0, 0, 512, 64).data;
    let v = 0;
    let inv = 0;
    for (let i = 0; i < 16; i++) {
      const o1 = (16 * 512 + i * 32 + 16) * 4;
      const o2 = (48 * 512 + i * 32 + 16) * 4;
      v = (v << 1) | (d[o1] + d[o1 + 1] + d[o1 + 2] > 384 ? 1 : 0);
      inv = (inv << 1) | (d[o2] + d[o2 + 1] + d[o2 + 2] > 384 ? 1 : 0);
    }
    if (((v ^ inv) & 0xffff) === 0xffff && v !== R.lastVal) {
      R.lastVal = v;
      if (!R.seen.has(v)) R.seen.set(v, t);
    }
  }
  R.attach();
}

export function peerReaderCall(method: string): any {
  const reader = (window as AnyWindow).__peerReader;
  if (!reader) throw new Error('no peer reader on this page');
  return reader[method]();
}

/** The levers a variant switches on, parsed from `key=value` pairs (see bench/README.md, figure 8). */
export type Levers = Record<string, string>;

/**
 * Customer side, before the page's own scripts: overrides what the product asks of the capture and the encoder.
 * fps=N: getDisplayMedia frameRate {ideal: N, max: N}; hint=text|detail|motion|none: the track's contentHint;
 * codec=VP8|VP9|H264|AV1: the encoding's codec among the negotiated ones; deg=...: degradationPreference;
 * maxfps=N, bitrate=N (bit/s), scal=L1T2...: the encoding's maxFramerate, maxBitrate, scalabilityMode;
 * still=off: every captured frame is sent (the still-frame filter needs insertable streams, hidden then).
 */
export function applySenderLevers(levers: Record<string, string>): void {
  const w = window as AnyWindow;
  w.__levers = levers;
  if (!Object.keys(levers).length) return;
  // still=off: no insertable streams, so the product sends every captured frame (client/still-frames.ts).
  if (levers.still === 'off') {
    delete w.MediaStreamTrackGenerator;
    delete w.MediaStreamTrackProcessor;
  }
  const devices = w.MediaDevices?.prototype as MediaDevices | undefined;
  // probe=capture: a clone of the captured track for the customer-side reader (paint -> captured), diagnostics.
  if (devices?.getDisplayMedia && levers.probe === 'capture') {
    const original = devices.getDisplayMedia;
    devices.getDisplayMedia = function (this: MediaDevices, options?: DisplayMediaStreamOptions) {
      return original.call(this, options).then((stream) => {
        w.__captureTrack = stream.getVideoTracks()[0]?.clone();
        w.__peerReader?.attach();
        return stream;
      });
    };
  }
  if (devices?.getDisplayMedia && levers.fps) {
    const original = devices.getDisplayMedia;
    devices.getDisplayMedia = function (this: MediaDevices, options?: DisplayMediaStreamOptions) {
      const video = typeof options?.video === 'object' ? { ...options.video } : {};
      video.frameRate = { ideal: Number(levers.fps), max: Number(levers.fps) };
      return original.call(this, { ...options, video });
    };
  }
  if (levers.hint) {
    const descriptor = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, 'contentHint')!;
    Object.defineProperty(MediaStreamTrack.prototype, 'contentHint', {
      configurable: true,
      get(this: MediaStreamTrack) {
        return descriptor.get!.call(this);
      },
      set(this: MediaStreamTrack, value: string) {
        descriptor.set!.call(this, this.kind === 'video' ? (levers.hint === 'none' ? '' : levers.hint) : value);
      },
    });
  }
  if (levers.codec || levers.deg || levers.maxfps || levers.bitrate || levers.scal) {
    const setParameters = RTCRtpSender.prototype.setParameters;
    RTCRtpSender.prototype.setParameters = function (this: RTCRtpSender, parameters: RTCRtpSendParameters, ...rest: unknown[]) {
      const p = parameters as RTCRtpSendParameters & { degradationPreference?: RTCDegradationPreference; codecs: { mimeType: string }[] };
      const encoding = p.encodings?.[0] as (RTCRtpEncodingParameters & { codec?: unknown; scalabilityMode?: string }) | undefined;
      if (encoding && this.track?.kind === 'video') {
        if (levers.codec) {
          const codec = (p.codecs ?? []).find((c) => c.mimeType.toLowerCase() === `video/${levers.codec.toLowerCase()}`);
          if (codec) encoding.codec = codec;
        }
        if (levers.maxfps) encoding.maxFramerate = Number(levers.maxfps);
        if (levers.bitrate) encoding.maxBitrate = Number(levers.bitrate);
        if (levers.scal) encoding.scalabilityMode = levers.scal;
        if (levers.deg) p.degradationPreference = levers.deg as RTCDegradationPreference;
      }
      return (setParameters as (...a: unknown[]) => Promise<void>).call(this, p, ...rest);
    };
  }
}

/**
 * Viewer side, at any time (the console page lives across runs): jbt=off stops the product from setting the
 * receiver's jitterBufferTarget (Chromium's default playout then); jbt=N sets N ms instead of the product's value.
 */
export function applyViewerLevers(levers: Record<string, string>): void {
  const w = window as AnyWindow;
  const proto = RTCRtpReceiver.prototype as unknown as Record<string, unknown>;
  w.__jbtDescriptor ??= Object.getOwnPropertyDescriptor(proto, 'jitterBufferTarget');
  const native = w.__jbtDescriptor as PropertyDescriptor | undefined;
  if (!native) return;
  if (!levers.jbt) {
    Object.defineProperty(proto, 'jitterBufferTarget', native);
    return;
  }
  Object.defineProperty(proto, 'jitterBufferTarget', {
    configurable: true,
    get(this: RTCRtpReceiver) {
      return native.get!.call(this);
    },
    set(this: RTCRtpReceiver, value: number | null) {
      if (levers.jbt === 'off') return;
      native.set!.call(this, Number(levers.jbt ?? value));
    },
  });
}

export interface WireStats {
  timestamp: number;
  /** inbound-rtp video: payload + RTP header and padding bytes. */
  videoBytes: number;
  /** inbound-rtp video: RTP header and padding bytes alone (bandwidth probes are padding). */
  headerBytes: number;
  /** The selected transport's bytesReceived: everything on the wire (video, RTCP, data channels, STUN). */
  wireBytes: number;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
  codec: string | null;
  /** Sender side (outbound-rtp), for the customer's page. */
  framesEncoded: number;
  totalEncodeTime: number;
  qualityLimitationReason: string | null;
  encoderImplementation: string | null;
  /** Receiver: seconds summed over frames (jitter buffer, decode, receive -> decoded). */
  jitterBufferDelay: number;
  jitterBufferEmittedCount: number;
  totalDecodeTime: number;
  totalProcessingDelay: number;
}

/** Video and transport counters of the newest connected peer connection that carries video. */
export async function wireStats(): Promise<WireStats | null> {
  const pcs = (((window as AnyWindow).__pcs ?? []) as RTCPeerConnection[]).filter((pc) => pc.connectionState === 'connected');
  for (const pc of pcs.reverse()) {
    const report = await pc.getStats();
    let inbound: any = null;
    let outbound: any = null;
    let transport: any = null;
    report.forEach((stat: any) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') inbound = stat;
      if (stat.type === 'outbound-rtp' && stat.kind === 'video' && stat.bytesSent > 0) outbound = stat;
      if (stat.type === 'transport' && stat.selectedCandidatePairId) transport = stat;
    });
    if (!inbound && !outbound) continue;
    const codec: any = report.get((inbound ?? outbound).codecId);
    return {
      timestamp: (inbound ?? outbound).timestamp,
      videoBytes: inbound ? inbound.bytesReceived + (inbound.headerBytesReceived ?? 0) : 0,
      headerBytes: inbound?.headerBytesReceived ?? 0,
      wireBytes: transport?.bytesReceived ?? 0,
      framesDecoded: inbound?.framesDecoded ?? 0,
      frameWidth: inbound?.frameWidth ?? outbound?.frameWidth ?? 0,
      frameHeight: inbound?.frameHeight ?? outbound?.frameHeight ?? 0,
      codec: codec?.mimeType ?? null,
      framesEncoded: outbound?.framesEncoded ?? 0,
      totalEncodeTime: outbound?.totalEncodeTime ?? 0,
      qualityLimitationReason: outbound?.qualityLimitationReason ?? null,
      encoderImplementation: outbound?.encoderImplementation ?? null,
      jitterBufferDelay: inbound?.jitterBufferDelay ?? 0,
      jitterBufferEmittedCount: inbound?.jitterBufferEmittedCount ?? 0,
      totalDecodeTime: inbound?.totalDecodeTime ?? 0,
      totalProcessingDelay: inbound?.totalProcessingDelay ?? 0,
    };
  }
  return null;
}

/** Where the video shows its picture inside the element (object-fit: contain), in page CSS pixels. */
export function videoContentBox(selector: string): { x: number; y: number; width: number; height: number; frameWidth: number; frameHeight: number } | null {
  const video = document.querySelector<HTMLVideoElement>(selector);
  if (!video || !video.videoWidth) return null;
  const box = video.getBoundingClientRect();
  const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
  const width = video.videoWidth * scale;
  const height = video.videoHeight * scale;
  return { x: box.left + (box.width - width) / 2, y: box.top + (box.height - height) / 2, width, height, frameWidth: video.videoWidth, frameHeight: video.videoHeight };
}
