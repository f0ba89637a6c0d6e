/**
 * In the test pages (bundled by testing/cobrowse/rig.ts): how a page talks to the other one. Either through the
 * test itself (each message to Node by an exposed function, Node passes it on with evaluate: the test sees every
 * message), or over a real WebRTC data channel between the two pages, signalled through the test (what the widget
 * will use, and what the bench measures). The channel is negotiated with a fixed id, ordered and reliable, as the
 * product's `control` channel is.
 */

export type LinkMode = 'test' | 'webrtc';

declare global {
  interface Window {
    /** Exposed by the rig: a message for the other page (mode `test`). */
    __lifelineOut?: (wire: string) => Promise<void>;
    /** Exposed by the rig: a signal for the other page's peer connection (mode `webrtc`). */
    __lifelineSignal?: (signal: string) => Promise<void>;
  }
}

export interface PageLink {
  send(wire: string): void;
  /** A signal from the other page (mode `webrtc`). */
  signal(signal: string): Promise<void>;
  /** For timeouts that report state. */
  describe(): Record<string, unknown>;
}

export function openLink(mode: LinkMode, role: 'offer' | 'answer', receive: (wire: string) => void): { link: PageLink; open: Promise<void> } {
  if (mode === 'test') {
    const link: PageLink = {
      send: (wire) => void window.__lifelineOut!(wire),
      signal: async () => undefined,
      describe: () => ({ mode }),
    };
    return { link, open: Promise.resolve() };
  }
  const pc = new RTCPeerConnection({ iceServers: [] });
  const channel = pc.createDataChannel('cobrowse', { negotiated: true, id: 0, ordered: true });
  channel.onmessage = ({ data }) => {
    if (typeof data === 'string') receive(data);
  };
  pc.onicecandidate = ({ candidate }) => {
    if (candidate) void window.__lifelineSignal!(JSON.stringify({ candidate: candidate.toJSON() }));
  };
  let queue = Promise.resolve();
  const link: PageLink = {
    send: (wire) => channel.send(wire),
    signal: (text) => {
      // One signal at a time: SDP operations must never interleave.
      queue = queue.then(async () => {
        const signal = JSON.parse(text) as { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit };
        if (signal.candidate) await pc.addIceCandidate(signal.candidate);
        if (signal.description) {
          await pc.setRemoteDescription(signal.description);
          if (signal.description.type === 'offer') {
            await pc.setLocalDescription(await pc.createAnswer());
            void window.__lifelineSignal!(JSON.stringify({ description: pc.localDescription }));
          }
        }
      });
      return queue;
    },
    describe: () => ({ mode, connection: pc.connectionState, ice: pc.iceConnectionState, channel: channel.readyState, buffered: channel.bufferedAmount }),
  };
  if (role === 'offer') {
    void (async () => {
      await pc.setLocalDescription(await pc.createOffer());
      void window.__lifelineSignal!(JSON.stringify({ description: pc.localDescription }));
    })();
  }
  const open = new Promise<void>((resolve) => {
    if (channel.readyState === 'open') resolve();
    else channel.addEventListener('open', () => resolve(), { once: true });
  });
  return { link, open };
}
