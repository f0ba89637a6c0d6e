import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';

/**
 * A minimal TURN client over UDP for integration tests (RFC 5389 message format, RFC 5766 methods, long-term
 * credentials). It reaches the relay over IPv4 or IPv6, talks to IPv4 peers only, never retransmits (loopback
 * does not lose datagrams) and sends no FINGERPRINT: node-turn checks a fingerprint only when a request carries
 * one, and answers with one only then.
 */

export const MAGIC_COOKIE = 0x2112a442;
const HEADER_LENGTH = 20;

export const Method = {
  Binding: 0x001,
  Allocate: 0x003,
  Refresh: 0x004,
  Send: 0x006,
  Data: 0x007,
  CreatePermission: 0x008,
  ChannelBind: 0x009,
} as const;

export const MessageClass = { Request: 0b00, Indication: 0b01, Success: 0b10, Error: 0b11 } as const;

export const Attr = {
  Username: 0x0006,
  MessageIntegrity: 0x0008,
  ErrorCode: 0x0009,
  ChannelNumber: 0x000c,
  Lifetime: 0x000d,
  XorPeerAddress: 0x0012,
  Data: 0x0013,
  Realm: 0x0014,
  Nonce: 0x0015,
  XorRelayedAddress: 0x0016,
  RequestedTransport: 0x0019,
  XorMappedAddress: 0x0020,
  Software: 0x8022,
  Fingerprint: 0x8028,
} as const;

/** IANA protocol number for UDP, the only REQUESTED-TRANSPORT RFC 5766 defines. */
export const TRANSPORT_UDP = 17;

export interface TransportAddress {
  address: string;
  port: number;
}

export interface StunAttribute {
  type: number;
  value: Buffer;
  /** Where the attribute's header starts in the raw message. */
  offset: number;
}

export interface StunMessage {
  method: number;
  messageClass: number;
  transactionId: Buffer;
  attributes: StunAttribute[];
  raw: Buffer;
}

export interface TurnResponse {
  message: StunMessage;
  ok: boolean;
  error?: { code: number; reason: string };
}

export interface AllocateResponse extends TurnResponse {
  relayed?: TransportAddress;
  mapped?: TransportAddress;
  lifetime?: number;
}

/** Data from a peer: a Data indication, or a ChannelData message (then `channel` is set). */
export interface DataIndication {
  peer: TransportAddress;
  data: Buffer;
  channel?: number;
}

// --- message format ---------------------------------------------------------------------------------------------

export function encodeMessageType(method: number, messageClass: number): number {
  return (
    (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | ((messageClass & 0b01) << 4) | ((messageClass & 0b10) << 7)
  );
}

export function encodeAttribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  const padding = (4 - (value.length % 4)) % 4;
  return Buffer.concat([header, value, Buffer.alloc(padding)]);
}

/**
 * Encodes a STUN message. With an integrity key, MESSAGE-INTEGRITY (HMAC-SHA1) is appended last, computed over the
 * message whose length field already counts the MESSAGE-INTEGRITY attribute (RFC 5389 15.4).
 */
