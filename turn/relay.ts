import Turn from 'node-turn';
import { completeChannels } from './channel-data';
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
    completeChannels(this.turn);
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
    this.admitted.delete(username);
    for (const [key, allocation] of Object.entries(this.turn.allocations)) {
      if (allocation.user?.username === username) delete this.turn.allocations[key];
    }
  }

  stop(): void {
    for (const key of Object.keys(this.turn.allocations)) delete this.turn.allocations[key];
    for (const socket of this.turn.network.sockets) closeQuietly(socket);
  }

  /** Client 5-tuples admitted to allocate, per username, with when: node-turn allocates asynchronously. */
  private readonly admitted = new Map<string, Map<string, number>>();

  /**
   * node-turn 0.0.6 forgets an allocation by deleting it from `allocations` (on expiry, on a zero-lifetime
   * refresh) without closing its relay socket, which then keeps forwarding a permitted peer's packets. Every
   * removal goes through this proxy instead, so it always closes the sockets and clears the timer.
   */
  private ownAllocations(): void {
    this.turn.allocations = new Proxy({} as Record<string, Turn.TurnAllocation>, {
      deleteProperty(target, key) {
        const allocation = target[key as string];
        if (allocation) {
          clearTimeout(allocation.timer);
          for (const socket of allocation.sockets) closeQuietly(socket);
        }
        return Reflect.deleteProperty(target, key);
      },
    });
  }

  /**
   * node-turn dispatches each request to listeners registered by its method handlers. We put a check in front
   * of the handlers that matter: peer addresses for permissions, channel binds and sends; quotas for allocations;
   * and we answer Refresh ourselves (node-turn's reads settings that do not exist and expires the allocation
   * about a millisecond later, which would drop every relayed session at its first refresh).
   */
  private guard(): void {
    this.ownAllocations();
    const filter = createPeerFilter({
      relayIps: [this.options.relayIp, ...(this.options.externalIp ? [this.options.externalIp] : [])],
      isRelayedPort: (port) => Object.values(this.turn.allocations).some((allocation) => allocation.relayedTransportAddress?.port === port),
      allowLoopback: this.options.allowLoopbackPeers,
    });
    const allowed = (address: string, port: number) => filter.reaches(address, port);
    this.intercept('create_permission', (msg, reply) => {
      // A permission is per IP (RFC 8656 9), so our own relay address passes here; channel binds and sends
      // to it are then held to the ports our live allocations relay from.
      const refused = msg.getAttributes('xor-peer-address').find((peer) => !filter.permits(peer.address));
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
    this.intercept(
      'allocate',
      (msg, reply) => {
        if (this.admit(msg.user?.username ?? '', msg.transport.get5Tuple())) return true;
        reply.reject(486, 'Allocation Quota Reached');
        return false;
      },
      (msg) => {
        // A retransmitted Allocate makes node-turn re-arm the expiry timer with an undefined lifetime (about
        // 1 ms): put the timer back to the allocation's real expiry.
        const allocation = msg.allocation;
        if (allocation) this.expireAt(msg.transport.get5Tuple(), allocation, allocation.timeToExpiry);
      },
    );
    this.intercept('refresh', (msg, reply) => {
      this.refresh(msg, reply);
      return false;
    });
  }

  /**
   * Counts allocations a username holds or is being given: node-turn creates them asynchronously, so a burst
   * of simultaneous requests would all see the old count. A retransmission from an admitted 5-tuple passes.
   */
  private admit(username: string, fiveTuple: string): boolean {
    const now = Date.now();
    const admitted = this.admitted.get(username) ?? new Map<string, number>();
    for (const [tuple, at] of admitted) {
      const live = this.turn.allocations[tuple]?.user?.username === username;
      if (!live && now - at > PENDING_ALLOCATION_MS) admitted.delete(tuple);
    }
    if (!admitted.has(fiveTuple) && admitted.size >= this.options.maxAllocationsPerUser) return false;
    admitted.set(fiveTuple, admitted.get(fiveTuple) ?? now);
    this.admitted.set(username, admitted);
    return true;
  }

  /** RFC 8656 section 7: keep the allocation for the requested lifetime (capped), or end it at zero. */
  private refresh(msg: Turn.TurnMessage, reply: Turn.TurnReply): void {
    const allocation = msg.allocation;
    if (!allocation) return reply.reject(437, 'Allocation Mismatch');
    const requested = msg.getAttribute('lifetime');
    const lifetime = requested === undefined ? DEFAULT_LIFETIME_S : Math.min(requested, MAX_LIFETIME_S);
    const key = msg.transport.get5Tuple();
    if (lifetime === 0) delete this.turn.allocations[key];
    else this.expireAt(key, allocation, Date.now() + lifetime * 1000);
    reply.addAttribute('lifetime', lifetime);
    reply.addAttribute('software', this.turn.software);
    reply.addAttribute('message-integrity');
    reply.resolve();
  }

  private expireAt(key: string, allocation: Turn.TurnAllocation, at: number): void {
    clearTimeout(allocation.timer);
    allocation.timeToExpiry = at;
    allocation.timer = setTimeout(() => {
      if (this.turn.allocations[key] === allocation) delete this.turn.allocations[key];
    }, Math.max(0, at - Date.now()));
  }

  private intercept(
    event: string,
    check: (msg: Turn.TurnMessage, reply: Turn.TurnReply) => boolean,
    after?: (msg: Turn.TurnMessage) => void,
  ): void {
    const handlers = this.turn.listeners(event) as ((msg: Turn.TurnMessage, reply: Turn.TurnReply) => void)[];
    this.turn.removeAllListeners(event);
    this.turn.on(event, (msg: Turn.TurnMessage, reply: Turn.TurnReply) => {
      if (!check(msg, reply)) return;
      for (const handler of handlers) handler(msg, reply);
      after?.(msg);
    });
  }
}

/** RFC 8656 defaults: 10 minutes unless asked, at most an hour. */
const DEFAULT_LIFETIME_S = 600;
const MAX_LIFETIME_S = 3600;
/** How long an admitted Allocate may take to show up in node-turn's table before its slot is freed. */
const PENDING_ALLOCATION_MS = 5000;

/** node-turn's sockets may already be closed (or closing while packets arrive: ERR_SOCKET_DGRAM_NOT_RUNNING). */
function closeQuietly(socket: { close(): void }): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}
