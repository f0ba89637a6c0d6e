import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { SessionState } from '../model';
import { assertTransition, canTransition, isLive } from './session-state';

const states = Object.values(SessionState);

/** Every allowed move; everything else (including staying put) is refused. */
const allowed: ReadonlyArray<[SessionState, SessionState]> = [
  ['created', 'waiting'],
  ['created', 'closed'],
  ['waiting', 'active'],
  ['waiting', 'closed'],
  ['active', 'closed'],
];
const isAllowed = (from: SessionState, to: SessionState) => allowed.some(([f, t]) => f === from && t === to);
const pairs = states.flatMap((from) => states.map((to) => [from, to] as const));

describe('the support-session state machine', () => {
  it.each(pairs)('%s -> %s is allowed exactly when the transition table says so', (from, to) => {
    expect(canTransition(from, to)).toBe(isAllowed(from, to));
  });

  it.each(allowed)('assertTransition lets %s -> %s pass', (from, to) => {
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each(pairs.filter(([from, to]) => from !== 'closed' && !isAllowed(from, to)))(
    'assertTransition refuses %s -> %s as a conflict',
    (from, to) => {
      const error = catchError(() => assertTransition(from, to));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'conflict', message: `A ${from} session cannot become ${to}.` });
    },
  );

  it.each(states)('closed is final: closed -> %s is refused as session_closed', (to) => {
    expect(canTransition('closed', to)).toBe(false);
    expect(catchError(() => assertTransition('closed', to))).toMatchObject({ code: 'session_closed' });
  });

  it('no session can go back to created', () => {
    for (const from of states) expect(canTransition(from, 'created')).toBe(false);
  });

  it('every state but closed is live', () => {
    expect(states.filter(isLive)).toEqual(['created', 'waiting', 'active']);
  });
});

function catchError(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
