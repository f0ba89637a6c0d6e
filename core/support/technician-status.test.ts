import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { atCapacity, TechnicianStatuses } from './technician-status';

const MINUTE = 60_000;
const limits = { awayAfterMs: 10 * MINUTE, signOutAfterMs: 30 * MINUTE };

describe('technician statuses', () => {
  it('a console starts Available; the technician chooses Busy or Away; without a console they are offline', () => {
    const statuses = new TechnicianStatuses(new ManualClock(0));
    expect(statuses.shown('tess', false)).toBeNull();
    statuses.connected('tess');
    expect(statuses.shown('tess', false)).toEqual({ status: 'available', why: 'chosen' });
    expect(statuses.routable('tess', false)).toBe(true);
    statuses.choose('tess', 'busy');
    expect(statuses.shown('tess', false)).toEqual({ status: 'busy', why: 'chosen' });
    expect(statuses.routable('tess', false)).toBe(false);
    statuses.choose('tess', 'away');
    expect(statuses.routable('tess', false)).toBe(false);
    // A second console keeps what was chosen.
    statuses.connected('tess');
    expect(statuses.shown('tess', false)?.status).toBe('away');
    statuses.disconnected('tess');
    expect(statuses.isOnline('tess')).toBe(false);
    expect(statuses.routable('tess', false)).toBe(false);
    // A reload: the next console keeps the status chosen; after a sign-out it starts Available.
    statuses.connected('tess');
    expect(statuses.shown('tess', false)).toEqual({ status: 'away', why: 'chosen' });
    statuses.forget('tess');
    statuses.connected('tess');
    expect(statuses.shown('tess', false)).toEqual({ status: 'available', why: 'chosen' });
  });

  it('at the group\'s maximum an Available technician shows Busy by itself, and is Available again below it', () => {
    const statuses = new TechnicianStatuses(new ManualClock(0));
    statuses.connected('tess');
    expect(statuses.shown('tess', true)).toEqual({ status: 'busy', why: 'full' });
    expect(statuses.routable('tess', true)).toBe(false);
    expect(statuses.shown('tess', false)).toEqual({ status: 'available', why: 'chosen' });
    // Away stays Away: they are not at the desk either way.
    statuses.choose('tess', 'away');
    expect(statuses.shown('tess', true)).toEqual({ status: 'away', why: 'chosen' });
    expect([atCapacity(2, 3), atCapacity(3, 3), atCapacity(4, 3), atCapacity(99, null)]).toEqual([false, true, true, false]);
  });

  it('turns Away after the set time without input, and back to Available at the next input', () => {
    const clock = new ManualClock(0);
    const statuses = new TechnicianStatuses(clock);
    statuses.connected('tess');
    statuses.connected('tom');
    clock.advance(10 * MINUTE - 1);
    statuses.input('tom');
    expect(statuses.sweep(limits)).toEqual({ away: [], signOut: [] });
    clock.advance(1);
    expect(statuses.sweep(limits)).toEqual({ away: ['tess'], signOut: [] });
    expect(statuses.shown('tess', false)).toEqual({ status: 'away', why: 'idle' });
    // Already Away: not announced again.
    expect(statuses.sweep(limits).away).toEqual([]);
    expect(statuses.input('tess')).toBe(true);
    expect(statuses.shown('tess', false)).toEqual({ status: 'available', why: 'chosen' });
    expect(statuses.input('tess')).toBe(false);
  });

  it('input does not end an Away the technician chose', () => {
    const clock = new ManualClock(0);
    const statuses = new TechnicianStatuses(clock);
    statuses.connected('tess');
    statuses.choose('tess', 'away');
    expect(statuses.input('tess')).toBe(false);
    expect(statuses.shown('tess', false)).toEqual({ status: 'away', why: 'chosen' });
    clock.advance(10 * MINUTE);
    expect(statuses.sweep(limits).away).toEqual([]);
  });

  it('an automatic Away gives back what was chosen before (Busy stays Busy), and a reload keeps it', () => {
    const clock = new ManualClock(0);
    const statuses = new TechnicianStatuses(clock);
    statuses.connected('tess');
    expect(statuses.choose('tess', 'busy')).toBe(true);
    // Choosing the same again changes nothing anybody needs to hear.
    expect(statuses.choose('tess', 'busy')).toBe(false);
    clock.advance(10 * MINUTE);
    expect(statuses.sweep(limits).away).toEqual(['tess']);
    expect(statuses.input('tess')).toBe(true);
    expect(statuses.shown('tess', false)).toEqual({ status: 'busy', why: 'chosen' });
    expect(statuses.routable('tess', false)).toBe(false);
    clock.advance(10 * MINUTE);
    expect(statuses.sweep(limits).away).toEqual(['tess']);
    statuses.disconnected('tess');
    statuses.connected('tess');
    expect(statuses.shown('tess', false)).toEqual({ status: 'busy', why: 'chosen' });
  });

  it('a console that connects again (a blip, a laptop waking, a second tab) is not input', () => {
    const clock = new ManualClock(0);
    const statuses = new TechnicianStatuses(clock);
    statuses.connected('tess');
    clock.advance(30 * MINUTE - 1);
    statuses.connected('tess');
    clock.advance(1);
    expect(statuses.sweep(limits)).toEqual({ away: [], signOut: ['tess'] });
  });

  it('is due to be signed out after the sign-out time without input; no limits, no changes', () => {
    const clock = new ManualClock(0);
    const statuses = new TechnicianStatuses(clock);
    statuses.connected('tess');
    clock.advance(30 * MINUTE);
    expect(statuses.sweep({ awayAfterMs: null, signOutAfterMs: null })).toEqual({ away: [], signOut: [] });
    expect(statuses.sweep(limits)).toEqual({ away: [], signOut: ['tess'] });
  });
});
