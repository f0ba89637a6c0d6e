import type { Page } from 'puppeteer-core';

/**
 * Test instrumentation (never in the product): keeps every RTCPeerConnection a page creates, so a test can read
 * what the browser itself reports, such as a sender's getParameters().
 */
export async function recordPeerConnections(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const Native = window.RTCPeerConnection;
    const created: RTCPeerConnection[] = [];
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = created;
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        created.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

export interface ScreenSenderParameters {
  trackId: string | null;
  maxBitrate: number | null;
  maxFramerate: number | null;
  scaleResolutionDownBy: number | null;
  degradationPreference: string | null;
  codec: string | null;
}

/** getParameters() of the video sender of the newest open peer connection in the page. */
export async function screenSenderParameters(page: Page): Promise<ScreenSenderParameters> {
  return page.evaluate(() => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = connections.filter((c) => c.connectionState !== 'closed').at(-1);
    const sender = pc?.getSenders().find((s) => s.track?.kind === 'video' || s.transport);
    if (!sender) throw new Error('no video sender');
    const parameters = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
    const encoding = (parameters.encodings[0] ?? {}) as RTCRtpEncodingParameters & { maxFramerate?: number; codec?: { mimeType: string } };
    return {
      trackId: sender.track?.id ?? null,
      maxBitrate: encoding.maxBitrate ?? null,
      maxFramerate: encoding.maxFramerate ?? null,
      scaleResolutionDownBy: encoding.scaleResolutionDownBy ?? null,
      degradationPreference: parameters.degradationPreference ?? null,
      codec: encoding.codec?.mimeType ?? null,
    };
  });
}

/** Waits until the screen sender of the newest connection is capped at `maxBitrate` (a preset took effect). */
export async function waitForMaxBitrate(page: Page, maxBitrate: number): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
      const sender = pcs.at(-1)?.getSenders().find((s) => s.track?.kind === 'video');
      return sender?.getParameters().encodings[0]?.maxBitrate === expected;
    },
    { timeout: 10_000 },
    maxBitrate,
  );
}
