/** A technician invited to watch a session beside its technician. */
export interface Collaborator {
  id: string;
  name: string;
  nickname: string;
  /** Their console's socket while it has the session open; null while away. */
  socketId: string | null;
  /** Counts the times their console opened the session: the customer builds a new connection for each. */
  epoch: number;
}

/**
 * Who collaborates on which live session. Kept in memory: an invitation lasts as long as the session's live
 * part does, and a restart ends live sessions' connections anyway. The timeline records each invitation.
 */
export class Collaborators {
  private readonly bySession = new Map<string, Map<string, Collaborator>>();

  /** Every session someone watches now. */
  sessions(): string[] {
    return [...this.bySession.keys()];
  }

  list(sessionId: string): Collaborator[] {
    return [...(this.bySession.get(sessionId)?.values() ?? [])];
  }

  get(sessionId: string, userId: string): Collaborator | undefined {
    return this.bySession.get(sessionId)?.get(userId);
  }

  add(sessionId: string, person: { id: string; name: string; nickname: string }): void {
    const entries = this.bySession.get(sessionId) ?? new Map<string, Collaborator>();
    entries.set(person.id, { ...person, socketId: null, epoch: 0 });
    this.bySession.set(sessionId, entries);
  }

  remove(sessionId: string, userId: string): Collaborator | undefined {
    const entries = this.bySession.get(sessionId);
    const removed = entries?.get(userId);
    entries?.delete(userId);
    if (entries?.size === 0) this.bySession.delete(sessionId);
    return removed;
  }

  /** Their console opened the session: it is the one socket that speaks for them there. */
  enter(sessionId: string, userId: string, socketId: string): { replaced: string | null; isNew: boolean } {
    const entry = this.get(sessionId, userId);
    if (!entry) return { replaced: null, isNew: false };
    const replaced = entry.socketId !== socketId ? entry.socketId : null;
    const isNew = entry.socketId !== socketId;
    if (isNew) entry.epoch++;
    entry.socketId = socketId;
    return { replaced, isNew };
  }

  bySocket(sessionId: string, socketId: string): Collaborator | undefined {
    return this.list(sessionId).find((c) => c.socketId === socketId);
  }

  /** A socket went away: the sessions where it was a present collaborator. */
  leaveSocket(socketId: string): { sessionId: string; collaborator: Collaborator }[] {
    const left: { sessionId: string; collaborator: Collaborator }[] = [];
    for (const [sessionId, entries] of this.bySession) {
      for (const collaborator of entries.values()) {
        if (collaborator.socketId === socketId) {
          collaborator.socketId = null;
          left.push({ sessionId, collaborator });
        }
      }
    }
    return left;
  }

  sessionsOf(userId: string): string[] {
    return [...this.bySession].filter(([, entries]) => entries.has(userId)).map(([sessionId]) => sessionId);
  }

  forget(sessionId: string): Collaborator[] {
    const gone = this.list(sessionId);
    this.bySession.delete(sessionId);
    return gone;
  }
}
