import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Turn from 'node-turn';
import { Server } from 'socket.io';
import { freeUdpPort } from '../../testing/server';
import { completeChannels } from '../../turn/channel-data';

/**
 * The baseline: two plain HTML pages and a bare RTCPeerConnection, no product code. Signaling goes through a
 * bare Socket.IO server (one room per run, messages forwarded as they are). The sender opens the connection
 * with a data channel and a send-only video transceiver before anything is shared; "Share" then calls
 * getDisplayMedia inside the click handler and replaceTrack, no renegotiation: the least work the same
 * user-visible step can take.
 */
export interface BaselineServer {
  url: string;
  turnPort: number;
  close(): Promise<void>;
}

export async function startBaselineServer(): Promise<BaselineServer> {
  const turnPort = await freeUdpPort();
  const turn = new Turn({
    listeningPort: turnPort,
    listeningIps: ['127.0.0.1'],
    relayIps: ['127.0.0.1'],
    authMech: 'long-term',
    credentials: { u: 'p' },
    debugLevel: 'OFF',
  });
  turn.start();
  // node-turn alone fails a browser's relayed connection about 40 s in (see turn/channel-data.ts).
  completeChannels(turn);
  await Promise.all(turn.network.sockets.map((socket) => new Promise<void>((resolve, reject) => {
    socket.once('listening', resolve);
    socket.once('error', reject);
  })));

  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const page = path === '/sender' ? SENDER_HTML : path === '/viewer' ? VIEWER_HTML : null;
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page);
  });
  const io = new Server(server);
  io.on('connection', (socket) => {
    const room = String(socket.handshake.query.room ?? '');
    const role = String(socket.handshake.query.role ?? '');
    void socket.join(room);
    socket.on('signal', (message: unknown) => socket.to(room).emit('signal', message));
    // Both ends present: the sender makes the offer.
    void io.in(room).fetchSockets().then((sockets) => {
      const roles = new Set(sockets.map((s) => String(s.handshake.query.role)));
      if (roles.has('sender') && roles.has('viewer')) io.to(room).emit('ready');
    });
    void role;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    turnPort,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const allocation of Object.values(turn.allocations)) {
        clearTimeout(allocation.timer);
        for (const socket of allocation.sockets) quietly(() => socket.close());
      }
      for (const socket of turn.network.sockets) quietly(() => socket.close());
    },
  };
}

function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // already closed
  }
}

const COMMON = String.raw`
const query = new URLSearchParams(location.search);
const config = query.get('relay') === '1'
  ? { iceServers: [{ urls: 'turn:127.0.0.1:' + query.get('turn') + '?transport=udp', username: 'u', credential: 'p' }], iceTransportPolicy: 'relay' }
  : { iceServers: [] };
const socket = io({ query: { room: query.get('room'), role: ROLE }, transports: ['websocket'] });
const pc = new RTCPeerConnection(config);
window.pc = pc;
pc.onicecandidate = ({ candidate }) => { if (candidate) socket.emit('signal', { candidate: candidate.toJSON() }); };
socket.on('signal', async (message) => {
  if (message.description) {
    await pc.setRemoteDescription(message.description);
    if (message.description.type === 'offer') {
      await pc.setLocalDescription();
      socket.emit('signal', { description: pc.localDescription.toJSON() });
    }
  } else if (message.candidate) {
    await pc.addIceCandidate(message.candidate);
  }
});
`;

const SENDER_HTML = String.raw`<!doctype html>
<html><head><meta charset="utf-8"><title>Baseline sender</title></head>
<body style="margin:0;font-family:sans-serif">
<button id="share" style="margin:16px;font-size:18px">Share</button>
<script src="/socket.io/socket.io.js"></script>
<script>
const ROLE = 'sender';
${COMMON}
pc.createDataChannel('control', { ordered: true });
const sender = pc.addTransceiver('video', { direction: 'sendonly' }).sender;
let offered = false;
socket.on('ready', async () => {
  if (offered) return;
  offered = true;
  await pc.setLocalDescription();
  socket.emit('signal', { description: pc.localDescription.toJSON() });
});
document.getElementById('share').addEventListener('click', () => {
  navigator.mediaDevices.getDisplayMedia({ video: true, audio: false })
    .then((stream) => sender.replaceTrack(stream.getVideoTracks()[0]))
    .catch((error) => { window.shareError = String(error); });
});
</script></body></html>`;

const VIEWER_HTML = String.raw`<!doctype html>
<html><head><meta charset="utf-8"><title>Baseline viewer</title></head>
<body style="margin:0;background:#111">
<video id="remote" autoplay playsinline muted style="width:960px;height:540px;display:block"></video>
<script src="/socket.io/socket.io.js"></script>
<script>
const ROLE = 'viewer';
${COMMON}
const video = document.getElementById('remote');
pc.ontrack = ({ track, streams }) => {
  video.srcObject = streams[0] || new MediaStream([track]);
  video.play().catch(() => {});
};
</script></body></html>`;
