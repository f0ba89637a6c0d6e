import type { z } from 'zod';
import type { participantSchema } from '../protocol';

type Participant = z.infer<typeof participantSchema>;

/**
 * Which socket is each session's technician and which its customer, right now. Signals are relayed only between
 * these two sockets, so a stale tab or a socket of another session can never reach a peer.
 */
export class Presence {
  /**
   * Per session: each participant's socket, and the technician's console (the page, which outlives its socket:
   * a console that reconnects after a network drop or a server restart is the same console, with the same peer
   * connection to the customer, still flowing).
   */
  private readonly sessions = new Map<string, Partial<Record<Participant, string>> & { console?: string }>();

  /** Makes `socketId` the session's participant; returns the socket it replaced, if any. */
  enter(sessionId: string, role: Participant, socketId: string, consoleId?: string): string | undefined {
    const entry = this.sessions.get(sessionId) ?? {};
    const previous = entry[role];
    entry[role] = socketId;
    if (role === 'technician') entry.console = consoleId;
    this.sessions.set(sessionId, entry);
    return previous !== socketId ? previous : undefined;
  }

  /** The console the session's technician works from, when it said. */
  consoleOf(sessionId: string): string | undefined {
    return this.sessions.get(sessionId)?.technician ? this.sessions.get(sessionId)?.console : undefined;
  }

  /** Removes the socket from every session it was a participant of; returns those sessions and roles. */
  leaveAll(socketId: string): { sessionId: string; role: Participant }[] {
    const left: { sessionId: string; role: Participant }[] = [];
    for (const [sessionId, entry] of this.sessions) {
      for (const role of ['technician', 'customer'] as const) {
        if (entry[role] === socketId) {
          delete entry[role];
          if (role === 'technician') delete entry.console;
          left.push({ sessionId, role });
        }
      }
      if (!entry.technician && !entry.customer) this.sessions.delete(sessionId);
    }
    return left;
  }

  /** The session's participant in `role` is nobody now (its technician changed); returns who it was. */
  leave(sessionId: string, role: Participant): string | undefined {
    const entry = this.sessions.get(sessionId);
    const previous = entry?.[role];
    if (entry) delete entry[role];
    if (entry && role === 'technician') delete entry.console;
    return previous;
  }

  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** Every session someone in `role` is in now. */
  sessionsWith(role: Participant): string[] {
    return [...this.sessions].filter(([, entry]) => entry[role] !== undefined).map(([sessionId]) => sessionId);
  }

  socketOf(sessionId: string, role: Participant): string | undefined {
    return this.sessions.get(sessionId)?.[role];
  }

  is(sessionId: string, role: Participant, socketId: string): boolean {
    return this.socketOf(sessionId, role) === socketId;
  }
}
