/**
 * For tests of the browser's connection classes in Node: @roamhq/wrtc (the helper's WebRTC) stands in for the
 * browser's RTCPeerConnection, so they run over real peer connections.
 */
import { beforeAll } from 'vitest';

export function useWrtcPeerConnections(): void {
  beforeAll(async () => {
    const wrtc = (await import('@roamhq/wrtc')) as unknown as { default?: { RTCPeerConnection: unknown }; RTCPeerConnection?: unknown };
    (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection ??= wrtc.default?.RTCPeerConnection ?? wrtc.RTCPeerConnection;
  });
}

/** Resolves once `check()` holds (polled every 10 ms), or fails naming `what` after `ms`. */
export function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`Timed out waiting for ${what}`));
      }
    }, 10);
  });
}