export function encodeMessage(options: {
  method: number;
  messageClass: number;
  transactionId?: Buffer;
  attributes: { type: number; value: Buffer }[];
  integrityKey?: Buffer;
}): Buffer {
  const transactionId = options.transactionId ?? randomBytes(12);
  const body = Buffer.concat(options.attributes.map((attribute) => encodeAttribute(attribute.type, attribute.value)));
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt16BE(encodeMessageType(options.method, options.messageClass), 0);
  header.writeUInt16BE(body.length + (options.integrityKey ? 24 : 0), 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  const message = Buffer.concat([header, body]);
  if (!options.integrityKey) return message;
  const hmac = createHmac('sha1', options.integrityKey).update(message).digest();
  return Buffer.concat([message, encodeAttribute(Attr.MessageIntegrity, hmac)]);
}

/** Parses a STUN message; undefined for anything else (ChannelData, garbage, truncated messages). */
export function decodeMessage(packet: Buffer): StunMessage | undefined {
  if (packet.length < HEADER_LENGTH || (packet[0] & 0xc0) !== 0) return undefined;
  if (packet.readUInt32BE(4) !== MAGIC_COOKIE) return undefined;
  const length = packet.readUInt16BE(2);
  if (length % 4 !== 0 || HEADER_LENGTH + length > packet.length) return undefined;
  const type = packet.readUInt16BE(0);
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const messageClass = ((type & 0x0010) >> 4) | ((type & 0x0100) >> 7);
  const raw = packet.subarray(0, HEADER_LENGTH + length);
  const attributes: StunAttribute[] = [];
  let offset = HEADER_LENGTH;
  while (offset + 4 <= raw.length) {
    const attributeType = raw.readUInt16BE(offset);
    const attributeLength = raw.readUInt16BE(offset + 2);
    if (offset + 4 + attributeLength > raw.length) return undefined;
    attributes.push({ type: attributeType, value: raw.subarray(offset + 4, offset + 4 + attributeLength), offset });
    offset += 4 + attributeLength + ((4 - (attributeLength % 4)) % 4);
  }
  return { method, messageClass, transactionId: raw.subarray(8, 20), attributes, raw };
}

export function attribute(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((candidate) => candidate.type === type)?.value;
}

/** ERROR-CODE: class (hundreds digit) in the low 3 bits of byte 2, number (0-99) in byte 3, then the reason. */
export function errorCode(message: StunMessage): { code: number; reason: string } | undefined {
  const value = attribute(message, Attr.ErrorCode);
  if (!value || value.length < 4) return undefined;
  return { code: (value[2] & 0x07) * 100 + value[3], reason: value.subarray(4).toString('utf8') };
}

export function encodeXorAddress(peer: TransportAddress): Buffer {
  const octets = peer.address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) {
    throw new Error(`testing TURN client: IPv4 only, not ${peer.address}`);
  }
  const value = Buffer.alloc(8);
  value[1] = 0x01;
  value.writeUInt16BE(peer.port ^ (MAGIC_COOKIE >>> 16), 2);
  value.writeUInt32BE((Buffer.from(octets).readUInt32BE(0) ^ MAGIC_COOKIE) >>> 0, 4);
  return value;
}

