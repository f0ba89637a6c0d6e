import { describe, expect, it } from 'vitest';
import { dayOf, isTimeZone, offsetAt, startOfDay } from './time-zone';

describe('time zones', () => {
  it('knows IANA names and refuses anything else', () => {
    expect(isTimeZone('Europe/Brussels')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(3)).toBe(false);
  });

  it('finds when a day begins, in summer, in winter, on the days the clocks change and west of Greenwich', () => {
    expect(new Date(startOfDay('2026-07-01', 'Europe/Brussels')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(new Date(startOfDay('2026-01-15', 'Europe/Brussels')).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    // Clocks go forward at 02:00 on 29 March 2026 and back at 03:00 on 25 October: midnight is before both.
    expect(new Date(startOfDay('2026-03-29', 'Europe/Brussels')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfDay('2026-10-25', 'Europe/Brussels')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(startOfDay('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(startOfDay('2026-11-22', 'Asia/Kolkata')).toISOString()).toBe('2026-11-21T18:30:00.000Z');
    expect(startOfDay('2026-11-22', 'UTC')).toBe(Date.UTC(2026, 10, 22));
    expect(() => startOfDay('22/11/2026', 'UTC')).toThrow();
  });

  it('says which day an instant falls on there, and the offset', () => {
    const lateEvening = Date.UTC(2026, 10, 22, 23, 30);
    expect(dayOf(lateEvening, 'UTC')).toBe('2026-11-22');
    expect(dayOf(lateEvening, 'Europe/Brussels')).toBe('2026-11-23');
    expect(dayOf(lateEvening, 'America/Los_Angeles')).toBe('2026-11-22');
    expect(offsetAt(lateEvening, 'Europe/Brussels')).toBe(60 * 60 * 1000);
    expect(offsetAt(lateEvening, 'America/Los_Angeles')).toBe(-8 * 60 * 60 * 1000);
  });
});
