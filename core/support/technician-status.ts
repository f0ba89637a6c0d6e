import type { Clock } from '../clock';

/** The highest maximum of concurrent sessions a group may set (a plain module: the admin center's page imports it). */
export const MAX_CONCURRENT_SESSIONS = 50;

/** What a technician says about themselves; Busy also comes by itself at their group's maximum of sessions. */
export const TECH_STATUSES = ['available', 'busy', 'away'] as const;
export type TechStatus = (typeof TECH_STATUSES)[number];

/** How a technician shows to colleagues and to routing, and why (chosen, full, or idle). */
export interface ShownStatus {
  status: TechStatus;
  /** 'chosen': set by the technician; 'full': at the group's maximum of concurrent sessions; 'idle': no input for a while. */
  why: 'chosen' | 'full' | 'idle';
}

interface Entry {
  chosen: TechStatus;
  /** Away because nobody touched a console, not because they said so: input brings them back. */
  idleAway: boolean;
  /** What they had chosen before an automatic Away: input restores it (a Busy technician does not come back Available). */
  beforeIdle: TechStatus;
  lastInputAt: number;
}

/** What the sweep found due: who turns Away now, and whose sign-ins end for inactivity. */
export interface DueChanges {
  away: string[];
  signOut: string[];
}

/** At most `max` concurrent sessions (null: no maximum): is a technician with `active` ones full? */
export function atCapacity(active: number, max: number | null): boolean {
  return max !== null && active >= max;
}

/**
 * Each technician's status while a console of theirs is open: what they chose, Away after a time without input
 * (set by the administrator), and when their inactivity has lasted long enough to be signed out. Lives in memory
 * beside the sockets: a technician with no console is offline, whatever they chose last.
 */
export class TechnicianStatuses {
  private readonly entries = new Map<string, Entry>();
  /** What each technician chose last, kept while no console is open: a reload does not make a Busy technician Available. */
  private readonly remembered = new Map<string, TechStatus>();

  constructor(private readonly clock: Clock) {}

  /**
   * A console of theirs connected: they start Available unless they had said otherwise (before a reload too). A
   * second console, or one coming back after a network blip or a laptop's sleep, is not input: it must not put off
   * an automatic Away or sign-out.
   */
  connected(userId: string): void {
    if (this.entries.has(userId)) return;
    const chosen = this.remembered.get(userId) ?? 'available';
    this.entries.set(userId, { chosen, idleAway: false, beforeIdle: chosen, lastInputAt: this.clock.now() });
  }

  /** Their last console closed: offline; what they chose holds for their next console (an automatic Away does not). */
  disconnected(userId: string): void {
    const entry = this.entries.get(userId);
    if (entry) this.remembered.set(userId, entry.idleAway ? entry.beforeIdle : entry.chosen);
    this.entries.delete(userId);
  }

  /** Signed out: the next sign-in starts Available. */
  forget(userId: string): void {
    this.entries.delete(userId);
    this.remembered.delete(userId);
  }

  isOnline(userId: string): boolean {
    return this.entries.has(userId);
  }

  /** The technician chose a status; choosing is input too. True when what they show changed (else nobody needs telling). */
  choose(userId: string, status: TechStatus): boolean {
    const entry = this.entries.get(userId);
    const unchanged = entry !== undefined && entry.chosen === status && !entry.idleAway;
    this.entries.set(userId, { chosen: status, idleAway: false, beforeIdle: status, lastInputAt: this.clock.now() });
    return !unchanged;
  }

  /** Input in a console (a key, a click). True when it brought them back from an automatic Away. */
  input(userId: string): boolean {
    const entry = this.entries.get(userId);
    if (!entry) return false;
    entry.lastInputAt = this.clock.now();
    if (!entry.idleAway) return false;
    entry.idleAway = false;
    entry.chosen = entry.beforeIdle;
    return true;
  }

  /** How the technician shows now: at capacity they are Busy whatever they chose, unless Away. */
  shown(userId: string, full: boolean): ShownStatus | null {
    const entry = this.entries.get(userId);
    if (!entry) return null;
    if (entry.chosen === 'away') return { status: 'away', why: entry.idleAway ? 'idle' : 'chosen' };
    if (full) return { status: 'busy', why: 'full' };
    return { status: entry.chosen, why: 'chosen' };
  }

  /** Whether routing offers them waiting customers: online, Available, and not at capacity. */
  routable(userId: string, full: boolean): boolean {
    return this.shown(userId, full)?.status === 'available';
  }

  /**
   * Applies the administrator's inactivity limits now: Available and Busy technicians without input for
   * `awayAfterMs` turn Away; anyone without input for `signOutAfterMs` is due to be signed out.
   */
  sweep(limits: { awayAfterMs: number | null; signOutAfterMs: number | null }): DueChanges {
    const now = this.clock.now();
    const due: DueChanges = { away: [], signOut: [] };
    for (const [userId, entry] of this.entries) {
      const quiet = now - entry.lastInputAt;
      if (limits.signOutAfterMs !== null && quiet >= limits.signOutAfterMs) {
        due.signOut.push(userId);
        continue;
      }
      if (limits.awayAfterMs !== null && quiet >= limits.awayAfterMs && entry.chosen !== 'away') {
        entry.beforeIdle = entry.chosen;
        entry.chosen = 'away';
        entry.idleAway = true;
        due.away.push(userId);
      }
    }
    return due;
  }
}
