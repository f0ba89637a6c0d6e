import type { Clock } from '../clock';
import type { Repository } from '../repository';
import type { SupportSessions } from '../support/support-sessions';
import type { Channels } from './channels';

/**
 * A channel's waiting timeout (Rescue's "transfer after"): a session nobody picked up in time moves to another
 * channel's or a group's queue, where its wait starts again, or the customer is told the channel's message.
 * The server's sweep runs this every few seconds; each session is re-checked in turn with its other changes.
 */
export class WaitingTimeouts {
  constructor(
    private readonly repo: Repository,
    private readonly sessions: SupportSessions,
    private readonly channels: Channels,
    private readonly clock: Clock,
  ) {}

  async sweep(): Promise<number> {
    let acted = 0;
    for (const session of await this.repo.supportSessions.listWaitingUnpicked()) {
      const channel = session.channelId ? await this.channels.find(session.channelId) : null;
      const timeout = channel?.waitingTimeout;
      if (!channel || !timeout || session.queuedAt === null) continue;
      if (this.clock.now() - session.queuedAt < timeout.afterMinutes * 60_000) continue;
      const then = timeout.then;
      if (then.action === 'tell') {
        // Told once per wait: a later move to this channel starts a new wait.
        const told = await this.repo.sessionEvents.list(session.id, ['waiting_timed_out']);
        if (told.some((e) => e.data.queuedAt === session.queuedAt)) continue;
      }
      const move = then.action === 'channel' ? { channelId: then.channelId } : then.action === 'group' ? { groupId: then.groupId } : null;
      const data = { action: then.action, afterMinutes: timeout.afterMinutes, queuedAt: session.queuedAt, fromChannelId: channel.id, ...move, ...(then.action === 'tell' ? { message: then.message } : {}) };
      if (await this.sessions.timeOutWaiting(session.id, move, data)) acted++;
    }
    return acted;
  }

  /**
   * What the customer is told after waiting too long in their channel's queue: the channel's message ('' for
   * the page's own sentence), or null when they were not told anything during this wait.
   */
  async noticeFor(sessionId: string, queuedAt: number | null): Promise<string | null> {
    if (queuedAt === null) return null;
    const told = (await this.repo.sessionEvents.list(sessionId, ['waiting_timed_out'])).filter((e) => e.data.action === 'tell' && e.data.queuedAt === queuedAt);
    const last = told.at(-1);
    return last ? String(last.data.message ?? '') : null;
  }
}
