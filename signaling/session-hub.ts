import type { Server, Socket } from 'socket.io';
import type { AuthSessions } from '../core/auth/auth-sessions';
import type { CannedReplies } from '../core/canned-replies';
import { DomainError } from '../core/errors';
import { EndReason, SessionState, type SupportSession, type User } from '../core/model';
import type { OrganisationTree } from '../core/organisation/organisation-tree';
import type { Repository } from '../core/repository';
import type { SupportSessions } from '../core/support/support-sessions';
import type { Logger } from '../server/log';
import { IdleSessions } from './idle-sessions';
import { Presence } from './presence';
import type { ClientToServerEvents, RtcConfig, ServerToClientEvents, SessionView, Signal } from './protocol';
import { summarize } from './summarize';

export type SocketData =
  | { role: 'technician'; user: User; authSessionId: string }
  | { role: 'customer'; sessionId: string };

export type LifelineServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LifelineSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Participant = 'technician' | 'customer';

export interface SignalingDeps {
  repo: Repository;
  authSessions: AuthSessions;
  supportSessions: SupportSessions;
  cannedReplies: CannedReplies;
  organisation: OrganisationTree;
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

export const userRoom = (id: string) => `user:${id}`;

/**
 * The live side of support sessions that sockets share: who is connected as each session's technician and
 * customer, what is shared, calls, idleness, and the ways to reach the participants. The technician's and
 * customer's event handlers work through it; nothing here trusts a client.
 */
export class SessionHub {
  readonly presence = new Presence();
  readonly sharing = new Set<string>();
  /** Sessions with a call proposed (waiting for the customer) or running. */
  readonly calls = new Map<string, 'proposed' | 'active'>();
  /** Customers not yet told that their technician's console dropped, by session. */
  readonly graceTimers = new Map<string, NodeJS.Timeout>();
  readonly idle: IdleSessions;

  constructor(
    readonly io: LifelineServer,
    readonly deps: SignalingDeps,
  ) {
    this.idle = new IdleSessions({
      idleMs: deps.timeouts.idleMs,
      warningMs: deps.timeouts.idleWarningMs,
      warn: (sessionId, closesAt) => io.to(this.room(sessionId)).emit('session:idle-warning', { sessionId, closesAt }),
      close: (sessionId) => {
        deps.supportSessions.end(sessionId, 'system', EndReason.idleTimeout).catch((error: unknown) => deps.log.error('signaling: idle close failed', { session: sessionId, error }));
      },
    });
  }

  room(sessionId: string): string {
    return `session:${sessionId}`;
  }

  /** Emits to the session's current participant in `role`, if connected. */
  tell<E extends keyof ServerToClientEvents>(sessionId: string, role: Participant, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    const target = this.presence.socketOf(sessionId, role);
    if (target) this.io.to(target).emit(event, ...args);
  }

  relay(sessionId: string, to: Participant, connectionId: string, signal: Signal): void {
    if (!this.presence.socketOf(sessionId, to)) throw DomainError.peerAbsent();
    this.tell(sessionId, to, 'rtc:signal', { sessionId, connectionId, signal });
  }

  async chat(sessionId: string, from: Participant, author: string, text: string, clientId: string) {
    const { entry, isNew } = await this.deps.supportSessions.chat(sessionId, from, author, text, clientId);
    this.idle.touch(sessionId);
    const message = { ...entry, sessionId };
    if (isNew) this.io.to(this.room(sessionId)).emit('chat:message', message);
    return message;
  }

  async endCall(sessionId: string, by: Participant): Promise<void> {
    const state = this.calls.get(sessionId);
    if (!state) return;
    this.calls.delete(sessionId);
    if (state === 'active') await this.deps.supportSessions.appendEvent(sessionId, by, 'call_ended', {}, { evenIfClosed: true });
    this.io.to(this.room(sessionId)).emit('call:state', { sessionId, state: 'ended' });
  }

  async endSession(sessionId: string, by: Participant, reason: EndReason): Promise<SupportSession> {
    return (await this.deps.supportSessions.end(sessionId, by, reason)).session;
  }

  async viewOf(session: SupportSession, viewer: Participant): Promise<SessionView> {
    const { repo, supportSessions, ice, recordingOf } = this.deps;
    const [technician, organisation, messages, timeline] = await Promise.all([
      repo.users.findById(session.technicianId),
      repo.organisation.get(),
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
      rtc: consented ? ice.forSession(session.id) : null,
      peerPresent: Boolean(this.presence.socketOf(session.id, viewer === 'technician' ? 'customer' : 'technician')),
      customerSharing: this.sharing.has(session.id),
      recording: recordingOf(session.id) !== null,
      pushedUrls: timeline.filter((e) => e.type === 'url_pushed').map((e) => ({ id: e.id, url: String(e.data.url), at: e.at })),
      notes: viewer === 'technician' ? session.notes : null,
    };
  }

  broadcastUpdate(session: SupportSession): void {
    this.io.to(userRoom(session.technicianId)).to(this.room(session.id)).emit('session:updated', summarize(session));
  }

  /** Everything a closed session granted ends: relay credentials, room membership, the customer's sockets. */
  async revoke(session: SupportSession): Promise<void> {
    const room = this.room(session.id);
    this.deps.ice.endSession(session.id);
    this.io.to(room).emit('session:ended', { sessionId: session.id, reason: session.endReason ?? EndReason.technicianEnded });
    for (const member of await this.io.in(room).fetchSockets()) {
      if (member.data.role === 'customer') member.disconnect(true);
      else member.leave(room);
    }
    this.presence.forget(session.id);
    this.sharing.delete(session.id);
    this.idle.forget(session.id);
    this.calls.delete(session.id);
    clearTimeout(this.graceTimers.get(session.id));
    this.graceTimers.delete(session.id);
  }

  /** A socket went away: its sessions learn their participant left (the technician after a grace period). */
  left(socketId: string): void {
    for (const { sessionId, role } of this.presence.leaveAll(socketId)) {
      if (role === 'customer') {
        this.sharing.delete(sessionId);
        this.idle.setSharing(sessionId, false);
        this.tell(sessionId, 'technician', 'peer:presence', { sessionId, peer: 'customer', present: false });
        continue;
      }
      // A console reload or a network blip: give the technician a moment before worrying the customer.
      this.graceTimers.set(
        sessionId,
        setTimeout(() => {
          this.graceTimers.delete(sessionId);
          if (!this.presence.socketOf(sessionId, 'technician')) this.tell(sessionId, 'customer', 'peer:presence', { sessionId, peer: 'technician', present: false });
        }, this.deps.timeouts.technicianGraceMs).unref(),
      );
    }
  }
}
