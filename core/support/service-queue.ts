import * as z from 'zod';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import { Role, SessionEventType, SessionState, type SupportSession, type User } from '../model';
import { atCapacity } from './technician-status';
import type { Rights } from '../organisation/rights';
import type { Repository } from '../repository';
import type { SupportSessions } from './support-sessions';
import type { CustomField } from '../channels/custom-fields';
import { KeyedQueue } from '../keyed-queue';

const idSchema = z.string().min(1).max(64);
export const transferTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('technician'), id: idSchema }),
  z.object({ kind: z.literal('group'), id: idSchema }),
]);
export type TransferTarget = z.infer<typeof transferTargetSchema>;
/** The note the next technician reads: why it comes to them and what was done. */
export const handoffNoteSchema = z.string().trim().max(2000);
export const resolutionNoteSchema = z.string().trim().max(4000);

export interface ServiceQueueOptions {
  /** Closed sessions stay in their technician's list this long (to re-read the chat, finish the notes). */
  closedListedForMs: number;
  /** How many recent pick-ups the customer's waiting estimate averages. */
  estimateSampleSize: number;
}

/** Which channels' queues a person works (core/channels/channels.ts decides). */
export interface ChannelMembership {
  channelIdsFor(person: { id: string; groupId: string | null }): Promise<string[]>;
  /** The custom fields that apply: a channel's (none for an unknown one), or with null those of private sessions. */
  fieldsOf(channelId: string | null): Promise<CustomField[]>;
}

export const defaultServiceQueueOptions: ServiceQueueOptions = { closedListedForMs: 24 * 60 * 60 * 1000, estimateSampleSize: 20 };

/** The last hand-over of a session, for the technician who receives it. */
export interface Handoff {
  fromName: string;
  note: string;
  at: number;
}

/**
 * The service queue: which sessions a technician sees (their own, the unassigned ones of their group, every
 * live one for a master administrator), and the moves between people: assign to me, transfer to a
 * technician or to a group's queue with a note, resolve with a note. The chat belongs to the session, so it
 * goes along with every move.
 */
export class ServiceQueue {
  /**
   * Counting a technician's sessions and giving them one more must not interleave (two "assign to me" clicks, or a
   * transfer to them meanwhile, would both pass the group's maximum): one at a time per receiving technician,
   * outside the per-session queue (never the other way round, so the two cannot wait on each other).
   */
  private readonly forTechnician = new KeyedQueue();

  constructor(
    private readonly repo: Repository,
    private readonly sessions: SupportSessions,
    private readonly rights: Rights,
    private readonly clock: Clock,
    private readonly channels: ChannelMembership,
    private readonly options: ServiceQueueOptions = defaultServiceQueueOptions,
  ) {}

  /** `channels: false`: without the channels' waiting customers (routing offers them to Available technicians only). */
  async list(user: User, options: { channels: boolean } = { channels: true }): Promise<SupportSession[]> {
    const groupId = await this.rights.groupOf(user.id);
    return this.repo.supportSessions.listQueue({
      technicianId: user.id,
      groupId,
      channelIds: options.channels ? await this.channels.channelIdsFor({ id: user.id, groupId }) : [],
      everyone: user.role === Role.masterAdmin,
      closedSince: this.clock.now() - this.options.closedListedForMs,
    });
  }

  /** Whether `user` sees this session in their queue (the rule of `list`, for one session). */
  async sees(user: User, session: SupportSession): Promise<boolean> {
    if (session.technicianId === user.id || user.role === Role.masterAdmin) return true;
    if (session.technicianId !== null) return false;
    const groupId = await this.rights.groupOf(user.id);
    if (session.groupId !== null) return session.groupId === groupId;
    return session.channelId !== null && (await this.channels.channelIdsFor({ id: user.id, groupId })).includes(session.channelId);
  }

  /**
   * "Assign to me": picks up an unassigned session of the technician's queue. A master administrator may also
   * take over a session someone else works.
   */
  async assignToMe(user: User, sessionId: string): Promise<SupportSession> {
    return this.forTechnician.run(user.id, () => this.sessions.reassign(sessionId, async (session) => {
      if (session.technicianId === user.id) throw DomainError.conflict('This session is already yours.');
      const takeover = session.technicianId !== null;
      if (takeover && user.role !== Role.masterAdmin) {
        // Several technicians may click at once: the first wins (calls run one at a time per session), the others
        // learn who took it.
        const holder = await this.rights.person(session.technicianId!);
        throw DomainError.taken(holder?.name ?? '');
      }
      if (!takeover && !(await this.sees(user, session))) throw DomainError.forbidden('This session is not in your queue.');
      await this.requireRoom(user.id);
      return {
        patch: { technicianId: user.id, groupId: (await this.rights.groupOf(user.id)) ?? session.groupId },
        type: SessionEventType.assigned,
        data: { toId: user.id, toName: user.name, fromId: session.technicianId, takeover },
      };
    }));
  }

