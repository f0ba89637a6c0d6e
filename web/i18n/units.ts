/**
 * Durations, sizes and waiting times in the reader's language: numbers through next-intl's formatter (decimal
 * separator, digits), unit words from the `units` namespace of the console area. Pure functions of a translator
 * and a formatter, so client components (useTranslations/useFormatter) and server pages (getTranslations/
 * getFormatter) write them the same way.
 */
export type UnitWords = (key: 'seconds' | 'minutesSeconds' | 'hoursMinutes' | 'minutes' | 'underAMinute' | 'size', values?: Record<string, string>) => string;
/** The words of a live wait, with plural forms chosen by the numbers ("1 second", "2 minutes"). */
export type LiveWaitWords = (key: 'waitSeconds' | 'waitMinutes' | 'waitHours', values: Record<string, number>) => string;
export interface NumberFormatter {
  number(value: number, options?: Intl.NumberFormatOptions): string;
}

const SIZE_UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** "45 s", "3 min 20 s", "1 h 02 min"; "–" when there is none. */
export function durationText(t: UnitWords, format: NumberFormatter, ms: number | null): string {
  if (ms === null) return '–';
  const two = (n: number) => format.number(n, { minimumIntegerDigits: 2 });
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return t('seconds', { seconds: format.number(seconds) });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('minutesSeconds', { minutes: format.number(minutes), seconds: two(seconds % 60) });
  return t('hoursMinutes', { hours: format.number(Math.floor(minutes / 60)), minutes: two(minutes % 60) });
}

/** "3 min", "1 h 05 min": how long a customer has waited, at a glance. */
export function waitText(t: UnitWords, format: NumberFormatter, ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return t('underAMinute');
  if (minutes < 60) return t('minutes', { minutes: format.number(minutes) });
  return t('hoursMinutes', { hours: format.number(Math.floor(minutes / 60)), minutes: format.number(minutes % 60, { minimumIntegerDigits: 2 }) });
}

/**
 * A wait that ticks every second, in words and the right unit: "1 second", "45 seconds", "2 minutes",
 * "1 hour 5 minutes" (whole units, rounded down: a customer who waited 119 seconds waited 1 minute).
 */
export function liveWaitText(t: LiveWaitWords, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t('waitSeconds', { seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('waitMinutes', { minutes });
  return t('waitHours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** "512 B", "1.5 KB", "50.0 MB" (powers of 1024, as file managers show; the unit letters are the language's). */
export function sizeText(t: UnitWords, format: NumberFormatter, bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1024) return t('size', { value: format.number(bytes, { useGrouping: false }), unit: 'B' });
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return t('size', { value: format.number(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), unit: SIZE_UNITS[unit] });
}

/** The time zone dates are shown in, as the reader's language names it ("Central European Time"); UTC stays "UTC". */
export function timeZoneLabel(locale: string, timeZone: string): string {
  if (timeZone === 'UTC') return 'UTC';
  try {
    const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(Date.now()).find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/**
 * How long to wait before trying again (a sign-in lockout, the join or abuse report throttle), in the unit that
 * reads right: "1 second", "2 minutes", "1 hour", never "1 minute" for a 1-second lock. Rounded up, so the wait
 * said is never shorter than the real one. The catalogue's `rate_limited` sentences take `unit` and `count`.
 */
export function retryWait(ms: number | undefined): { unit: 'seconds' | 'minutes' | 'hours'; count: number } {
  const seconds = Math.max(1, Math.ceil((ms ?? 60_000) / 1000));
  if (seconds < 60) return { unit: 'seconds', count: seconds };
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  return { unit: 'hours', count: Math.ceil(minutes / 60) };
}
