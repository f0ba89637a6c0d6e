import type { Socket } from 'node:dgram';
import type Turn from 'node-turn';
import TurnAddress from 'node-turn/lib/address';

/**
 * Completes node-turn 0.0.6's TURN channels (RFC 8656 12), without which a browser's relayed connection fails about
 * 40 seconds after it is made:
 *
 * - node-turn answers a successful ChannelBind without MESSAGE-INTEGRITY. Chrome drops such an answer, sends the
 *   request again until its STUN transaction times out (39.5 s), then fails the relayed candidate pair: the
 *   session's media and data channels stop. Every success answer here carries the integrity.
 * - node-turn drops the ChannelData messages a client sends once its channel is bound (it only parses STUN
 *   messages). They are relayed here: from the client's allocation, to the peer bound to the channel, while the
 *   peer's permission lasts. Peers were checked when the channel was bound (see EmbeddedRelay's guard).
 *
 * Channels also spare every relayed packet the STUN parse of a Send indication.
 */
export function completeChannels(turn: Turn): void {
  const handlers = turn.listeners('channel_bind') as ((msg: Turn.TurnMessage, reply: Turn.TurnReply) => void)[];
  turn.removeAllListeners('channel_bind');
  turn.on('channel_bind', (msg: Turn.TurnMessage, reply: Turn.TurnReply) => {
    const resolve = reply.resolve.bind(reply);
    reply.resolve = () => {
      reply.addAttribute('message-integrity');
      resolve();
    };
    for (const handler of handlers) handler(msg, reply);
  });

  for (const socket of turn.network.sockets) {
    const clients = new Map<string, Turn.TurnAllocation>();
    socket.on('message', (packet: Buffer, from: Turn.TurnAddress) => {
      const frame = channelData(packet);
      if (!frame) return;
      const allocation = allocationOf(turn, socket, from, clients);
      const peer = allocation?.channelBindings[frame.channel];
      if (!allocation || !peer || !((allocation.permissions[peer.address] ?? 0) > Date.now())) return;
      try {
        allocation.sockets[0]?.send(frame.data, peer.port, peer.address, () => {
          // An unreachable peer: UDP drops it, as the network would.
        });
      } catch {
        // A socket closing under us, or a peer address the peer filter should have refused: this packet only.
      }
    });
  }
}

/** A ChannelData message (first two bits 01, channel 0x4000-0x7FFE, then a length), or null for anything else. */
export function channelData(packet: Buffer): { channel: number; data: Buffer } | null {
  if (packet.length < 4 || (packet[0] & 0xc0) !== 0x40) return null;
  const channel = packet.readUInt16BE(0);
  const length = packet.readUInt16BE(2);
  if (channel > 0x7ffe || 4 + length > packet.length) return null;
  return { channel, data: packet.subarray(4, 4 + length) };
}

/** Clients remembered per listening socket before the memo starts over (each entry is checked on use anyway). */
const MAX_REMEMBERED_CLIENTS = 4096;

/**
 * The live allocation of the client at `from` on this listening socket. node-turn keys its table by a 5-tuple
 * string it builds itself, so the first packet of a client finds it by its address; later ones by the memo. An
 * IPv6 address is compared in node-turn's spelling (`::1` is `0:0:0:0:0:0:0:1` there), not as the socket gives it.
 */
function allocationOf(turn: Turn, socket: Socket, from: Turn.TurnAddress, memo: Map<string, Turn.TurnAllocation>): Turn.TurnAllocation | undefined {
  const key = `${from.address}:${from.port}`;
  const remembered = memo.get(key);
  if (remembered && turn.allocations[remembered.fiveTuple] === remembered) return remembered;
  memo.delete(key);
  const address = new TurnAddress(from.address, from.port).address;
  for (const allocation of Object.values(turn.allocations)) {
    const client = allocation.transport.dst;
    if (client.port !== from.port || client.address !== address || allocation.transport.socket !== socket) continue;
    if (memo.size >= MAX_REMEMBERED_CLIENTS) memo.clear();
    memo.set(key, allocation);
    return allocation;
  }
  return undefined;
}
