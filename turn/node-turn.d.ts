// node-turn 0.0.6 ships no types; this covers the parts turn/relay.ts and turn/channel-data.ts use.
declare module 'node-turn' {
  import type { EventEmitter } from 'node:events';
  import type { Socket } from 'node:dgram';

  namespace Turn {
    interface TurnAddress {
      address: string;
      port: number;
    }
    interface TurnReply {
      reject(code: number, reason: string): void;
      discard(): void;
      addAttribute(name: 'lifetime', value: number): void;
      addAttribute(name: 'software', value: string): void;
      addAttribute(name: 'message-integrity'): void;
      resolve(): void;
    }
    interface TurnMessage {
      getAttribute(name: 'xor-peer-address'): TurnAddress | undefined | false;
      getAttribute(name: 'lifetime'): number | undefined;
      getAttributes(name: 'xor-peer-address'): TurnAddress[];
      user?: { username: string };
      allocation?: TurnAllocation;
      transport: { get5Tuple(): string };
    }
    interface TurnAllocation {
      user?: { username: string };
      /** The client's side: `dst` is the client's transport address, `socket` the listening socket it uses. */
      transport: { dst: TurnAddress; socket: Socket };
      /** Peers by channel number, and permissions' expiry (ms since the epoch) by peer IP. */
      channelBindings: Record<number, TurnAddress | undefined>;
      permissions: Record<string, number | undefined>;
      sockets: Socket[];
      /** Where the relay sends from for this allocation (its relayed transport address). */
      relayedTransportAddress?: TurnAddress;
      timer: NodeJS.Timeout;
      fiveTuple: string;
      timeToExpiry: number;
    }
  }
  interface TurnOptions {
    listeningPort?: number;
    listeningIps?: string[];
    relayIps?: string[];
    externalIps?: string | Record<string, string>;
    minPort?: number;
    maxPort?: number;
    authMech?: 'none' | 'short-term' | 'long-term';
    credentials?: Record<string, string>;
    realm?: string;
    debugLevel?: 'OFF' | 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE' | 'ALL';
    log?: (message: unknown) => void;
    maxAllocateLifetime?: number;
    defaultAllocatetLifetime?: number;
  }
  class Turn extends EventEmitter {
    constructor(options: TurnOptions);
    start(): void;
    stop(): void;
    addUser(username: string, password: string): void;
    removeUser(username: string): void;
    allocations: Record<string, Turn.TurnAllocation>;
    software: string;
    network: { sockets: Socket[] };
  }
  export = Turn;
}

declare module 'node-turn/lib/address' {
  /** node-turn's transport address: IPv6 spelled its own way (zeros written out), as its allocations hold them. */
  class Address {
    constructor(address: string, port: number);
    readonly address: string;
    readonly port: number;
  }
  export = Address;
}
