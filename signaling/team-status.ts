import type { AuditLog } from '../core/audit/audit-log';
import type { AuthSessions } from '../core/auth/auth-sessions';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { User } from '../core/model';
import type { ConsoleSettings } from '../core/organisation/console-settings';
import type { ServiceQueue } from '../core/support/service-queue';
import { type TechStatus, TechnicianStatuses } from '../core/support/technician-status';
import type { OwnStatus, ShownStatusName, TeamMember } from '../protocol';
import { type LifelineServer, type LifelineSocket, userRoom } from './session-hub';

/** Every technician console: each hears who is available. */
export const TEAM_ROOM = 'role:technician';

export interface TeamStatusDeps {
  queue: Pick<ServiceQueue, 'isFull'>;
  consoleSettings: () => Promise<ConsoleSettings>;
  authSessions: Pick<AuthSessions, 'end'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  log: Logger;
}

const MINUTE = 60_000;

/**
 * The technicians' statuses on the sockets: each console hears its own (chosen, Busy at the group's maximum,
 * Away after no input) and the team's; routing asks who may be offered a customer; the sweep turns quiet
 * technicians Away and ends the sign-in of those quiet for the administrator's time.
 */
export class TeamStatus {
  private readonly statuses: TechnicianStatuses;
  private readonly people = new Map<string, { name: string; groupId: string | null }>();
  /** What each online technician's consoles were last told, so a change of sessions is news only when it changes that. */
  private readonly told = new Map<string, string>();

  constructor(
    private readonly io: LifelineServer,
    private readonly deps: TeamStatusDeps,
  ) {
    this.statuses = new TechnicianStatuses(deps.clock);
  }

  async connected(socket: LifelineSocket, user: User): Promise<void> {
    await socket.join(TEAM_ROOM);
    this.statuses.connected(user.id);
    this.people.set(user.id, { name: user.name, groupId: user.groupId });
    const status = await this.own(user.id);
    this.told.set(user.id, JSON.stringify(status));
    socket.emit('tech:status', status);
    await this.tellTeam();
  }

  /** A console closed: with no other console open, the technician is offline. */
  async left(userId: string): Promise<void> {
    if ((this.io.sockets.adapter.rooms.get(userRoom(userId))?.size ?? 0) > 0) return;
    this.forget(userId);
    await this.tellTeam();
  }

  private forget(userId: string): void {
    this.statuses.disconnected(userId);
    this.people.delete(userId);
    this.told.delete(userId);
  }

  async choose(userId: string, status: TechStatus): Promise<OwnStatus> {
    // The same status again tells nobody: a console (or a script) repeating it cannot make the whole team's
    // consoles rebuild and receive the team's list over and over.
    if (!this.statuses.choose(userId, status)) return this.own(userId);
    return this.changed(userId);
  }

  async input(userId: string): Promise<OwnStatus> {
    if (this.statuses.input(userId)) return this.changed(userId);
    return this.own(userId);
  }

  /** The technician's sessions changed (assigned, closed): at the group's maximum they show Busy, below it not. */
  async sessionsChanged(userId: string): Promise<void> {
    if (!this.statuses.isOnline(userId)) return;
    const status = await this.own(userId);
    if (this.told.get(userId) !== JSON.stringify(status)) await this.changed(userId);
  }

  async own(userId: string): Promise<OwnStatus> {
    return this.statuses.shown(userId, await this.deps.queue.isFull(userId)) ?? { status: 'available', why: 'chosen' };
  }

  /** How a colleague shows in transfer targets: offline without a console. */
  async shownOf(userId: string): Promise<ShownStatusName> {
    return this.statuses.isOnline(userId) ? (await this.own(userId)).status : 'offline';
  }

  /** Whether channel routing offers this technician a waiting customer: online, Available, below the maximum. */
  async routable(userId: string): Promise<boolean> {
    return this.statuses.isOnline(userId) && this.statuses.routable(userId, await this.deps.queue.isFull(userId));
  }

  async team(): Promise<TeamMember[]> {
    const members = await Promise.all([...this.people].map(async ([id, person]) => ({ id, name: person.name, groupId: person.groupId, status: (await this.own(id)).status })));
    return members.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Applies the administrator's inactivity limits (runs with the server's other sweeps): Away after the set
   * minutes without input, and after the sign-out time the consoles are told why and the sign-ins end.
   */
  async sweep(): Promise<void> {
    const settings = await this.deps.consoleSettings();
    const due = this.statuses.sweep({
      awayAfterMs: settings.autoAwayMinutes === null ? null : settings.autoAwayMinutes * MINUTE,
      signOutAfterMs: settings.autoSignOutMinutes === null ? null : settings.autoSignOutMinutes * MINUTE,
    });
    for (const userId of due.away) await this.changed(userId);
    for (const userId of due.signOut) await this.signOut(userId, settings.autoSignOutMinutes ?? 0);
  }

  private async signOut(userId: string, minutes: number): Promise<void> {
    const sockets = await this.io.in(userRoom(userId)).fetchSockets();
    this.io.to(userRoom(userId)).emit('tech:signed-out', { reason: 'inactive' });
    const ended = new Set<string>();
    for (const socket of sockets) {
      const data = socket.data;
      if (data.role !== 'technician' || ended.has(data.authSessionId)) continue;
      ended.add(data.authSessionId);
      await this.deps.audit.record({ user: data.user, address: '' }, 'sign_out', data.user.email, { groupId: data.user.groupId, details: { ended: 'no input', minutes } });
      // Ending the sign-in deletes the cookie's session and disconnects every console that used it.
      await this.deps.authSessions.end(data.authSessionId);
    }
    this.forget(userId);
    this.statuses.forget(userId);
    await this.tellTeam();
  }

  private async changed(userId: string): Promise<OwnStatus> {
    const status = await this.own(userId);
    this.told.set(userId, JSON.stringify(status));
    this.io.to(userRoom(userId)).emit('tech:status', status);
    await this.tellTeam();
    return status;
  }

  private async tellTeam(): Promise<void> {
    this.io.to(TEAM_ROOM).emit('team:status', { team: await this.team() });
  }
}
