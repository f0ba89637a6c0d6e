import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'socket.io';
import type { SessionGate } from '../core/auth/session-gate';
import type { AuthSessions } from '../core/auth/auth-sessions';
import type { CannedReplies } from '../core/canned-replies';
import { DomainError } from '../core/errors';
import { EndReason, SessionState, type SupportSession, type User } from '../core/model';
import type { OrganisationTree } from '../core/organisation/organisation-tree';
import { CUSTOMER_ENFORCED_RIGHTS, type CustomerEnforcedRight, NO_CUSTOMER_RIGHTS, type Permissions } from '../core/organisation/permissions';
import type { Person } from '../core/organisation/store';
import type { Repository } from '../core/repository';
import type { ServiceQueue } from '../core/support/service-queue';
import type { Channels } from '../core/channels/channels';
import type { WaitingTimeouts } from '../core/channels/waiting-timeouts';
import type { SessionChange, SupportSessions } from '../core/support/support-sessions';
import type { Logger } from '../core/logger';
import { Collaborators } from './collaborators';
import { IdleSessions } from './idle-sessions';
import { Presence } from './presence';
import { RemoteControls } from './remote-control';
import type { HelperPairing } from '../core/support/helper-pairing';
import {
  type ClientToServerEvents,
  type ChatMessage,
  type CobrowseState,
  type ControlProblem,
  type CustomerAssignment,
  type CustomerRights,
  type HelperHello,
  type HelperRights,
  NO_COBROWSE,
  type RtcConfig,
  type ServerToClientEvents,
  type SessionSummary,
  type SessionView,
  type Signal,
} from '../protocol';
import { summarize } from './summarize';
import { TeamStatus } from './team-status';
import type { AuditLog } from '../core/audit/audit-log';
import type { Clock } from '../core/clock';
import type { ConsoleSettings } from '../core/organisation/console-settings';

/** What the customer's page enforces of a technician's rights (CUSTOMER_ENFORCED_RIGHTS); none without one. */
function customerRightsOf(rights: Permissions | null): CustomerRights {
  if (!rights) return NO_CUSTOMER_RIGHTS;
  return Object.fromEntries(CUSTOMER_ENFORCED_RIGHTS.map((right) => [right, rights[right]])) as CustomerRights;
}

export type SocketData =
  | { role: 'technician'; user: User; authSessionId: string }
  | { role: 'customer'; sessionId: string }
  /** The token and key it connected with: its hello claims the token (HelperPairing.claim). */
  | { role: 'helper'; sessionId: string; pairingToken: string; helperKey?: string };

export type LifelineServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LifelineSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Participant = 'technician' | 'customer';

export interface SignalingDeps {
  repo: Repository;
  authSessions: AuthSessions;
  supportSessions: SupportSessions;
  cannedReplies: CannedReplies;
  organisation: OrganisationTree;
  queue: ServiceQueue;
  channels: Channels;
  waitingTimeouts: WaitingTimeouts;
  helperPairing: HelperPairing;
  gate: SessionGate;
  /** The caller's address as the web server determines it (socket address, or the trusted proxy's header). */
  clientAddress: (request: IncomingMessage) => string;
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
  /** Events one socket may send: a burst, then so many a second (config SOCKET_EVENTS_*). */
  eventBudget: { burst: number; perSecond: number };
  /** A person's picture address (their account), or null: the customer then sees their initials. */
  avatarOf: (personId: string) => Promise<string | null>;
  /** The administrator's console settings (waiting colours, automatic Away and sign-out), read fresh. */
  consoleSettings: () => Promise<ConsoleSettings>;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

export const userRoom = (id: string) => `user:${id}`;
/** The consoles of a group's technicians: they see its unassigned sessions. */
export const groupRoom = (id: string) => `group:${id}`;
/** Master administrators' consoles see every live session. */
export const MASTERS_ROOM = 'role:master_admin';

/**
 * The live side of support sessions that sockets share: who is connected as each session's technician and
 * customer, what is shared, calls, idleness, and the ways to reach the participants. The technician's and
 * customer's event handlers work through it; nothing here trusts a client.
 */
export class SessionHub {
  readonly presence = new Presence();
  readonly collaborators = new Collaborators();
  readonly sharing = new Set<string>();
  /** DOM co-browse of the page the customer's widget is on, as their frame last said (see cobrowseStateSchema). */
  readonly cobrowse = new Map<string, CobrowseState>();
  readonly control = new RemoteControls();
  /** The Lifeline Helper connected for a session, if any: its socket and what it said about itself. */
  readonly helpers = new Map<string, { socketId: string; hello: HelperHello | null }>();
  /** The helper download of a live session: one pairing per session, so asking again does not strand a running helper. */
  private readonly helperDownloads = new Map<string, string>();
  /** Sessions with a call proposed (waiting for the customer) or running. */
  readonly calls = new Map<string, 'proposed' | 'active'>();
  /** Customers not yet told that their technician's console dropped, by session. */
  readonly graceTimers = new Map<string, NodeJS.Timeout>();
  readonly idle: IdleSessions;
  /** Each technician's status: Available, Busy, Away. */
  readonly team: TeamStatus;

