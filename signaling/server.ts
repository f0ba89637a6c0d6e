import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import type { AuthSessions } from '../core/auth/auth-sessions';
import type { CannedReplies, CannedReply } from '../core/canned-replies';
import { DomainError, ErrorCode, isDomainError } from '../core/errors';
import { EndReason, SessionState, type SupportSession, type User } from '../core/model';
import type { Repository } from '../core/repository';
import type { SupportSessions } from '../core/support/support-sessions';
import type { Logger } from '../server/log';
import { AUTH_COOKIE, readCookie } from './cookie';
import { IdleSessions } from './idle-sessions';
import { Presence } from './presence';
import {
  type AckError,
  type ClientEventName,
  type ClientEventResults,
  type ClientToServerEvents,
  clientEvents,
  handshakeSchema,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  type SessionSummary,
  type SessionView,
  type RtcConfig,
  type Signal,
} from './protocol';

export type SocketData =
  | { role: 'technician'; user: User; authSessionId: string }
  | { role: 'customer'; sessionId: string };

type LifelineServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LifelineSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SignalingDeps {
  repo: Repository;
  authSessions: AuthSessions;
  supportSessions: SupportSessions;
  cannedReplies: CannedReplies;
  /** The recording running in a session, if any (the customer always sees that recording is on). */
  recordingOf: (sessionId: string) => string | null;
  ice: { forSession(sessionId: string): RtcConfig; endSession(sessionId: string): void };
  /** Base URL for customer links, e.g. https://support.example.com */
  publicUrl: () => string;
  timeouts: {
    /** An active session with no activity this long closes (after a warning). */
    idleMs: number;
    idleWarningMs: number;
    /** A technician whose console drops has this long to come back before the customer is told. */
    technicianGraceMs: number;
  };
  isOriginAllowed: (origin: string | undefined, host: string | undefined) => boolean;
  log: Logger;
}

const sessionRoom = (id: string) => `session:${id}`;
const userRoom = (id: string) => `user:${id}`;

export function summarize(session: SupportSession): SessionSummary {
  return {
    id: session.id,
    customerName: session.customerName,
    state: session.state,
    code: session.code,
    codeExpiresAt: session.codeExpiresAt,
    createdAt: session.createdAt,
    closedAt: session.closedAt,
    endReason: session.endReason,
  };
}

/**
 * Socket.IO signaling: authenticates every socket at the handshake, pairs one technician socket with one
 * customer socket per support session, and relays chat, share state and WebRTC signals between exactly those two.
 */
