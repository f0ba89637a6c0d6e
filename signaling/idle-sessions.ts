/**
 * Closes active sessions in which nothing happens: after `idleMs` without activity both sides are warned, and
 * `warningMs` later the session closes unless someone acted. A shared screen counts as activity for as long as
 * it is shared (a technician may watch silently).
 */
export class IdleSessions {
  private readonly timers = new Map<string, { warn: NodeJS.Timeout; close: NodeJS.Timeout }>();
  private readonly sharing = new Set<string>();

  constructor(
    private readonly options: {
      idleMs: number;
      warningMs: number;
      warn: (sessionId: string, closesAt: number) => void;
      close: (sessionId: string) => void;
    },
  ) {}

  /** Something happened in the session: start counting again. */
  touch(sessionId: string): void {
    this.clear(sessionId);
    if (this.sharing.has(sessionId)) return;
    const { idleMs, warningMs } = this.options;
    const warn = setTimeout(() => this.options.warn(sessionId, Date.now() + warningMs), Math.max(0, idleMs - warningMs));
    const close = setTimeout(() => {
      this.forget(sessionId);
      this.options.close(sessionId);
    }, idleMs);
    warn.unref();
    close.unref();
    this.timers.set(sessionId, { warn, close });
  }

  setSharing(sessionId: string, sharing: boolean): void {
    if (sharing) this.sharing.add(sessionId);
    else this.sharing.delete(sessionId);
    this.touch(sessionId);
  }

  forget(sessionId: string): void {
    this.clear(sessionId);
    this.sharing.delete(sessionId);
  }

  private clear(sessionId: string): void {
    const timers = this.timers.get(sessionId);
    if (!timers) return;
    clearTimeout(timers.warn);
    clearTimeout(timers.close);
    this.timers.delete(sessionId);
  }
}
