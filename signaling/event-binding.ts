import type { z } from 'zod';
import { DomainError, ErrorCode, isDomainError } from '../core/errors';
import { reasonOf } from '../core/zod-reasons';
import type { Logger } from '../core/logger';
import { TokenBucket } from '../core/rate-limit';
import { type AckError, type ClientEventName, type ClientEventResults, clientEvents } from '../protocol';
import type { LifelineSocket } from './session-hub';

/** How many events one socket may send: a burst, then so many a second. */
export interface EventBudget {
  burst: number;
  perSecond: number;
  now: () => number;
}

export type On = <E extends ClientEventName>(
  event: E,
  handler: (payload: z.output<(typeof clientEvents)[E]>) => Promise<ClientEventResults[E]>,
) => void;

/**
 * Binds a role's handlers to a socket. Every payload is parsed by its schema; every answer is an ack
 * `{ ok: true, ... } | { ok: false, code, message }`; nothing a client sends can throw. Events the role did not
 * register are refused as forbidden, unknown events as bad requests.
 */
export function bindEvents(socket: LifelineSocket, log: Logger, register: (on: On) => void, budget: EventBudget): void {
  const registered = new Set<ClientEventName>();
  // Every event a socket sends, known or not, takes a token: a client flooding the server is answered
  // rate_limited, cheaply, before any parsing or storage, and others are not slowed down by it.
  const bucket = new TokenBucket(budget.now, budget.burst, budget.perSecond);
  let warnedAt = -Infinity;
  const overBudget = (event: string, ack: ((result: unknown) => void) | undefined): boolean => {
    const verdict = bucket.take();
    if (verdict.allowed) return false;
    if (budget.now() - warnedAt > 10_000) {
      warnedAt = budget.now();
      log.warn('signaling: socket over its event budget', { event, socket: socket.id });
    }
    ack?.({ ok: false, code: ErrorCode.rateLimited, message: 'Too many events. Slow down.', retryAfterMs: verdict.retryAfterMs });
    return true;
  };
  const on: On = (event, handler) => {
    registered.add(event);
    // Read the raw arguments: a client may send no payload, or no ack, or junk in either place.
    socket.on(event, (async (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (result: unknown) => void) : undefined;
      if (overBudget(event, ack)) return;
      const parsed = clientEvents[event].safeParse(args[0], { reportInput: true });
      let result: unknown;
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        result = { ok: false, code: ErrorCode.badRequest, message: `Invalid ${event} payload: ${issue.path.join('.') || 'payload'} ${issue.message}`, field: issue.path.join('.') || undefined, reasons: [reasonOf(issue)] };
        log.warn('signaling: bad payload', { event, socket: socket.id, issue: issue.message });
      } else {
        try {
          result = { ok: true, ...(await handler(parsed.data as z.output<(typeof clientEvents)[typeof event]>)) };
        } catch (error) {
          result = toAckError(error, log, event);
        }
      }
      if (ack) ack(result);
      else log.warn('signaling: event without acknowledgement callback', { event, socket: socket.id });
    }) as never);
  };

  register(on);
  for (const event of Object.keys(clientEvents) as ClientEventName[]) {
    if (registered.has(event)) continue;
    on(event, async () => {
      throw DomainError.forbidden(`${{ customer: 'Customers', technician: 'Technicians', helper: 'Helpers' }[socket.data.role]} cannot use ${event}.`);
    });
  }

  socket.onAny((event: string, ...args: unknown[]) => {
    // Own names only: `in` would also find __proto__ and toString, which no handler answers.
    if (Object.hasOwn(clientEvents, event)) return;
    const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as (result: unknown) => void) : undefined;
    if (overBudget(event, ack)) return;
    log.warn('signaling: unknown event', { event, socket: socket.id });
    ack?.({ ok: false, code: ErrorCode.badRequest, message: `Unknown event "${event}"` });
  });
}

export function toAckError(error: unknown, log: Logger, event?: string): AckError {
  if (isDomainError(error)) {
    return {
      ok: false,
      code: error.code,
      message: error.message,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      ...(error.field ? { field: error.field } : {}),
      ...(error.reasons?.length ? { reasons: error.reasons } : {}),
    };
  }
  if (error && typeof error === 'object' && 'issues' in error) {
    return { ok: false, code: ErrorCode.badRequest, message: 'Invalid input.' };
  }
  log.error('signaling: handler failed', { event: event ?? 'handshake', error });
  return { ok: false, code: ErrorCode.internal, message: 'Something went wrong on the server.' };
}