export function attachSignaling(httpServer: HttpServer, deps: SignalingDeps) {
  const { supportSessions, log } = deps;
  const presence = new Presence();
  const sharing = new Set<string>();
  /** Sessions with a call proposed (waiting for the customer) or running. */
  const calls = new Map<string, 'proposed' | 'active'>();
  /** Customers not yet told that their technician's console dropped, by session. */
  const graceTimers = new Map<string, NodeJS.Timeout>();
  const idle = new IdleSessions({
    idleMs: deps.timeouts.idleMs,
    warningMs: deps.timeouts.idleWarningMs,
    warn: (sessionId, closesAt) => io.to(sessionRoom(sessionId)).emit('session:idle-warning', { sessionId, closesAt }),
    close: (sessionId) => {
      supportSessions.end(sessionId, 'system', EndReason.idleTimeout).catch((error: unknown) => log.error('signaling: idle close failed', { session: sessionId, error }));
    },
  });

  // Every state change, from a socket, a web route (a customer redeeming a code) or the expiry sweep, reaches
  // the technician's consoles; a close revokes everything the session granted.
  supportSessions.onChange((session) => {
    broadcastUpdate(session);
    if (session.state === SessionState.active) idle.touch(session.id);
    if (session.state === SessionState.closed) {
      revoke(session).catch((error: unknown) => log.error('signaling: revoking a closed session failed', { session: session.id, error }));
    }
  });

  // The customer sees whenever recording starts or stops, whoever started it (web route or session end).
  supportSessions.onEvent((event) => {
    if (event.type !== 'recording_started' && event.type !== 'recording_stopped') return;
    io.to(sessionRoom(event.sessionId)).emit('recording:state', { sessionId: event.sessionId, recording: event.type === 'recording_started' });
  });

  const io: LifelineServer = new Server(httpServer, {
    // Next.js owns other upgrade requests (its dev HMR socket): leave them alone.
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: 512 * 1024,
    allowRequest: (req, callback) => {
      const allowed = deps.isOriginAllowed(req.headers.origin, req.headers.host);
      if (!allowed) log.warn('signaling: refused cross-origin handshake', { origin: req.headers.origin ?? null });
      callback(allowed ? null : 'Origin not allowed', allowed);
    },
  });

  // Signing out ends the consoles that signed in with that session, not only the cookie.
  deps.authSessions.onInvalidate((authSessionId) => {
    for (const socket of io.sockets.sockets.values()) {
      if (socket.data.role === 'technician' && socket.data.authSessionId === authSessionId) socket.disconnect(true);
    }
  });

  io.use(async (socket, next) => {
    try {
      socket.data = await authenticate(socket.handshake.auth, socket.request, deps);
      next();
    } catch (error) {
      const failure = toAckError(error, log);
      const refusal = new Error(failure.message) as Error & { data: AckError };
      refusal.data = failure;
      next(refusal);
    }
  });

  io.on('connection', (socket) => {
    const data = socket.data;
    if (data.role === 'technician') void socket.join(userRoom(data.user.id));
    registerHandlers(socket);
    socket.on('disconnect', () => {
      for (const { sessionId, role } of presence.leaveAll(socket.id)) {
        if (role === 'customer') {
          sharing.delete(sessionId);
          idle.setSharing(sessionId, false);
          tell(sessionId, 'technician', 'peer:presence', { sessionId, peer: 'customer', present: false });
          continue;
        }
        // A console reload or a network blip: give the technician a moment before worrying the customer.
        graceTimers.set(
          sessionId,
          setTimeout(() => {
            graceTimers.delete(sessionId);
            if (!presence.socketOf(sessionId, 'technician')) tell(sessionId, 'customer', 'peer:presence', { sessionId, peer: 'technician', present: false });
          }, deps.timeouts.technicianGraceMs).unref(),
        );
      }
    });
  });

  function registerHandlers(socket: LifelineSocket) {
    const on = <E extends ClientEventName>(
      event: E,
      handler: (payload: z.output<(typeof clientEvents)[E]>) => Promise<ClientEventResults[E]>,
    ) => {
      // Read the raw arguments: a client may send no payload, or no ack, or junk in either place.
      socket.on(event, (async (...args: unknown[]) => {
        const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (result: unknown) => void) : undefined;
        const parsed = clientEvents[event].safeParse(args[0]);
        let result: unknown;
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          result = { ok: false, code: ErrorCode.badRequest, message: `Invalid ${event} payload: ${issue.path.join('.') || 'payload'} ${issue.message}` };
          log.warn('signaling: bad payload', { event, socket: socket.id, issue: issue.message });
        } else {
          try {
            result = { ok: true, ...(await handler(parsed.data as z.output<(typeof clientEvents)[E]>)) };
          } catch (error) {
            result = toAckError(error, log, event);
          }
        }
        if (ack) ack(result);
        else log.warn('signaling: event without acknowledgement callback', { event, socket: socket.id });
      }) as never);
    };

    socket.onAny((event: string, ...args: unknown[]) => {
      if (event in clientEvents) return;
      log.warn('signaling: unknown event', { event, socket: socket.id });
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack({ ok: false, code: ErrorCode.badRequest, message: `Unknown event "${event}"` });
    });

    const data = socket.data;
    if (data.role === 'technician') registerTechnician(socket, data.user, on);
    else registerCustomer(socket, data.sessionId, on);
  }

  type On = <E extends ClientEventName>(
    event: E,
    handler: (payload: z.output<(typeof clientEvents)[E]>) => Promise<ClientEventResults[E]>,
  ) => void;

  function registerTechnician(socket: LifelineSocket, user: User, on: On) {
    on('session:create', async ({ customerName }) => {
      const { session, linkToken } = await supportSessions.create(user, customerName);
      return { session: summarize(session), link: `${deps.publicUrl()}/s/${linkToken}` };
    });

    on('session:list', async () => ({ sessions: (await supportSessions.listForTechnician(user.id)).map(summarize) }));

    on('session:open', async ({ sessionId }) => {
      const session = await supportSessions.forTechnician(user, sessionId);
      // The view is read before the customer hears we are here: their offer must not overtake our answer.
      const view = await viewOf(session, 'technician');
      if (session.state !== SessionState.closed) {
        await socket.join(sessionRoom(sessionId));
        const replaced = presence.enter(sessionId, 'technician', socket.id);
        if (replaced) io.in(replaced).socketsLeave(sessionRoom(sessionId));
        clearTimeout(graceTimers.get(sessionId));
        graceTimers.delete(sessionId);
        const customer = presence.socketOf(sessionId, 'customer');
        if (customer) io.to(customer).emit('peer:presence', { sessionId, peer: 'technician', present: true });
      }
      return { view };
    });

    on('session:end', async ({ sessionId }) => {
      await supportSessions.forTechnician(user, sessionId);
      return { session: summarize(await endSession(sessionId, 'technician', EndReason.technicianEnded)) };
    });

    on('chat:send', async ({ sessionId, text, clientId }) => {
      await supportSessions.forTechnician(user, sessionId);
      return { message: await chat(sessionId, 'technician', user.nickname, text, clientId) };
    });

    on('session:notes', async ({ sessionId, notes }) => {
      await supportSessions.forTechnician(user, sessionId);
      await supportSessions.saveNotes(sessionId, notes);
      return { savedAt: Date.now() };
    });

    on('url:push', async ({ sessionId, url }) => {
      await supportSessions.forTechnician(user, sessionId);
      const event = await supportSessions.pushUrl(sessionId, url);
      const pushed = { id: event.id, url: String(event.data.url), at: event.at };
      idle.touch(sessionId);
      tell(sessionId, 'customer', 'url:pushed', { sessionId, pushed });
      return { pushed };
    });

    const view = (reply: CannedReply) => ({ id: reply.id, keyword: reply.keyword, text: reply.text, shared: reply.scope === 'org' });
    on('canned:list', async () => ({ replies: (await deps.cannedReplies.list(user)).map(view) }));
    on('canned:save', async (input) => ({ reply: view(await deps.cannedReplies.save(user, input)) }));
    on('canned:delete', async ({ id }) => {
      await deps.cannedReplies.delete(user, id);
      return {};
    });

    on('call:propose', async ({ sessionId }) => {
      await supportSessions.forTechnician(user, sessionId);
      if (!presence.socketOf(sessionId, 'customer')) throw DomainError.peerAbsent();
      calls.set(sessionId, 'proposed');
      tell(sessionId, 'customer', 'call:state', { sessionId, state: 'proposed' });
      return {};
    });

    on('call:end', async ({ sessionId }) => {
      await supportSessions.forTechnician(user, sessionId);
      await endCall(sessionId, 'technician');
      return {};
    });

    on('call:answer', async () => {
      throw DomainError.forbidden('Only the customer answers a call.');
    });

    on('file:record', async ({ sessionId, transfer }) => {
      await supportSessions.forTechnician(user, sessionId);
      await supportSessions.recordFileTransfer(sessionId, 'technician', transfer);
      idle.touch(sessionId);
      return {};
    });

    on('session:keep-alive', async ({ sessionId }) => {
      const session = await supportSessions.forTechnician(user, sessionId);
      if (session.state === SessionState.active) idle.touch(sessionId);
      return {};
    });

    on('chat:typing', async ({ sessionId, typing }) => {
      if (!presence.is(sessionId, 'technician', socket.id)) throw DomainError.forbidden('Open the session first.');
      tell(sessionId, 'customer', 'chat:typing', { sessionId, from: 'technician', typing });
      return {};
    });

    on('share:state', async () => {
      throw DomainError.forbidden('Only the customer shares their screen.');
    });

    on('session:consent', async () => {
      throw DomainError.forbidden('Only the customer can consent.');
    });

    on('rtc:signal', async ({ sessionId, connectionId, signal }) => {
      if (!presence.is(sessionId, 'technician', socket.id)) throw DomainError.forbidden('Open the session before signaling.');
      relay(sessionId, 'customer', connectionId, signal);
      return {};
    });
  }

  function registerCustomer(socket: LifelineSocket, ownSessionId: string, on: On) {
    const own = async (sessionId: string) => {
      if (sessionId !== ownSessionId) throw DomainError.forbidden('This is not your session.');
      const session = await supportSessions.get(sessionId);
      if (!session || session.state === SessionState.closed) throw DomainError.sessionClosed();
      return session;
    };

    on('session:open', async ({ sessionId }) => {
      const session = await own(sessionId);
      const view = await viewOf(session, 'customer');
      await socket.join(sessionRoom(sessionId));
      const replaced = presence.enter(sessionId, 'customer', socket.id);
      // A reload opens a new socket while the old one may linger: only the newest speaks for the customer.
      if (replaced) io.in(replaced).disconnectSockets(true);
      const technician = presence.socketOf(sessionId, 'technician');
      if (technician) io.to(technician).emit('peer:presence', { sessionId, peer: 'customer', present: true });
      return { view };
    });

    on('session:consent', async ({ sessionId }) => {
      await own(sessionId);
      const session = await supportSessions.consent(sessionId);
      const rtc = deps.ice.forSession(sessionId);
      const technician = presence.socketOf(sessionId, 'technician');
      if (technician) io.to(technician).emit('session:consented', { sessionId, rtc });
      return { view: await viewOf(session, 'customer') };
    });

    on('session:end', async ({ sessionId }) => {
      await own(sessionId);
      return { session: summarize(await endSession(sessionId, 'customer', EndReason.customerEnded)) };
    });

    on('chat:send', async ({ sessionId, text, clientId }) => {
      const session = await own(sessionId);
      return { message: await chat(sessionId, 'customer', session.customerName, text, clientId) };
    });

    on('call:answer', async ({ sessionId, accept }) => {
      await own(sessionId);
      if (calls.get(sessionId) !== 'proposed') throw DomainError.conflict('No call was proposed.');
      if (accept) {
        calls.set(sessionId, 'active');
        await supportSessions.appendEvent(sessionId, 'customer', 'call_started', {});
      } else {
        calls.delete(sessionId);
      }
      idle.touch(sessionId);
      tell(sessionId, 'technician', 'call:state', { sessionId, state: accept ? 'active' : 'declined' });
      return {};
    });

    on('call:end', async ({ sessionId }) => {
      await own(sessionId);
      await endCall(sessionId, 'customer');
      return {};
    });

    for (const event of ['call:propose', 'canned:list', 'canned:save', 'canned:delete'] as const) {
      on(event, async () => {
        throw DomainError.forbidden('Only the technician can do that.');
      });
    }

    on('file:record', async ({ sessionId, transfer }) => {
      await own(sessionId);
      await supportSessions.recordFileTransfer(sessionId, 'customer', transfer);
      idle.touch(sessionId);
      return {};
    });

    on('session:keep-alive', async ({ sessionId }) => {
      const session = await own(sessionId);
      if (session.state === SessionState.active) idle.touch(sessionId);
      return {};
    });

    for (const event of ['session:notes', 'url:push'] as const) {
      on(event, async () => {
        throw DomainError.forbidden('Only the technician can do that.');
      });
    }

    on('chat:typing', async ({ sessionId, typing }) => {
      await own(sessionId);
      if (!presence.is(sessionId, 'customer', socket.id)) throw DomainError.forbidden('Open the session first.');
      tell(sessionId, 'technician', 'chat:typing', { sessionId, from: 'customer', typing });
      return {};
    });

    on('share:state', async ({ sessionId, sharing: isSharing }) => {
      await own(sessionId);
      if (!presence.is(sessionId, 'customer', socket.id)) throw DomainError.forbidden('Open the session first.');
      await supportSessions.recordScreenShare(sessionId, isSharing);
      if (isSharing) sharing.add(sessionId);
      else sharing.delete(sessionId);
      idle.setSharing(sessionId, isSharing);
      io.to(sessionRoom(sessionId)).emit('share:state', { sessionId, sharing: isSharing });
      return {};
    });

    on('rtc:signal', async ({ sessionId, connectionId, signal }) => {
      const session = await own(sessionId);
      if (session.state !== SessionState.active) throw DomainError.forbidden('Consent comes before any connection.');
      if (!presence.is(sessionId, 'customer', socket.id)) throw DomainError.forbidden('Open the session before signaling.');
      relay(sessionId, 'technician', connectionId, signal);
      return {};
    });

    on('session:create', async () => {
      throw DomainError.forbidden('Customers cannot create sessions.');
    });
    on('session:list', async () => {
      throw DomainError.forbidden('Customers cannot list sessions.');
    });
  }

  function relay(sessionId: string, to: 'technician' | 'customer', connectionId: string, signal: Signal) {
    if (!presence.socketOf(sessionId, to)) throw DomainError.peerAbsent();
    tell(sessionId, to, 'rtc:signal', { sessionId, connectionId, signal });
  }

  /** Emits to the session's current participant in `role`, if connected. */
  function tell<E extends keyof ServerToClientEvents>(sessionId: string, role: 'technician' | 'customer', event: E, ...args: Parameters<ServerToClientEvents[E]>) {
    const target = presence.socketOf(sessionId, role);
    if (target) io.to(target).emit(event, ...args);
  }

  async function endCall(sessionId: string, by: 'technician' | 'customer') {
    const state = calls.get(sessionId);
    if (!state) return;
    calls.delete(sessionId);
    if (state === 'active') await supportSessions.appendEvent(sessionId, by, 'call_ended', {}, { evenIfClosed: true });
    io.to(sessionRoom(sessionId)).emit('call:state', { sessionId, state: 'ended' });
  }

  async function chat(sessionId: string, from: 'technician' | 'customer', author: string, text: string, clientId: string) {
    const { entry, isNew } = await supportSessions.chat(sessionId, from, author, text, clientId);
    idle.touch(sessionId);
    const message = { ...entry, sessionId };
    if (isNew) io.to(sessionRoom(sessionId)).emit('chat:message', message);
    return message;
  }

  async function viewOf(session: SupportSession, viewer: 'technician' | 'customer'): Promise<SessionView> {
    const [technician, organisation, messages, timeline] = await Promise.all([
      deps.repo.users.findById(session.technicianId),
      deps.repo.organisation.get(),
      supportSessions.chatHistory(session.id),
      supportSessions.timeline(session.id),
    ]);
    const consented = session.state === SessionState.active;
    return {
      session: summarize(session),
      technicianNickname: technician?.nickname ?? 'Your technician',
      organisationName: organisation?.name ?? 'Lifeline',
      consented,
      messages: messages.map((m) => ({ ...m, sessionId: session.id })),
      rtc: consented ? deps.ice.forSession(session.id) : null,
      peerPresent: Boolean(presence.socketOf(session.id, viewer === 'technician' ? 'customer' : 'technician')),
      customerSharing: sharing.has(session.id),
      recording: deps.recordingOf(session.id) !== null,
      pushedUrls: timeline.filter((e) => e.type === 'url_pushed').map((e) => ({ id: e.id, url: String(e.data.url), at: e.at })),
      notes: viewer === 'technician' ? session.notes : null,
    };
  }

  function broadcastUpdate(session: SupportSession) {
    const summary = summarize(session);
    io.to(userRoom(session.technicianId)).to(sessionRoom(session.id)).emit('session:updated', summary);
  }

  async function endSession(sessionId: string, by: 'technician' | 'customer', reason: EndReason) {
    return (await supportSessions.end(sessionId, by, reason)).session;
  }

  /** Everything a closed session granted ends: relay credentials, room membership, the customer's sockets. */
  async function revoke(session: SupportSession) {
    const room = sessionRoom(session.id);
    deps.ice.endSession(session.id);
    io.to(room).emit('session:ended', { sessionId: session.id, reason: session.endReason ?? EndReason.technicianEnded });
    for (const member of await io.in(room).fetchSockets()) {
      if (member.data.role === 'customer') member.disconnect(true);
      else member.leave(room);
    }
    presence.forget(session.id);
    sharing.delete(session.id);
    idle.forget(session.id);
    calls.delete(session.id);
    clearTimeout(graceTimers.get(session.id));
    graceTimers.delete(session.id);
  }

  return { io };
}

