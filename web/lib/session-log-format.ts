/**
 * How the session log writes times, durations, sizes and reasons. The log shows UTC (the filters' dates are UTC
 * days too), so the server renders the same text for every viewer and the CSV agrees with the page. These
 * sentences move into the i18n catalogue with the rest of web/lib/messages.ts.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-03-10 09:04:05" (UTC), or "" for a time that never came. */
export function formatUtc(ms: number | null, withSeconds = true): string {
  if (ms === null) return '';
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${withSeconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
  return `${date} ${time}`;
}

/** ISO 8601 in UTC for machines (the CSV, `<time dateTime>`), or null. */
export function isoUtc(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** "45 s", "3 min 20 s", "1 h 02 min"; "–" when there is none. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${pad(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}

/** "512 B", "1.5 KB", "50.0 MB" (powers of 1024, as file managers show). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export const endReasonLabels: Record<string, string> = {
  technician_ended: 'Ended by the technician',
  customer_ended: 'Ended by the customer',
  expired: 'Code expired unused',
  idle_timeout: 'Closed after inactivity',
  resolved: 'Resolved',
};

export const logViewLabels: Record<string, string> = {
  active: 'In progress',
  closed: 'Ended',
};

export const rightLabels: Record<string, string> = {
  chat: 'chat',
  screen_view: 'screen view',
  remote_control: 'remote control',
  file_access: 'file access',
  clipboard: 'clipboard',
};

export const fileStateLabels: Record<string, string> = {
  done: 'Completed',
  failed: 'Failed',
  declined: 'Declined',
};
