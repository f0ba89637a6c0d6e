import { DomainError } from '../core/errors';
import type { ControlMode, InputPriority } from '../protocol/input';

export interface ControlState {
  mode: ControlMode;
  state: 'requested' | 'granted';
  /** The customer's grant: input stamped with another epoch is refused by the customer's executor. */
  epoch: number;
  priority: InputPriority;
}

/**
 * Remote control per live session, as the server knows it: asked for by the session's technician, granted or
 * declined by the customer, stopped by either. The customer's page is the authority on what runs (its input
 * gate); this is what the server tells consoles that open the session, and what the log records.
 */
export class RemoteControls {
  private readonly bySession = new Map<string, ControlState>();
  private readonly lastEpoch = new Map<string, number>();

  get(sessionId: string): ControlState | null {
    return this.bySession.get(sessionId) ?? null;
  }

  request(sessionId: string, mode: ControlMode, priority: InputPriority): ControlState {
    // A grant stands until it is stopped: a second request must not replace it behind the customer's back.
    if (this.bySession.get(sessionId)?.state === 'granted') throw DomainError.conflict('Control is already on; stop it first.');
    const next: ControlState = { mode, state: 'requested', epoch: this.lastEpoch.get(sessionId) ?? 0, priority };
    this.bySession.set(sessionId, next);
    return next;
  }

  /** The customer granted: a new epoch, newer than any before in this session. */
  grant(sessionId: string, epoch: number): ControlState {
    const current = this.bySession.get(sessionId);
    if (current?.state !== 'requested') throw DomainError.conflict('Nobody asked to control this session.');
    if (epoch <= (this.lastEpoch.get(sessionId) ?? 0)) throw DomainError.badRequest('A grant needs a newer epoch.');
    this.lastEpoch.set(sessionId, epoch);
    const granted: ControlState = { ...current, state: 'granted', epoch };
    this.bySession.set(sessionId, granted);
    return granted;
  }

  /** Declined or stopped: the state it had, or null when there was none. */
  end(sessionId: string): ControlState | null {
    const current = this.bySession.get(sessionId) ?? null;
    this.bySession.delete(sessionId);
    return current;
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
    this.lastEpoch.delete(sessionId);
  }
}