  /**
   * Hands a session to another technician, or back to a group's queue, with a note the next technician reads.
   * Needs the "transfer sessions" right and the session must be yours (or you a master administrator).
   */
  async transfer(user: User, sessionId: string, target: TransferTarget, note: string): Promise<SupportSession> {
    const to = transferTargetSchema.parse(target);
    const text = handoffNoteSchema.parse(note);
    await this.rights.require(user, 'transferSessions');
    // Handing to a person counts their sessions: one at a time per receiving technician, as assignToMe does.
    const oneAtATime = <T>(task: () => Promise<T>) => (to.kind === 'technician' ? this.forTechnician.run(to.id, task) : task());
    return oneAtATime(() => this.sessions.reassign(sessionId, async (session) => {
      if (session.technicianId !== user.id && user.role !== Role.masterAdmin) throw DomainError.forbidden('Only the technician working this session can transfer it.');
      if (to.kind === 'technician') {
        const person = await this.rights.person(to.id);
        if (!person?.enabled) throw DomainError.notFound('Technician');
        if (person.id === session.technicianId) throw DomainError.conflict(`${person.name} already works this session.`);
        await this.requireRoom(person.id, person.name);
        return {
          patch: { technicianId: person.id, groupId: person.groupId ?? session.groupId },
          type: SessionEventType.transferred,
          data: { fromId: session.technicianId, fromName: user.name, toId: person.id, toName: person.name, groupId: null, groupName: null, note: text },
        };
      }
      const group = await this.rights.group(to.id);
      if (!group) throw DomainError.notFound('Group');
      return {
        patch: { technicianId: null, groupId: group.id },
        type: SessionEventType.transferred,
        data: { fromId: session.technicianId, fromName: user.name, toId: null, toName: null, groupId: group.id, groupName: group.name, note: text },
      };
    }));
  }

  /**
   * Changes custom field answers: anyone who sees the session in their queue, with the "edit custom fields"
   * right, on the fields its channel lets technicians edit.
   */
  async editCustomFields(user: User, sessionId: string, values: Record<string, string>): Promise<SupportSession> {
    return this.sessions.editCustomFields(
      user,
      sessionId,
      async (session) => this.channels.fieldsOf(session.channelId),
      values,
      async (session) => {
        if (!(await this.sees(user, session))) throw DomainError.forbidden('This session is not in your queue.');
      },
    );
  }

  /** Ends the session as resolved, with a note for the log; it leaves the queue. */
  async resolve(user: User, sessionId: string, note: string): Promise<SupportSession> {
    const text = resolutionNoteSchema.parse(note);
    return this.sessions.resolve(sessionId, async (session) => {
      if (session.technicianId !== user.id && user.role !== Role.masterAdmin) throw DomainError.forbidden('Only the technician working this session can resolve it.');
    }, text);
  }

  /** The sessions a technician works now with a customer there (waiting or active): what the group's maximum counts. */
  async openSessionsOf(technicianId: string): Promise<number> {
    const own = await this.repo.supportSessions.listQueue({ technicianId, groupId: null, channelIds: [], everyone: false, closedSince: this.clock.now() });
    return own.filter((s) => s.technicianId === technicianId && (s.state === SessionState.waiting || s.state === SessionState.active)).length;
  }

  /** Whether the technician works as many sessions as their group allows at once (then they show as Busy). */
  async isFull(technicianId: string): Promise<boolean> {
    const maximum = await this.rights.maxSessionsFor(technicianId);
    // Without a maximum there is nothing to count.
    return maximum !== null && atCapacity(await this.openSessionsOf(technicianId), maximum);
  }

  /** Refuses one more session to a technician at their group's maximum. */
  private async requireRoom(technicianId: string, name?: string): Promise<void> {
    const maximum = await this.rights.maxSessionsFor(technicianId);
    if (maximum !== null && atCapacity(await this.openSessionsOf(technicianId), maximum)) throw DomainError.atCapacity(maximum, name);
  }

  /**
   * What the customer is told to expect while nobody has picked them up: the average pick-up time of recent
   * sessions of their technician, or of the group's or channel's queue while unassigned. In a queue only Available
   * technicians pick up: `available` of them share the customers ahead, and with none there is no estimate to give.
   * Null without any history.
   */
  async estimatedWaitMs(session: SupportSession, available: number | null = null): Promise<number | null> {
    const owner = session.technicianId ? { technicianId: session.technicianId }
      : session.groupId ? { groupId: session.groupId }
      : session.channelId ? { channelId: session.channelId }
      : null;
    if (!owner) return null;
    const queued = session.technicianId === null;
    if (queued && available === 0) return null;
    const times = await this.repo.supportSessions.pickUpTimes(owner, this.options.estimateSampleSize);
    if (times.length === 0) return null;
    const average = Math.round(times.reduce((a, b) => a + b, 0) / times.length);
    if (!queued || available === null) return average;
    return average * Math.ceil(((await this.queuePosition(session)) ?? 1) / available);
  }

  /**
   * The customer's place in their channel's queue (1: next), while the session waits there unassigned; null in
   * any other queue, where one technician or a group works through their own list.
   */
  async queuePosition(session: SupportSession): Promise<number | null> {
    if (session.technicianId !== null || session.groupId !== null || session.channelId === null || session.state === 'closed') return null;
    const waiting = await this.repo.supportSessions.waitingInChannel(session.channelId);
    const at = waiting.findIndex((s) => s.id === session.id);
    return at < 0 ? null : at + 1;
  }

  /** The latest transfer's note, for the technician who works the session now. */
  async handoff(sessionId: string): Promise<Handoff | null> {
    const transfers = await this.repo.sessionEvents.list(sessionId, [SessionEventType.transferred]);
    const last = transfers.at(-1);
    return last ? { fromName: String(last.data.fromName ?? ''), note: String(last.data.note ?? ''), at: last.at } : null;
  }
}
