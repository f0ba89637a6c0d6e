import dgram from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { turnCredential, type TurnCredential } from './credentials';
import { EmbeddedRelay, type EmbeddedRelayOptions } from './relay';
import { hasValidIntegrity, TurnTestClient, type TransportAddress } from '../testing/turn-client';

const secret = 'integration test secret';
const WAIT_MS = 2_000;

interface RunningRelay {
  relay: EmbeddedRelay;
  server: TransportAddress;
  options: EmbeddedRelayOptions;
  logs: string[];
}

const relays: EmbeddedRelay[] = [];
const clients: TurnTestClient[] = [];
const peers: dgram.Socket[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const peer of peers.splice(0)) closeQuietly(peer);
  for (const relay of relays.splice(0)) relay.stop();
});

/** A machine with IPv6 turned off has no ::1 to listen on, and nothing to test it with. */
function hasIpv6Loopback(): boolean {
  return Object.values(networkInterfaces()).some((addresses) => addresses?.some((address) => address.internal && address.address === '::1'));
}

function closeQuietly(socket: dgram.Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function bindUdp(port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', (error) => {
      closeQuietly(socket);
      reject(error);
    });
    socket.bind({ port, address: '127.0.0.1', exclusive: true }, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

async function freeUdpPort(): Promise<number> {
  const socket = await withTimeout(bindUdp(0), WAIT_MS, 'binding a UDP socket');
  const { port } = socket.address();
  socket.close();
  return port;
}

// Relay port ranges sit below Linux's ephemeral range (32768+), so port-0 sockets never land inside one, and each
// relay gets its own block: a relay binds its range lazily, so probing alone would not keep two relays apart.
const RANGE_SIZE = 32;
let nextRangeStart = 20_000 + RANGE_SIZE * Math.floor(Math.random() * 300);

async function freeUdpPortRange(): Promise<{ minPort: number; maxPort: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const minPort = nextRangeStart;
    nextRangeStart += RANGE_SIZE;
    if (nextRangeStart + RANGE_SIZE > 32_000) nextRangeStart = 20_000;
    const bound = await Promise.allSettled(Array.from({ length: RANGE_SIZE }, (_, i) => bindUdp(minPort + i)));
    for (const result of bound) if (result.status === 'fulfilled') result.value.close();
    if (bound.every((result) => result.status === 'fulfilled')) return { minPort, maxPort: minPort + RANGE_SIZE - 1 };
  }
  throw new Error('no free UDP port range for the relay');
}

async function startRelay(overrides: Partial<EmbeddedRelayOptions> = {}): Promise<RunningRelay> {
  const logs: string[] = [];
  const options: EmbeddedRelayOptions = {
    listenIp: '127.0.0.1',
    port: await freeUdpPort(),
    relayIp: '127.0.0.1',
    ...(await freeUdpPortRange()),
    realm: 'lifeline.test',
    allowLoopbackPeers: false,
    maxAllocationsPerUser: 3,
    log: (line) => logs.push(line),
    ...overrides,
  };
  const relay = new EmbeddedRelay(options);
  relays.push(relay);
  await withTimeout(relay.start(), 5_000, 'starting the relay');
  return { relay, server: { address: options.listenIp, port: options.port }, options, logs };
}

function sessionUser(running: RunningRelay, sessionId: string): TurnCredential {
  const credential = turnCredential(secret, sessionId, Date.now() + 3600e3);
  running.relay.addUser(credential.username, credential.credential);
  return credential;
}

async function client(running: RunningRelay): Promise<TurnTestClient> {
  const created = await TurnTestClient.connect(running.server, { timeoutMs: WAIT_MS });
  clients.push(created);
  return created;
}

async function allocated(running: RunningRelay, user: TurnCredential): Promise<TurnTestClient> {
  const created = await client(running);
  const response = await created.allocate(user.username, user.credential);
  expect(response.error).toBeUndefined();
  return created;
}

async function peerSocket(): Promise<dgram.Socket> {
  const socket = await withTimeout(bindUdp(0), WAIT_MS, 'binding the peer socket');
  peers.push(socket);
  return socket;
}