  constructor(
    readonly io: LifelineServer,
    readonly deps: SignalingDeps,
  ) {
    this.team = new TeamStatus(io, { queue: deps.queue, consoleSettings: deps.consoleSettings, authSessions: deps.authSessions, audit: deps.audit, clock: deps.clock, log: deps.log });
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

  /**
   * The Lifeline Helper's own room: it hears what concerns control and the session's end, not the chat or the
   * screen's signals.
   */
  helperRoom(sessionId: string): string {
    return `helper:${sessionId}`;
  }

  /** Emits to every technician console in the session: its technician's and present collaborators'. */
  tellTechnicians<E extends keyof ServerToClientEvents>(sessionId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    const targets = [this.presence.socketOf(sessionId, 'technician'), ...this.collaborators.list(sessionId).map((c) => c.socketId)].filter((id): id is string => Boolean(id));
    if (targets.length > 0) this.io.to(targets).emit(event, ...args);
  }

  /** Emits to the session's current participant in `role`, if connected. */
  tell<E extends keyof ServerToClientEvents>(sessionId: string, role: Participant, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    const target = this.presence.socketOf(sessionId, role);
    if (target) this.io.to(target).emit(event, ...args);
  }

  relay(sessionId: string, to: Participant, connectionId: string, signal: Signal, viewer?: string): void {
    if (to === 'technician' && viewer !== undefined) {
      // The customer answers a collaborator on that collaborator's own connection.
      const target = this.collaborators.get(sessionId, viewer)?.socketId;
      if (!target) throw DomainError.peerAbsent();
      this.io.to(target).emit('rtc:signal', { sessionId, connectionId, signal });
      return;
    }
    if (!this.presence.socketOf(sessionId, to)) throw DomainError.peerAbsent();
    this.tell(sessionId, to, 'rtc:signal', { sessionId, connectionId, signal, ...(viewer !== undefined ? { viewer } : {}) });
  }

  /**
   * The page-control input connection's signals, between the customer and the session's technician only, and only
   * while control of the page is granted: outside a grant there is no input to carry.
   */
  relayInput(sessionId: string, to: Participant, connectionId: string, signal: Signal): void {
    const control = this.control.get(sessionId);
    if (control?.state !== 'granted' || control.mode !== 'page') throw DomainError.conflict('Control of the page is not on.');
    if (!this.presence.socketOf(sessionId, to)) throw DomainError.peerAbsent();
    this.tell(sessionId, to, 'input:signal', { sessionId, connectionId, signal });
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

  /** The session as a console (names) or the customer (nicknames) sees it. */
  async summary(session: SupportSession, audience: Participant = 'technician'): Promise<SessionSummary> {
    const { organisation } = this.deps;
    const [person, group, channel] = await Promise.all([
      session.technicianId ? organisation.person(session.technicianId) : null,
      session.groupId ? organisation.group(session.groupId) : null,
      session.channelId ? this.deps.channels.find(session.channelId) : null,
    ]);
    return summarize(session, {
      assignee: person ? { id: person.id, name: audience === 'customer' ? person.nickname : person.name } : null,
      group: group ? { id: group.id, name: group.name } : null,
      collaborators: this.collaborators.list(session.id).map((c) => ({ id: c.id, name: audience === 'customer' ? c.nickname : c.name })),
      channel: channel ? { id: channel.id, name: channel.name } : null,
      editableFieldIds: new Set(audience === 'technician' ? (await this.deps.channels.fieldsOf(session.channelId)).filter((f) => f.technicianEditable).map((f) => f.id) : []),
    });
  }

  /** What the helper may do besides input: the rights of the technician who has the session now. */
  /** Who has the session and what their group allows, read fresh; nulls while nobody has it. */
  private async technicianOf(session: SupportSession): Promise<{ technician: Person | null; rights: Permissions | null }> {
    const technician = session.technicianId ? await this.deps.organisation.person(session.technicianId) : null;
    return { technician, rights: technician ? await this.deps.organisation.rightsOf(technician) : null };
  }

  async helperRightsOf(session: SupportSession): Promise<{ rights: HelperRights; technicianName: string | null }> {
    const { technician, rights } = await this.technicianOf(session);
    return {
      rights: { systemInfo: Boolean(rights?.systemInfo), clipboardSync: Boolean(rights?.clipboardSync), reboot: Boolean(rights?.reboot) },
      technicianName: technician?.nickname ?? null,
    };
  }

  /** A new grant may be to another technician than the helper first met (after a hand-over): it hears their rights. */
  async tellHelperRights(sessionId: string): Promise<void> {
    const helper = this.helpers.get(sessionId);
    const session = helper ? await this.deps.supportSessions.get(sessionId) : null;
    if (helper && session) this.io.to(helper.socketId).emit('helper:rights', await this.helperRightsOf(session));
  }

  async helperDownload(sessionId: string): Promise<string> {
    let url = this.helperDownloads.get(sessionId);
    // The helper that took this download is gone (closed elsewhere, its key lost): only a new download, with a
    // new token, lets the customer run one again.
    if (url && this.deps.helperPairing.isClaimed(sessionId) && !this.helpers.has(sessionId)) url = undefined;
    if (!url) {
      url = `${this.deps.publicUrl()}/api/helper/${await this.deps.helperPairing.issue(sessionId)}`;
      this.helperDownloads.set(sessionId, url);
    }
    return url;
  }

  /** The session's technician's group asks once for every right (and may control): see SupportSessions.consent. */
  async singlePrompt(session: SupportSession): Promise<boolean> {
    const { rights } = await this.technicianOf(session);
    return Boolean(rights?.singlePrompt && rights.remoteControl);
  }

  /** Who will help the customer, and how long they may still wait. */
  async assignmentOf(session: SupportSession): Promise<CustomerAssignment> {
    const { technician: person, rights } = await this.technicianOf(session);
    const waiting = session.pickedUpAt === null && session.state !== SessionState.closed;
    return {
      sessionId: session.id,
      technicianNickname: person?.nickname ?? null,
      technicianAvatarUrl: person ? await this.deps.avatarOf(person.id) : null,
      estimatedWaitMs: waiting ? await this.deps.queue.estimatedWaitMs(session, await this.availableFor(session)) : null,
      queuePosition: waiting ? await this.deps.queue.queuePosition(session) : null,
      waitNotice: waiting ? await this.deps.waitingTimeouts.noticeFor(session.id, session.queuedAt) : null,
      viewers: this.collaborators.list(session.id).map((c) => ({ id: c.id, nickname: c.nickname, present: c.socketId !== null, epoch: c.epoch })),
      rights: customerRightsOf(rights),
    };
  }

  /** How many Available technicians work the queue the session waits in unassigned (null: it waits for one person). */
  private async availableFor(session: SupportSession): Promise<number | null> {
    if (session.technicianId !== null) return null;
    let people: Person[] = [];
    if (session.groupId !== null) people = (await this.deps.organisation.directory()).people.filter((p) => p.enabled && p.groupId === session.groupId);
    else if (session.channelId !== null) {
      const channel = await this.deps.channels.find(session.channelId);
      people = channel ? await this.deps.channels.techniciansOf(channel) : [];
    } else return null;
    let available = 0;
    for (const person of people) if (await this.team.routable(person.id)) available++;
    return available;
  }

  /** Refuses what the customer's side would start for a technician whose group does not allow it. */
  async requireCustomerRight(session: SupportSession, right: CustomerEnforcedRight, refusal: string): Promise<void> {
    if (!(await this.technicianOf(session)).rights?.[right]) throw DomainError.forbidden(refusal);
  }

  /** A page of the session's chat as the protocol carries it: the latest, or the one before message `before`. */
  async chatPage(sessionId: string, before?: number): Promise<{ messages: ChatMessage[]; earlier: boolean }> {
    const { messages, earlier } = await this.deps.supportSessions.chatHistory(sessionId, before);
    return { messages: messages.map((m) => ({ ...m, sessionId })), earlier };
  }

  /** `collaborator`: a technician invited to watch, who does not read the technician's notes or hand-over note. */
  async viewOf(session: SupportSession, viewer: Participant, options: { collaborator?: boolean } = {}): Promise<SessionView> {
    const { repo, supportSessions, ice, recordingOf, queue } = this.deps;
    const [assignment, organisation, messages, timeline, handoff, summary] = await Promise.all([
      this.assignmentOf(session),
      repo.organisation.get(),
      this.chatPage(session.id),
      supportSessions.timeline(session.id),
      viewer === 'technician' && !options.collaborator ? queue.handoff(session.id) : null,
      this.summary(session, viewer),
    ]);
    const consented = session.state === SessionState.active;
    return {
      session: summary,
      technicianNickname: assignment.technicianNickname,
      technicianAvatarUrl: assignment.technicianAvatarUrl,
      estimatedWaitMs: viewer === 'customer' ? assignment.estimatedWaitMs : null,
      queuePosition: viewer === 'customer' ? assignment.queuePosition : null,
      waitNotice: viewer === 'customer' ? assignment.waitNotice : null,
      viewers: viewer === 'customer' ? assignment.viewers : [],
      rights: viewer === 'customer' ? assignment.rights : NO_CUSTOMER_RIGHTS,
      handoff,
      organisationName: organisation?.name ?? 'Lifeline',
      consented,
      messages: messages.messages,
      earlierMessages: messages.earlier,
      rtc: consented ? ice.forSession(session.id) : null,
      peerPresent: Boolean(this.presence.socketOf(session.id, viewer === 'technician' ? 'customer' : 'technician')),
      peerConsoleId: viewer === 'customer' ? (this.presence.consoleOf(session.id) ?? null) : null,
      customerSharing: this.sharing.has(session.id),
      cobrowse: this.cobrowse.get(session.id) ?? NO_COBROWSE,
      recording: recordingOf(session.id) !== null,
      pushedUrls: timeline.filter((e) => e.type === 'url_pushed').map((e) => ({ id: e.id, url: String(e.data.url), at: e.at })),
      notes: viewer === 'technician' && !options.collaborator ? session.notes : null,
      chatEnabled: session.chatEnabled,
      control: this.control.get(session.id),
      helper: viewer === 'technician' && !options.collaborator ? (this.helpers.get(session.id)?.hello ?? null) : null,
      singlePrompt: await this.singlePrompt(session),
    };
  }

  /**
   * Tells everyone who sees the session in their queue that it changed: its technician (and the one it came
   * from), master administrators, and the group while it waits unassigned (or the moment it stops waiting).
   * The customer hears who helps them now; a technician who handed it over lets go of it.
   */
  async broadcastUpdate(session: SupportSession, change: SessionChange): Promise<void> {
    const handedOver = change.previousTechnicianId !== undefined && change.previousTechnicianId !== session.technicianId;
    // Collaborators were invited by the technician who had it: a new technician invites their own.
    const released = handedOver || session.state === SessionState.closed ? this.releaseCollaborators(session.id) : [];
    let audience = this.io.to(MASTERS_ROOM);
    for (const c of [...this.collaborators.list(session.id), ...released]) audience = audience.to(userRoom(c.id));
    if (session.technicianId) audience = audience.to(userRoom(session.technicianId));
    if (change.previousTechnicianId) audience = audience.to(userRoom(change.previousTechnicianId));
    if (session.groupId && (session.technicianId === null || change.previousTechnicianId === null)) audience = audience.to(groupRoom(session.groupId));
    // It left a queue (another group's, or picked up by someone of another group): that queue's consoles drop it.
    if (change.previousTechnicianId === null && change.previousGroupId && change.previousGroupId !== session.groupId) audience = audience.to(groupRoom(change.previousGroupId));
    // A channel's queue: each technician who works the channel, while it waits there and the moment it stops.
    const channelIds = this.channelQueuesOf(session, change);
    // Routing offers a waiting customer to Available technicians only; everyone hears when it leaves the queue.
    const offered = session.technicianId === null && session.groupId === null && session.state !== SessionState.closed;
    for (const channelId of channelIds) {
      const channel = await this.deps.channels.find(channelId);
      for (const person of channel ? await this.deps.channels.techniciansOf(channel) : []) {
        if (offered && channelId === session.channelId && !(await this.team.routable(person.id))) continue;
        audience = audience.to(userRoom(person.id));
      }
    }
    audience.emit('session:updated', await this.summary(session));
    if (handedOver) await this.letGo(session.id);
    if (session.state !== SessionState.closed) await this.tellAssignment(session);
    // Everyone behind in those queues moved up a place.
    for (const channelId of channelIds) {
      for (const waiting of await this.deps.repo.supportSessions.waitingInChannel(channelId)) {
        if (waiting.id !== session.id) await this.tellAssignment(waiting);
      }
    }
  }

  /** The channel queues the session is in now or just left (see ServiceQueue.sees). */
  private channelQueuesOf(session: SupportSession, change: SessionChange): Set<string> {
    const ids = new Set<string>();
    const inChannelQueue = session.technicianId === null && session.groupId === null;
    const leftChannelQueue = change.previousTechnicianId === null && change.previousGroupId === null;
    if (session.channelId && (inChannelQueue || leftChannelQueue)) ids.add(session.channelId);
    if (change.previousChannelId && change.previousChannelId !== session.channelId) ids.add(change.previousChannelId);
    return ids;
  }

  /** The customer hears who helps and who watches now (read fresh unless the caller has the session at hand). */
  async tellAssignment(sessionOrId: SupportSession | string): Promise<void> {
    const sessionId = typeof sessionOrId === 'string' ? sessionOrId : sessionOrId.id;
    if (!this.presence.socketOf(sessionId, 'customer')) return;
    const session = typeof sessionOrId === 'string' ? await this.deps.supportSessions.get(sessionId) : sessionOrId;
    if (session) this.tell(sessionId, 'customer', 'session:assignment', await this.assignmentOf(session));
  }

  /** Collaborators whose group no longer allows screen view leave the sessions they watch (the customer is told). */
  async dropCollaboratorsWithoutScreenView(): Promise<void> {
    for (const sessionId of this.collaborators.sessions()) {
      for (const collaborator of this.collaborators.list(sessionId)) {
        const person = await this.deps.organisation.person(collaborator.id);
        if (person && (await this.deps.organisation.rightsOf(person)).screenView) continue;
        const removed = this.collaborators.remove(sessionId, collaborator.id);
        if (removed?.socketId) this.io.in(removed.socketId).socketsLeave(this.room(sessionId));
        await this.deps.supportSessions.appendEvent(sessionId, 'system', 'collaborator_removed', { id: collaborator.id, name: collaborator.name, by: 'rights' }, { evenIfClosed: true });
        const session = await this.deps.supportSessions.get(sessionId);
        if (!session) continue;
        const summary = await this.summary(session);
        this.io.to(userRoom(collaborator.id)).to(session.technicianId ? userRoom(session.technicianId) : []).emit('session:updated', summary);
        await this.tellAssignment(session);
      }
    }
  }

  /** Ends every collaboration on the session: their consoles leave its room. */
  releaseCollaborators(sessionId: string) {
    const gone = this.collaborators.forget(sessionId);
    for (const c of gone) if (c.socketId) this.io.in(c.socketId).socketsLeave(this.room(sessionId));
    return gone;
  }

  /**
   * Control ends: both sides are told (the customer's page closes its gate at once) and the log says who ended
   * it. Also when the session changes hands or ends: a grant was for one technician, in one session.
   */
  async stopControl(sessionId: string, by: Participant | 'system', change: 'declined' | 'stopped' = 'stopped', problem?: ControlProblem): Promise<void> {
    const ended = this.control.end(sessionId);
    if (!ended) return;
    await this.deps.supportSessions.appendEvent(sessionId, by, change === 'declined' ? 'control_declined' : 'control_stopped', { mode: ended.mode, ...(problem ? { problem } : {}) }, { evenIfClosed: true });
    this.io.to([this.room(sessionId), this.helperRoom(sessionId)]).emit('control:state', { sessionId, control: null, change, by, ...(problem ? { problem } : {}) });
  }

  /** The session changed hands: the previous technician's console stops being its technician. */
  private async letGo(sessionId: string): Promise<void> {
    clearTimeout(this.graceTimers.get(sessionId));
    this.graceTimers.delete(sessionId);
    await this.endCall(sessionId, 'technician');
    await this.stopControl(sessionId, 'system');
    const previous = this.presence.leave(sessionId, 'technician');
    if (!previous) return;
    this.io.in(previous).socketsLeave(this.room(sessionId));
    this.tell(sessionId, 'customer', 'peer:presence', { sessionId, peer: 'technician', present: false });
  }

  /** Everything a closed session granted ends: relay credentials, room membership, the customer's sockets. */
  async revoke(session: SupportSession): Promise<void> {
    const room = this.room(session.id);
    await this.stopControl(session.id, 'system');
    this.control.forget(session.id);
    this.deps.ice.endSession(session.id);
    this.io.to([room, this.helperRoom(session.id)]).emit('session:ended', { sessionId: session.id, reason: session.endReason ?? EndReason.technicianEnded });
    this.io.in(this.helperRoom(session.id)).disconnectSockets(true);
    for (const member of await this.io.in(room).fetchSockets()) {
      if (member.data.role !== 'technician') member.disconnect(true);
      else member.leave(room);
    }
    this.presence.forget(session.id);
    this.collaborators.forget(session.id);
    this.sharing.delete(session.id);
    this.cobrowse.delete(session.id);
    this.idle.forget(session.id);
    this.calls.delete(session.id);
    this.helpers.delete(session.id);
    this.helperDownloads.delete(session.id);
    this.deps.helperPairing.forget(session.id);
    clearTimeout(this.graceTimers.get(session.id));
    this.graceTimers.delete(session.id);
  }

  /** A socket went away: its sessions learn their participant left (the technician after a grace period). */
  /**
   * The server is stopping: sockets go because it does, not because anyone left. Nobody is told anyone left and no
   * control ends, or a restart would make the console drop a screen still flowing and end every grant.
   */
  stopping = false;

  left(socketId: string): void {
    if (this.stopping) return;
    for (const [sessionId, helper] of this.helpers) {
      if (helper.socketId !== socketId) continue;
      this.helpers.delete(sessionId);
      this.tellTechnicians(sessionId, 'helper:state', { sessionId, helper: null });
    }
    for (const { sessionId } of this.collaborators.leaveSocket(socketId)) {
      void this.tellAssignment(sessionId).catch(() => undefined);
    }
    for (const { sessionId, role } of this.presence.leaveAll(socketId)) {
      if (role === 'customer') {
        // The customer's page holds the Stop button: without it, control must not go on.
        void this.stopControl(sessionId, 'system').catch(() => undefined);
        this.sharing.delete(sessionId);
        this.idle.setSharing(sessionId, false);
        // A page load within the company's site: the consent stays, and the next page's frame resumes.
        const cobrowse = this.cobrowse.get(sessionId);
        if (cobrowse?.available) {
          this.cobrowse.set(sessionId, { ...cobrowse, available: false });
          this.tellTechnicians(sessionId, 'cobrowse:state', { sessionId, cobrowse: { ...cobrowse, available: false } });
        }
        this.tellTechnicians(sessionId, 'peer:presence', { sessionId, peer: 'customer', present: false });
        continue;
      }
      // A console reload or a network blip: give the technician a moment before worrying the customer.
      this.graceTimers.set(
        sessionId,
        setTimeout(() => {
          this.graceTimers.delete(sessionId);
          if (this.presence.socketOf(sessionId, 'technician')) return;
          this.tell(sessionId, 'customer', 'peer:presence', { sessionId, peer: 'technician', present: false });
          // A technician gone for good (signed out, disabled, offline) no longer controls anything.
          void this.stopControl(sessionId, 'system').catch(() => undefined);
        }, this.deps.timeouts.technicianGraceMs).unref(),
      );
    }
  }
}
