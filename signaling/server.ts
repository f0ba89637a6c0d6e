import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import { DomainError, ErrorCode } from '../core/errors';
import { SessionState } from '../core/model';
import { AUTH_COOKIE, readCookie } from './cookie';
import { customerEvents } from './customer-events';
import { helperEvents } from './helper-events';
import { bindEvents, toAckError } from './event-binding';
import { type AckError, handshakeSchema, PROTOCOL_VERSION } from '../protocol';
import { groupRoom, type LifelineServer, MASTERS_ROOM, SessionHub, type SignalingDeps, type SocketData, userRoom } from './session-hub';
import { technicianEvents } from './technician-events';


/**
 * Socket.IO signaling: authenticates every socket at the handshake, pairs one technician socket with one
 * customer socket per support session, and relays chat, share state and WebRTC signals between exactly those two.
 */
export function attachSignaling(httpServer: HttpServer, deps: SignalingDeps) {
  const { supportSessions, log } = deps;
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
  const hub = new SessionHub(io, deps);

  // Every state change, from a socket, a web route (a customer redeeming a code) or the expiry sweep, reaches
  // the technician's consoles; a close revokes everything the session granted.
  supportSessions.onChange((session, change) => {
    // The technicians it came to or left may reach, or leave, their group's maximum: Busy follows by itself.
    for (const id of new Set([session.technicianId, change.previousTechnicianId])) {
      if (id) hub.team.sessionsChanged(id).catch((error: unknown) => log.error('signaling: updating a status failed', { error }));
    }
    hub.broadcastUpdate(session, change).catch((error: unknown) => log.error('signaling: broadcasting a session change failed', { session: session.id, error }));
    if (session.state === SessionState.active) hub.idle.touch(session.id);
    if (session.state === SessionState.closed) {
      hub.revoke(session).catch((error: unknown) => log.error('signaling: revoking a closed session failed', { session: session.id, error }));
    }
  });

  // The customer sees whenever recording starts or stops, whoever started it (web route or session end).
  supportSessions.onEvent((event) => {
    if (event.type !== 'recording_started' && event.type !== 'recording_stopped') return;
    io.to(hub.room(event.sessionId)).emit('recording:state', { sessionId: event.sessionId, recording: event.type === 'recording_started' });
  });

  // Signing out ends the consoles that signed in with that session, not only the cookie.
  deps.authSessions.onInvalidate((authSessionId) => {
    for (const socket of io.sockets.sockets.values()) {
      if (socket.data.role === 'technician' && socket.data.authSessionId === authSessionId) socket.disconnect(true);
    }
  });

  // A disabled person's consoles stop at once, not at their next page load; a moved one sees their new
  // group's queue.
  deps.organisation.onPersonChanged((person) => {
    const consoles = io.in(userRoom(person.id));
    if (!person.enabled) {
      consoles.disconnectSockets(true);
      return;
    }
    void consoles.fetchSockets().then((sockets) => {
      for (const socket of sockets) {
        for (const room of socket.rooms) if (room.startsWith('group:') && room !== groupRoom(person.groupId ?? '')) socket.leave(room);
        if (person.groupId) socket.join(groupRoom(person.groupId));
      }
    });
  });

  // What the customer's side enforces peer to peer follows the technician's rights as they change, not only
  // when the session changes hands: a right switched off mid-session stops the screen or a file at once.
  deps.organisation.onRightsChanged(() => {
    // A collaborator watches the screen: one whose group no longer allows screen view stops watching.
    hub.dropCollaboratorsWithoutScreenView().catch((error: unknown) => log.error('signaling: re-checking collaborators failed', { error }));
    for (const sessionId of hub.presence.sessionsWith('customer')) {
      hub.tellAssignment(sessionId).catch((error: unknown) => log.error('signaling: resending rights failed', { session: sessionId, error }));
    }
    for (const sessionId of hub.helpers.keys()) {
      hub.tellHelperRights(sessionId).catch((error: unknown) => log.error('signaling: resending helper rights failed', { session: sessionId, error }));
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

  const budget = { ...deps.eventBudget, now: () => Date.now() };
  io.on('connection', (socket) => {
    const data = socket.data;
    if (data.role === 'technician') {
      void socket.join(userRoom(data.user.id));
      if (data.user.role === 'master_admin') void socket.join(MASTERS_ROOM);
      if (data.user.groupId) void socket.join(groupRoom(data.user.groupId));
      bindEvents(socket, log, technicianEvents(hub, socket, data.user), budget);
      hub.team.connected(socket, data.user).catch((error: unknown) => log.error('signaling: a console\'s status failed', { error }));
    } else if (data.role === 'helper') {
      bindEvents(socket, log, helperEvents(hub, socket, data.sessionId), budget);
    } else {
      bindEvents(socket, log, customerEvents(hub, socket, data.sessionId), budget);
    }
    socket.on('disconnect', () => {
      hub.left(socket.id);
      if (data.role === 'technician') hub.team.left(data.user.id).catch((error: unknown) => log.error('signaling: a console\'s status failed', { error }));
    });
  });

  return {
    io,
    /** Applies the administrator's inactivity limits now: automatic Away and sign-out (with the other sweeps). */
    sweepStatuses: () => hub.team.sweep(),
    /** Whether the person has a console connected now. */
    isOnline: (userId: string) => (io.sockets.adapter.rooms.get(userRoom(userId))?.size ?? 0) > 0,
    /** Closes every socket because the server stops: the pages reconnect to the next one, as they were. */
    close: () =>
      new Promise<void>((resolve) => {
        hub.stopping = true;
        io.close(() => resolve());
      }),
  };
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
    await deps.gate.check(session, user, deps.clientAddress(request));
    return { role: 'technician', user, authSessionId: session.id };
  }
  if (parsed.data.role === 'helper') {
    const { pairingToken, helperKey } = parsed.data;
    const session = await deps.helperPairing.sessionFor(pairingToken, helperKey);
    return { role: 'helper', sessionId: session.id, pairingToken, helperKey };
  }
  const session = await deps.supportSessions.forCustomer(parsed.data.joinToken);
  return { role: 'customer', sessionId: session.id };
}
