import * as z from 'zod';
import { dayOf, isTimeZone, offsetAt } from '../time-zone';

/**
 * When a channel takes customers: a weekly schedule in the channel's time zone, minus closed dates (holidays).
 * A day may have several periods (a lunch break); a period ends at or before midnight, so a night shift is two
 * periods on two days.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const minuteOfDay = z.number().int().min(0).max(24 * 60);
export const periodSchema = z
  .object({ from: minuteOfDay, to: minuteOfDay })
  .refine((p) => p.from < p.to, { message: 'A period ends after it starts.', path: ['to'] });
export type Period = z.infer<typeof periodSchema>;

const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const workingHoursSchema = z.object({
  /** Off: the channel is open around the clock (only "a technician is online" decides). */
  enabled: z.boolean().default(false),
  timeZone: z.string().refine(isTimeZone, { message: 'Not a time zone.' }).default('UTC'),
  weekly: z.partialRecord(z.enum(WEEKDAYS), z.array(periodSchema).max(4)).default({}),
  closedDates: z.array(daySchema).max(100).default([]),
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const ALWAYS_OPEN: WorkingHours = { enabled: false, timeZone: 'UTC', weekly: {}, closedDates: [] };

/** Monday to Friday, 9:00 to 17:00: what a new channel proposes once hours are switched on. */
export const OFFICE_HOURS: WorkingHours['weekly'] = Object.fromEntries(
  WEEKDAYS.slice(0, 5).map((d) => [d, [{ from: 9 * 60, to: 17 * 60 }]]),
);

/** Whether the schedule is open at `at` (UTC ms), read in the schedule's own time zone. */
export function isWithinHours(hours: WorkingHours, at: number): boolean {
  if (!hours.enabled) return true;
  const day = dayOf(at, hours.timeZone);
  if (hours.closedDates.includes(day)) return false;
  const local = new Date(at + offsetAt(at, hours.timeZone));
  const weekday = WEEKDAYS[(local.getUTCDay() + 6) % 7];
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return (hours.weekly[weekday] ?? []).some((p) => minute >= p.from && minute < p.to);
}