function nextDatagram(socket: dgram.Socket, timeoutMs = WAIT_MS): Promise<{ data: Buffer; from: TransportAddress }> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer, rinfo: dgram.RemoteInfo) => {
      clearTimeout(timer);
      resolve({ data, from: { address: rinfo.address, port: rinfo.port } });
    };
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      reject(new Error(`no datagram within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('message', onMessage);
  });
}

describe('embedded TURN relay over UDP', () => {
  it('allocates a relayed address on 127.0.0.1 for the session credentials and answers 401 to a wrong password or unknown username', async () => {
    const running = await startRelay();
    const user = sessionUser(running, 'session-a');

    const good = await client(running);
    const response = await good.allocate(user.username, user.credential);
    expect(response.error).toBeUndefined();
    expect(response.ok).toBe(true);
    expect(response.relayed?.address).toBe('127.0.0.1');
    expect(response.relayed?.port).toBeGreaterThanOrEqual(running.options.minPort);
    expect(response.relayed?.port).toBeLessThanOrEqual(running.options.maxPort);
    expect(response.mapped).toEqual(good.local);
    expect(hasValidIntegrity(response.message, good.integrityKey!)).toBe(true);

    const wrongPassword = await client(running);
    expect((await wrongPassword.allocate(user.username, 'not the password')).error?.code).toBe(401);

    const other = turnCredential(secret, 'session-unknown', Date.now() + 3600e3);
    const unknownUser = await client(running);
    expect((await unknownUser.allocate(other.username, other.credential)).error?.code).toBe(401);
  });

  it('refuses permissions to private, reserved and (unless allowed) loopback peers, and grants public and its own relay address', async () => {
    const running = await startRelay();
    const user = sessionUser(running, 'session-a');
    const turn = await allocated(running, user);

    for (const peer of ['10.0.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '224.0.0.1', '127.0.0.2']) {
      const response = await turn.createPermission(peer);
      expect(response.error?.code, peer).toBe(403);
    }
    expect(running.logs).toContain('TURN: refused permission for peer 169.254.169.254');
    // One refused address refuses the whole request.
    expect((await turn.createPermission('8.8.8.8', '10.0.0.1')).error?.code).toBe(403);

    const publicPeer = await turn.createPermission('8.8.8.8');
    expect(publicPeer.error).toBeUndefined();
    expect(hasValidIntegrity(publicPeer.message, turn.integrityKey!)).toBe(true);
    // Relay-to-relay: the relay's own (here loopback) address passes even though loopback peers are refused.
    expect((await turn.createPermission(running.options.relayIp)).error).toBeUndefined();

    const lenient = await startRelay({ allowLoopbackPeers: true });
    const lenientTurn = await allocated(lenient, sessionUser(lenient, 'session-a'));
    expect((await lenientTurn.createPermission('127.0.0.2')).error).toBeUndefined();
    expect((await lenientTurn.createPermission('10.0.0.1')).error?.code).toBe(403);
  });

  it('refuses a channel bind to a private peer and accepts one to a public peer', async () => {
    const running = await startRelay();
    const turn = await allocated(running, sessionUser(running, 'session-a'));

    expect((await turn.channelBind(0x4000, { address: '10.0.0.1', port: 5000 })).error?.code).toBe(403);
    expect((await turn.channelBind(0x4001, { address: '192.168.1.1', port: 5000 })).error?.code).toBe(403);
    expect(running.logs).toContain('TURN: refused channel bind to peer 10.0.0.1:5000');
    // The relay's own address outside its relay port range is not a relay-to-relay peer.
    expect((await turn.channelBind(0x4002, { address: running.options.relayIp, port: running.options.port })).error?.code).toBe(403);

    // Port 0 is no peer: relaying to it would make the send throw in the server's process.
    expect((await turn.channelBind(0x4004, { address: '8.8.8.8', port: 0 })).error?.code).toBe(403);

    const bound = await turn.channelBind(0x4003, { address: '8.8.8.8', port: 3478 });
    expect(bound.error).toBeUndefined();
    // Browsers drop an answer without it, retry until the STUN transaction times out (39.5 s) and then fail the
    // relayed connection: node-turn alone leaves it out.
    expect(hasValidIntegrity(bound.message, turn.integrityKey!)).toBe(true);
  });

  it('relays ChannelData both ways on a bound channel, and nothing on an unbound one', async () => {
    const running = await startRelay({ allowLoopbackPeers: true });
    const turn = await allocated(running, sessionUser(running, 'session-a'));
    const peer = await peerSocket();
    const peerAddress = { address: '127.0.0.1', port: peer.address().port };
    expect((await turn.channelBind(0x4000, peerAddress)).error).toBeUndefined();

    // Odd lengths too: ChannelData over UDP is padded to 4 bytes, the peer gets the data without the padding.
    const atPeer = nextDatagram(peer);
    await turn.sendChannelData(0x4000, Buffer.from('from the client, on a channel'));
    const received = await atPeer;
    expect(received.data.toString()).toBe('from the client, on a channel');
    expect(received.from).toEqual(turn.relayed);

    const atClient = turn.nextData();
    peer.send(Buffer.from('from the peer'), turn.relayed!.port, turn.relayed!.address);
    const back = await atClient;
    expect(back).toEqual({ peer: peerAddress, channel: 0x4000, data: Buffer.from('from the peer') });

    const nothing = nextDatagram(peer, 500);
    await turn.sendChannelData(0x4001, Buffer.from('no such channel'));
    await expect(nothing).rejects.toThrow(/no datagram/);

    // Another client cannot use this client's channel.
    const other = await allocated(running, sessionUser(running, 'session-b'));
    const stillNothing = nextDatagram(peer, 500);
    await other.sendChannelData(0x4000, Buffer.from('not my channel'));
    await expect(stillNothing).rejects.toThrow(/no datagram/);
  });

  // A relay may listen on IPv6 (TURN_LISTEN_IP). node-turn spells an IPv6 client's address its own way, not as
  // Node's sockets report it, and ChannelData is found by the client's address.
  it.skipIf(!hasIpv6Loopback())('relays ChannelData from a client that reaches it over IPv6', async () => {
    const running = await startRelay({ listenIp: '::1', allowLoopbackPeers: true });
    const turn = await allocated(running, sessionUser(running, 'session-v6'));
    const peer = await peerSocket();
    const peerAddress = { address: '127.0.0.1', port: peer.address().port };
    expect((await turn.channelBind(0x4000, peerAddress)).error).toBeUndefined();

    const atPeer = nextDatagram(peer);
    await turn.sendChannelData(0x4000, Buffer.from('from an IPv6 client'));
    expect((await atPeer).data.toString()).toBe('from an IPv6 client');

    const atClient = turn.nextData();
    peer.send(Buffer.from('back to it'), turn.relayed!.port, turn.relayed!.address);
    expect(await atClient).toEqual({ peer: peerAddress, channel: 0x4000, data: Buffer.from('back to it') });
  });

  it('enforces the allocation quota per username', async () => {
    const running = await startRelay({ maxAllocationsPerUser: 3 });
    const user = sessionUser(running, 'session-a');

    for (let i = 0; i < 3; i++) await allocated(running, user);
    const overQuota = await client(running);
    const refused = await overQuota.allocate(user.username, user.credential);
    expect(refused.error?.code).toBe(486);
    expect(refused.relayed).toBeUndefined();

    // Another session has its own quota.
    await allocated(running, sessionUser(running, 'session-b'));
  });

  it('holds a burst of simultaneous allocations to the quota', async () => {
    const running = await startRelay({ maxAllocationsPerUser: 3 });
    const user = sessionUser(running, 'session-a');
    const burst = await Promise.all(Array.from({ length: 8 }, () => client(running)));
    const responses = await Promise.all(burst.map((c) => c.allocate(user.username, user.credential)));
    expect(responses.filter((r) => r.relayed)).toHaveLength(3);
    expect(responses.filter((r) => r.error?.code === 486)).toHaveLength(5);
  });

  it('keeps an allocation alive across refreshes, and a zero-lifetime refresh frees its port', async () => {
    const running = await startRelay({ allowLoopbackPeers: true });
    const turn = await allocated(running, sessionUser(running, 'session-a'));
    const relayedPort = turn.relayed!.port;
    expect((await turn.refresh(600)).error).toBeUndefined();
    // node-turn alone expired the allocation about a millisecond after any refresh.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await turn.createPermission('127.0.0.1')).error).toBeUndefined();

    expect((await turn.refresh(0)).error).toBeUndefined();
    expect((await turn.createPermission('127.0.0.1')).error?.code).toBe(437);
    peers.push(await bindUdp(relayedPort));
  });

  it('closes every allocation of a revoked user at once and refuses its credentials afterwards', async () => {
    const running = await startRelay();
    const user = sessionUser(running, 'session-a');
    const bystander = sessionUser(running, 'session-b');
    const first = await allocated(running, user);
    const second = await allocated(running, user);
    const unaffected = await allocated(running, bystander);
    const firstRelayed = first.relayed!;

    running.relay.revokeUser(user.username);

    const refresh = await first.refresh(600);
    expect(refresh.error?.code).toBe(437);
    expect((await first.createPermission('8.8.8.8')).error?.code).toBe(437);
    expect((await second.createPermission('8.8.8.8')).error?.code).toBe(437);
    // The relayed socket is gone: its port is free again.
    const rebound = await bindUdp(firstRelayed.port);
    peers.push(rebound);

    expect((await first.allocate(user.username, user.credential)).error?.code).toBe(401);
    const fresh = await client(running);
    expect((await fresh.allocate(user.username, user.credential)).error?.code).toBe(401);

    expect((await unaffected.createPermission('8.8.8.8')).error).toBeUndefined();
  });

  it('relays data both ways through a granted permission', async () => {
    const running = await startRelay({ allowLoopbackPeers: true });
    const turn = await allocated(running, sessionUser(running, 'session-a'));
    const peer = await peerSocket();
    const peerAddress = { address: '127.0.0.1', port: peer.address().port };
    expect((await turn.createPermission(peerAddress.address)).error).toBeUndefined();

    const atPeer = nextDatagram(peer);
    await turn.send(peerAddress, Buffer.from('hello from the client'));
    const received = await atPeer;
    expect(received.data.toString()).toBe('hello from the client');
    expect(received.from).toEqual(turn.relayed);

    const atClient = turn.nextData();
    peer.send(Buffer.from('hello from the peer'), turn.relayed!.port, turn.relayed!.address);
    const indication = await atClient;
    expect(indication.data.toString()).toBe('hello from the peer');
    expect(indication.peer).toEqual(peerAddress);
  });

  it('relays between two allocations on a strict relay but sends nothing to other ports of its own address', async () => {
    const running = await startRelay({ allowLoopbackPeers: false });
    const user = sessionUser(running, 'session-a');
    const alice = await allocated(running, user);
    const bob = await allocated(running, user);
    expect((await alice.createPermission(running.options.relayIp)).error).toBeUndefined();
    expect((await bob.createPermission(running.options.relayIp)).error).toBeUndefined();

    const atBob = bob.nextData();
    await alice.send(bob.relayed!, Buffer.from('relay to relay'));
    const indication = await atBob;
    expect(indication.data.toString()).toBe('relay to relay');
    expect(indication.peer).toEqual(alice.relayed);

    // A plain socket on the relay's address, outside the relay port range, is not a peer the relay may send to.
    const outsider = await peerSocket();
    const atOutsider = nextDatagram(outsider, 500);
    await alice.send({ address: '127.0.0.1', port: outsider.address().port }, Buffer.from('should be discarded'));
    await expect(atOutsider).rejects.toThrow(/no datagram/);

    // Nor is a plain service listening inside the relay's port range (a VPN on 51820, say): only ports our live
    // allocations relay from are our own.
    let inside: dgram.Socket | null = null;
    for (let port = running.options.minPort; port <= running.options.maxPort && !inside; port++) {
      inside = await bindUdp(port).catch(() => null);
    }
    if (!inside) throw new Error('no free port inside the relay range');
    peers.push(inside);
    const atInside = nextDatagram(inside, 500);
    await alice.send({ address: '127.0.0.1', port: inside.address().port }, Buffer.from('should be discarded too'));
    await expect(atInside).rejects.toThrow(/no datagram/);
  });
});