async function authenticate(auth: unknown, request: IncomingMessage, deps: SignalingDeps): Promise<SocketData> {
  const parsed = handshakeSchema.safeParse(auth);
  if (!parsed.success) throw DomainError.badRequest('Invalid handshake.');
  if (parsed.data.protocolVersion !== PROTOCOL_VERSION) {
    throw new DomainError(ErrorCode.protocolMismatch, 'This page is out of date. Please reload it.');
  }
  if (parsed.data.role === 'technician') {
    const token = readCookie(request.headers.cookie, AUTH_COOKIE);
    const { session, user } = await deps.authSessions.validate(token);
    if (!user) throw DomainError.unauthorized();
    return { role: 'technician', user, authSessionId: session.id };
  }
  const session = await deps.supportSessions.forCustomer(parsed.data.joinToken);
  return { role: 'customer', sessionId: session.id };
}

function toAckError(error: unknown, log: Logger, event?: string): AckError {
  if (isDomainError(error)) {
    return { ok: false, code: error.code, message: error.message, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
  }
  if (error && typeof error === 'object' && 'issues' in error) {
    return { ok: false, code: ErrorCode.badRequest, message: 'Invalid input.' };
  }
  log.error('signaling: handler failed', { event: event ?? 'handshake', error });
  return { ok: false, code: ErrorCode.internal, message: 'Something went wrong on the server.' };
}
