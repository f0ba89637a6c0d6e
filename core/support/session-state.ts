import { DomainError } from '../errors';
import { SessionState } from '../model';

/**
 * The support-session state machine. created: code issued, nobody joined · waiting: the customer redeemed the code
 * or link and has not consented yet · active: the customer consented, the technician works · closed: ended by
 * either side or expired. Closed is final.
 */
const transitions: Record<SessionState, readonly SessionState[]> = {
  created: [SessionState.waiting, SessionState.closed],
  waiting: [SessionState.active, SessionState.closed],
  active: [SessionState.closed],
  closed: [],
};

export function canTransition(from: SessionState, to: SessionState): boolean {
  return transitions[from].includes(to);
}

export function assertTransition(from: SessionState, to: SessionState): void {
  if (canTransition(from, to)) return;
  if (from === SessionState.closed) throw DomainError.sessionClosed();
  throw DomainError.conflict(`A ${from} session cannot become ${to}.`);
}

export function isLive(state: SessionState): boolean {
  return state !== SessionState.closed;
}
