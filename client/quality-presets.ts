import type { QualityPreset } from '../protocol';

export interface EncodingPreset {
  maxBitrate: number;
  maxFramerate: number;
  /** What gives way under pressure: frames for text and detail, resolution for motion. */
  degradationPreference: 'maintain-resolution' | 'maintain-framerate' | 'balanced';
  /** Preferred codecs in order; the first one both sides negotiated is used. */
  codecs: string[];
  scaleResolutionDownBy: number;
}

/**
 * Encoder settings per preset. Bitrates are caps, not targets: congestion control still adapts below them.
 * Without a cap Chromium holds a screen at about 2 Mbit/s, which the bench showed costs half the frame rate
 * on a screen that changes everywhere (scrolling, video). "Best speed" keeps motion fluid on weak links (VP8, fewer bits, lower
 * resolution); "Best quality" keeps text sharp (VP9 or AV1 where negotiated, more bits, full resolution).
 */
export const encodingPresets: Record<QualityPreset, EncodingPreset> = {
  balanced: { maxBitrate: 8_000_000, maxFramerate: 30, degradationPreference: 'maintain-resolution', codecs: ['video/VP8'], scaleResolutionDownBy: 1 },
  speed: { maxBitrate: 2_000_000, maxFramerate: 30, degradationPreference: 'maintain-framerate', codecs: ['video/VP8'], scaleResolutionDownBy: 1.5 },
  quality: { maxBitrate: 12_000_000, maxFramerate: 15, degradationPreference: 'maintain-resolution', codecs: ['video/VP9', 'video/AV1', 'video/VP8'], scaleResolutionDownBy: 1 },
};

type CodecParameters = { mimeType: string; clockRate: number; sdpFmtpLine?: string; channels?: number };
type EncodingWithCodec = RTCRtpEncodingParameters & { codec?: CodecParameters; maxFramerate?: number };

/**
 * Applies a preset to a screen sender through setParameters only: no new capture, no renegotiation (the codec
 * switch uses the per-encoding `codec` field among the codecs already negotiated, where the browser has it).
 */
export async function applyPreset(sender: RTCRtpSender, preset: EncodingPreset): Promise<void> {
  const parameters = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string; codecs: CodecParameters[] };
  if (!parameters.encodings?.length) return;
  const negotiated = parameters.codecs ?? [];
  const codec = preset.codecs.map((mime) => negotiated.find((c) => c.mimeType.toLowerCase() === mime.toLowerCase())).find(Boolean);
  const encoding = parameters.encodings[0] as EncodingWithCodec;
  encoding.maxBitrate = preset.maxBitrate;
  encoding.maxFramerate = preset.maxFramerate;
  encoding.scaleResolutionDownBy = preset.scaleResolutionDownBy;
  if (codec) encoding.codec = codec;
  parameters.degradationPreference = preset.degradationPreference;
  try {
    await sender.setParameters(parameters);
  } catch (error) {
    // A browser without per-encoding codec selection: keep the negotiated codec, apply the rest.
    delete encoding.codec;
    await sender.setParameters(parameters);
    console.warn('Lifeline: codec switch not supported here', error);
  }
}
