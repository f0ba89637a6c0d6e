import Turn from 'node-turn';
import { createPeerFilter } from './peer-filter';

export interface EmbeddedRelayOptions {
  listenIp: string;
  port: number;
  relayIp: string;
  /** Address announced in relayed candidates when the relay sits behind NAT. */
  externalIp?: string;
  minPort: number;
  maxPort: number;
  realm: string;
  allowLoopbackPeers: boolean;
  /** Allocations one username (one support session) may hold at once. */
  maxAllocationsPerUser: number;
  log: (message: string) => void;
}

/**
 * The embedded node-turn relay, guarded: it only knows the usernames of live support sessions, refuses peer
 * addresses inside our own networks, caps allocations per session, and tears a session's allocations down the
 * moment the session ends (node-turn alone would keep relaying until the allocation's lifetime ran out).
 */
export class EmbeddedRelay {
  private readonly turn: Turn;

  constructor(private readonly options: EmbeddedRelayOptions) {
    this.turn = new Turn({
      listeningPort: options.port,
      listeningIps: [options.listenIp],
      relayIps: [options.relayIp],
      externalIps: options.externalIp,
      minPort: options.minPort,
      maxPort: options.maxPort,
      authMech: 'long-term',
      credentials: {},
      realm: options.realm,
      debugLevel: 'FATAL',
      log: (message) => options.log(String(message)),
    });
    this.guard();
  }

  async start(): Promise<void> {
    this.turn.start();
    await Promise.all(
      this.turn.network.sockets.map(
        (socket) =>
          new Promise<void>((resolve, reject) => {
            socket.once('listening', resolve);
            socket.once('error', (error) => reject(new Error(`TURN relay cannot listen on ${this.options.listenIp}:${this.options.port}: ${error.message}`)));
          }),
      ),
    );
  }

  addUser(username: string, password: string): void {
    this.turn.addUser(username, password);
  }

  /** Forget the username and close every allocation it holds, so relayed media stops now. */
  revokeUser(username: string): void {
    this.turn.removeUser(username);
    for (const [key, allocation] of Object.entries(this.turn.allocations)) {
      if (allocation.user?.username !== username) continue;
      clearTimeout(allocation.timer);
      for (const socket of allocation.sockets) closeQuietly(socket);
      delete this.turn.allocations[key];
    }
  }

  stop(): void {
    for (const key of Object.keys(this.turn.allocations)) {
      const allocation = this.turn.allocations[key];
      clearTimeout(allocation.timer);
      for (const socket of allocation.sockets) closeQuietly(socket);
      delete this.turn.allocations[key];
    }
    for (const socket of this.turn.network.sockets) closeQuietly(socket);
  }

  /**
   * node-turn dispatches each request to listeners registered by its method handlers. We put a check in front
   * of the handlers that matter: peer addresses for permissions, channel binds and sends; quotas for allocations.
   */
  private guard(): void {
    const allowed = createPeerFilter({
      relayIps: [this.options.relayIp, ...(this.options.externalIp ? [this.options.externalIp] : [])],
      minPort: this.options.minPort,
      maxPort: this.options.maxPort,
      allowLoopback: this.options.allowLoopbackPeers,
    });
    this.intercept('create_permission', (msg, reply) => {
      // A permission is per IP (RFC 8656 9), so our own relay address passes here; channel binds and sends
      // to it are then held to our relay port range.
      const refused = msg.getAttributes('xor-peer-address').find((peer) => !allowed(peer.address, this.options.minPort));
      if (!refused) return true;
      this.options.log(`TURN: refused permission for peer ${refused.address}`);
      reply.reject(403, 'Forbidden');
      return false;
    });
    this.intercept('channel_bind', (msg, reply) => {
      const peer = msg.getAttribute('xor-peer-address');
      if (!peer || allowed(peer.address, peer.port)) return true;
      this.options.log(`TURN: refused channel bind to peer ${peer.address}:${peer.port}`);
      reply.reject(403, 'Forbidden');
      return false;
    });
    this.intercept('send', (msg, reply) => {
      const peer = msg.getAttribute('xor-peer-address');
      if (!peer || allowed(peer.address, peer.port)) return true;
      reply.discard();
      return false;
    });
    this.intercept('allocate', (msg, reply) => {
      const username = msg.user?.username;
      const held = Object.values(this.turn.allocations).filter((a) => a.user?.username === username).length;
      if (held < this.options.maxAllocationsPerUser) return true;
      reply.reject(486, 'Allocation Quota Reached');
      return false;
    });
  }

  private intercept(event: string, check: (msg: Turn.TurnMessage, reply: Turn.TurnReply) => boolean): void {
    const handlers = this.turn.listeners(event) as ((msg: Turn.TurnMessage, reply: Turn.TurnReply) => void)[];
    this.turn.removeAllListeners(event);
    this.turn.on(event, (msg: Turn.TurnMessage, reply: Turn.TurnReply) => {
      if (check(msg, reply)) for (const handler of handlers) handler(msg, reply);
    });
  }
}

/** node-turn's sockets may already be closed (or closing while packets arrive: ERR_SOCKET_DGRAM_NOT_RUNNING). */
function closeQuietly(socket: { close(): void }): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}
