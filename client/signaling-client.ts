import { io, type Socket } from 'socket.io-client';
import type { Reason } from '../core/errors';
import {
  type Ack,
  type ClientEventName,
  type ClientEventPayload,
  type ClientEventResults,
  type ClientToServerEvents,
  type ErrorCode,
  type Handshake,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
} from '../protocol';

export type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A refusal from the server (or a timeout), with the code the UI translates; `field` and `reasons` when the
 * server says which value it refused and why (the same shape as a refused HTTP request).
 */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode | 'timeout' | 'disconnected',
    message: string,
    readonly retryAfterMs?: number,
    readonly field?: string,
    readonly reasons?: Reason[],
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

type HandshakeWithoutVersion = Handshake extends infer H ? (H extends Handshake ? Omit<H, 'protocolVersion'> : never) : never;

export function connectSignaling(handshake: HandshakeWithoutVersion): SignalingSocket {
  return io({
    auth: { ...handshake, protocolVersion: PROTOCOL_VERSION },
    // WebSocket first: one round trip less before signaling is up; long-polling stays as the fallback.
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
}

/** Sends one acknowledged event and resolves with its result, or rejects with a RequestError. */
export async function request<E extends ClientEventName>(
  socket: SignalingSocket,
  event: E,
  payload: ClientEventPayload<E>,
  timeoutMs = 10_000,
): Promise<ClientEventResults[E]> {
  let ack: Ack<ClientEventResults[E]>;
  try {
    // Socket.IO's generic typing cannot follow a generic event name; the protocol types above pin the shapes.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: E, payload: ClientEventPayload<E>): Promise<Ack<ClientEventResults[E]>>;
    };
    ack = await timed.emitWithAck(event, payload);
  } catch {
    throw new RequestError(socket.connected ? 'timeout' : 'disconnected', `No answer to ${event}`);
  }
  if (!ack.ok) throw new RequestError(ack.code, ack.message, ack.retryAfterMs, ack.field, ack.reasons);
  return ack;
}
