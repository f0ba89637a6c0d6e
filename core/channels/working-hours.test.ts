import { describe, expect, it } from 'vitest';
import { isWithinHours, OFFICE_HOURS, type WorkingHours } from './working-hours';

const hours = (patch: Partial<WorkingHours> = {}): WorkingHours => ({ enabled: true, timeZone: 'Europe/Amsterdam', weekly: OFFICE_HOURS, closedDates: [], ...patch });

describe('working hours', () => {
  it('is always open while hours are off', () => {
    expect(isWithinHours({ ...hours(), enabled: false, weekly: {} }, Date.UTC(2026, 0, 4, 3))).toBe(true);
  });

  it('reads the schedule in the channel\'s own time zone', () => {
    // Monday 5 January 2026: Amsterdam is UTC+1, so 9:00 there is 8:00 UTC.
    expect(isWithinHours(hours(), Date.UTC(2026, 0, 5, 7, 59))).toBe(false);
    expect(isWithinHours(hours(), Date.UTC(2026, 0, 5, 8, 0))).toBe(true);
    expect(isWithinHours(hours(), Date.UTC(2026, 0, 5, 15, 59))).toBe(true);
    expect(isWithinHours(hours(), Date.UTC(2026, 0, 5, 16, 0))).toBe(false);
    // The same instant in New York (UTC-5) is 3:00 and closed.
    expect(isWithinHours(hours({ timeZone: 'America/New_York' }), Date.UTC(2026, 0, 5, 8, 0))).toBe(false);
    // Summer time: on Monday 6 July 2026 Amsterdam is UTC+2.
    expect(isWithinHours(hours(), Date.UTC(2026, 6, 6, 7, 0))).toBe(true);
    expect(isWithinHours(hours(), Date.UTC(2026, 6, 6, 15, 0))).toBe(false);
  });

  it('is closed at weekends, on closed dates, and between the periods of a day', () => {
    expect(isWithinHours(hours(), Date.UTC(2026, 0, 3, 10))).toBe(false); // Saturday
    expect(isWithinHours(hours({ closedDates: ['2026-01-05'] }), Date.UTC(2026, 0, 5, 10))).toBe(false);
    // The closed date is the local day: 23:30 UTC on the 4th is already the 5th in Amsterdam.
    const night = hours({ weekly: { sun: [{ from: 0, to: 24 * 60 }], mon: [{ from: 0, to: 24 * 60 }] }, closedDates: ['2026-01-05'] });
    expect(isWithinHours(night, Date.UTC(2026, 0, 4, 22, 30))).toBe(true);
    expect(isWithinHours(night, Date.UTC(2026, 0, 4, 23, 30))).toBe(false);
    const lunch = hours({ weekly: { mon: [{ from: 9 * 60, to: 12 * 60 }, { from: 13 * 60, to: 17 * 60 }] } });
    expect(isWithinHours(lunch, Date.UTC(2026, 0, 5, 11, 30))).toBe(false); // 12:30 local
    expect(isWithinHours(lunch, Date.UTC(2026, 0, 5, 12, 0))).toBe(true); // 13:00 local
  });
});