export function decodeXorAddress(value: Buffer, transactionId: Buffer): TransportAddress {
  const family = value[1];
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  if (family === 0x01) {
    const address = (value.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0;
    return { address: [address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff].join('.'), port };
  }
  if (family === 0x02) {
    const key = Buffer.alloc(16);
    key.writeUInt32BE(MAGIC_COOKIE, 0);
    transactionId.copy(key, 4);
    const groups: string[] = [];
    for (let i = 0; i < 8; i++) groups.push((value.readUInt16BE(4 + i * 2) ^ key.readUInt16BE(i * 2)).toString(16));
    return { address: groups.join(':'), port };
  }
  throw new Error(`unknown address family ${family}`);
}

/** The long-term credential key: MD5(username:realm:password) (RFC 5389 15.4). */
export function longTermKey(username: string, realm: string, password: string): Buffer {
  return createHash('md5').update(`${username}:${realm}:${password}`).digest();
}

/** Whether a received message carries a MESSAGE-INTEGRITY that matches the key. */
export function hasValidIntegrity(message: StunMessage, key: Buffer): boolean {
  const integrity = message.attributes.find((candidate) => candidate.type === Attr.MessageIntegrity);
  if (!integrity || integrity.value.length !== 20) return false;
  const covered = Buffer.from(message.raw.subarray(0, integrity.offset));
  covered.writeUInt16BE(integrity.offset - HEADER_LENGTH + 24, 2);
  return timingSafeEqual(createHmac('sha1', key).update(covered).digest(), integrity.value);
}

function methodName(method: number): string {
  return Object.entries(Method).find(([, value]) => value === method)?.[0] ?? `method 0x${method.toString(16)}`;
}

// --- client -----------------------------------------------------------------------------------------------------

interface Pending {
  resolve: (message: StunMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One client transport address (one UDP socket on 127.0.0.1), so one potential allocation on the server. */
export class TurnTestClient {
  private readonly pending = new Map<string, Pending>();
  private readonly dataIndications: DataIndication[] = [];
  private readonly dataWaiters = new Set<(indication: DataIndication) => void>();
  /** Peers by the channel numbers the server bound for this client. */
  private readonly channels = new Map<number, TransportAddress>();
  private credentials?: { username: string; realm: string; nonce: string; key: Buffer };
  private closed = false;
  relayed?: TransportAddress;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly server: TransportAddress,
    readonly timeoutMs: number,
  ) {
    socket.on('message', (packet) => this.receive(packet));
    // Errors on an unconnected UDP socket (ICMP unreachable and the like) must not crash the test run.
    socket.on('error', () => {});
  }

  static async connect(server: TransportAddress, options: { timeoutMs?: number } = {}): Promise<TurnTestClient> {
    const ipv6 = isIPv6(server.address);
    const socket = dgram.createSocket(ipv6 ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, ipv6 ? '::1' : '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new TurnTestClient(socket, server, options.timeoutMs ?? 2_000);
  }

  get local(): TransportAddress {
    const { address, port } = this.socket.address();
    return { address, port };
  }

  /** The key of the long-term credentials the last allocate() used, to check response integrity. */
  get integrityKey(): Buffer | undefined {
    return this.credentials?.key;
  }

  /**
   * Sends a request and waits for the response with the same transaction id. With authenticate (the default when
   * credentials are known), USERNAME, REALM, NONCE and MESSAGE-INTEGRITY are added; a 438 (stale nonce) is retried
   * once with the fresh nonce.
   */
  async request(
    method: number,
    attributes: { type: number; value: Buffer }[],
    options: { authenticate?: boolean } = {},
  ): Promise<TurnResponse> {
    const authenticate = options.authenticate ?? this.credentials !== undefined;
    let response = await this.transact(method, attributes, authenticate);
    if (authenticate && response.error?.code === 438 && this.credentials) {
      const nonce = attribute(response.message, Attr.Nonce);
      if (nonce) {
        this.credentials.nonce = nonce.toString('utf8');
        response = await this.transact(method, attributes, authenticate);
      }
    }
    return response;
  }

  /** Allocate with long-term credentials: an unauthenticated attempt for the 401 with REALM and NONCE, then the real one. */
  async allocate(username: string, password: string): Promise<AllocateResponse> {
    const requestedTransport = { type: Attr.RequestedTransport, value: Buffer.from([TRANSPORT_UDP, 0, 0, 0]) };
    const challenge = await this.request(Method.Allocate, [requestedTransport], { authenticate: false });
    if (challenge.error?.code !== 401) return this.allocateResponse(challenge);
    const realm = attribute(challenge.message, Attr.Realm)?.toString('utf8');
    const nonce = attribute(challenge.message, Attr.Nonce)?.toString('utf8');
    if (realm === undefined || nonce === undefined) throw new Error('401 to Allocate without REALM and NONCE');
    this.credentials = { username, realm, nonce, key: longTermKey(username, realm, password) };
    const response = this.allocateResponse(await this.request(Method.Allocate, [requestedTransport], { authenticate: true }));
    if (response.ok) this.relayed = response.relayed;
    return response;
  }

  createPermission(...addresses: string[]): Promise<TurnResponse> {
    return this.request(
      Method.CreatePermission,
      addresses.map((address) => ({ type: Attr.XorPeerAddress, value: encodeXorAddress({ address, port: 0 }) })),
    );
  }

  async channelBind(channelNumber: number, peer: TransportAddress): Promise<TurnResponse> {
    const channel = Buffer.alloc(4);
    channel.writeUInt16BE(channelNumber, 0);
    const response = await this.request(Method.ChannelBind, [
      { type: Attr.ChannelNumber, value: channel },
      { type: Attr.XorPeerAddress, value: encodeXorAddress(peer) },
    ]);
    if (response.ok) this.channels.set(channelNumber, peer);
    return response;
  }

  /** A ChannelData message on a channel (bound or not: the server decides), padded to 4 bytes as over UDP. */
  sendChannelData(channelNumber: number, data: Buffer): Promise<void> {
    const header = Buffer.alloc(4);
    header.writeUInt16BE(channelNumber, 0);
    header.writeUInt16BE(data.length, 2);
    return this.sendPacket(Buffer.concat([header, data, Buffer.alloc((4 - (data.length % 4)) % 4)]));
  }

  refresh(lifetime?: number): Promise<TurnResponse> {
    const attributes: { type: number; value: Buffer }[] = [];
    if (lifetime !== undefined) {
      const value = Buffer.alloc(4);
      value.writeUInt32BE(lifetime, 0);
      attributes.push({ type: Attr.Lifetime, value });
    }
    return this.request(Method.Refresh, attributes);
  }

  /** A Send indication (XOR-PEER-ADDRESS + DATA); indications are not authenticated and get no answer. */
  send(peer: TransportAddress, data: Buffer): Promise<void> {
    const packet = encodeMessage({
      method: Method.Send,
      messageClass: MessageClass.Indication,
      attributes: [
        { type: Attr.XorPeerAddress, value: encodeXorAddress(peer) },
        { type: Attr.Data, value: data },
      ],
    });
    return this.sendPacket(packet);
  }

  /** The next data from a peer, Data indication or ChannelData (queued if it already arrived); rejects after the timeout. */
  nextData(timeoutMs = this.timeoutMs): Promise<DataIndication> {
    const queued = this.dataIndications.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = (indication: DataIndication) => {
        clearTimeout(timer);
        this.dataWaiters.delete(waiter);
        resolve(indication);
      };
      const timer = setTimeout(() => {
        this.dataWaiters.delete(waiter);
        reject(new Error(`no Data indication within ${timeoutMs} ms`));
      }, timeoutMs);
      this.dataWaiters.add(waiter);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error('client closed'));
      this.pending.delete(id);
    }
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }

  private async transact(method: number, attributes: { type: number; value: Buffer }[], authenticate: boolean): Promise<TurnResponse> {
    const credentials = this.credentials;
    if (authenticate && !credentials) throw new Error('no credentials: allocate() first');
    const transactionId = randomBytes(12);
    const packet = encodeMessage({
      method,
      messageClass: MessageClass.Request,
      transactionId,
      attributes:
        authenticate && credentials
          ? [
              ...attributes,
              { type: Attr.Username, value: Buffer.from(credentials.username, 'utf8') },
              { type: Attr.Realm, value: Buffer.from(credentials.realm, 'utf8') },
              { type: Attr.Nonce, value: Buffer.from(credentials.nonce, 'utf8') },
            ]
          : attributes,
      integrityKey: authenticate ? credentials?.key : undefined,
    });
    const id = transactionId.toString('hex');
    const answer = new Promise<StunMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no response to ${methodName(method)} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
    await this.sendPacket(packet).catch((error: unknown) => {
      const pending = this.pending.get(id);
      if (pending) {
        clearTimeout(pending.timer);
        this.pending.delete(id);
        pending.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    const message = await answer;
    if (message.method !== method) throw new Error(`response method ${methodName(message.method)} to ${methodName(method)}`);
    if (message.messageClass === MessageClass.Success) return { message, ok: true };
    if (message.messageClass === MessageClass.Error) {
      return { message, ok: false, error: errorCode(message) ?? { code: 0, reason: 'error response without ERROR-CODE' } };
    }
    throw new Error(`unexpected message class ${message.messageClass} in response to ${methodName(method)}`);
  }

  private allocateResponse(response: TurnResponse): AllocateResponse {
    const { message } = response;
    const relayed = attribute(message, Attr.XorRelayedAddress);
    const mapped = attribute(message, Attr.XorMappedAddress);
    const lifetime = attribute(message, Attr.Lifetime);
    return {
      ...response,
      relayed: relayed && decodeXorAddress(relayed, message.transactionId),
      mapped: mapped && decodeXorAddress(mapped, message.transactionId),
      lifetime: lifetime && lifetime.length === 4 ? lifetime.readUInt32BE(0) : undefined,
    };
  }

  private sendPacket(packet: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('client closed'));
      this.socket.send(packet, this.server.port, this.server.address, (error) => (error ? reject(error) : resolve()));
    });
  }

  private receive(packet: Buffer): void {
    if (packet.length >= 4 && (packet[0] & 0xc0) === 0x40) {
      const channel = packet.readUInt16BE(0);
      const peer = this.channels.get(channel);
      const length = packet.readUInt16BE(2);
      if (peer && 4 + length <= packet.length) this.deliver({ peer, channel, data: Buffer.from(packet.subarray(4, 4 + length)) });
      return;
    }
    const message = decodeMessage(packet);
    if (!message) return;
    if (message.messageClass === MessageClass.Indication) {
      if (message.method !== Method.Data) return;
      const peer = attribute(message, Attr.XorPeerAddress);
      const data = attribute(message, Attr.Data);
      if (!peer || !data) return;
      this.deliver({ peer: decodeXorAddress(peer, message.transactionId), data: Buffer.from(data) });
      return;
    }
    const id = message.transactionId.toString('hex');
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    pending.resolve(message);
  }

  private deliver(indication: DataIndication): void {
    const [waiter] = this.dataWaiters;
    if (waiter) waiter(indication);
    else this.dataIndications.push(indication);
  }
}
