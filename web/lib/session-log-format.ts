/**
 * How the session log writes times for machines: ISO 8601 in UTC, for the CSV and `<time dateTime>`. What people
 * read (dates, durations, sizes, reasons) is written in their language by the pages, with next-intl's formatter
 * and the catalogue (web/i18n/units.ts, the `sessionLog` and `timeline` namespaces).
 */

/** ISO 8601 in UTC, or null for a time that never came. */
export function isoUtc(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
