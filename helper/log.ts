/**
 * One line per event on stderr: `2026-01-01T10:00:00.000Z lifeline-helper <event> key=value ...`.
 * Callers pass only what is safe to show a customer or paste into a ticket: never the pairing token, TURN
 * credentials or clipboard text. `redact` below is a second line of defence, not the first.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;
export type Logger = (event: string, fields?: LogFields) => void;

const SECRET_KEYS = /token|credential|password|secret|pairing|text|sdp/i;

export function formatLine(event: string, fields: LogFields = {}, now = new Date()): string {
  const parts = [now.toISOString(), 'lifeline-helper', event];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const shown = SECRET_KEYS.test(key) ? '[redacted]' : String(value);
    parts.push(`${key}=${/[\s"=]/.test(shown) || shown === '' ? JSON.stringify(shown) : shown}`);
  }
  return parts.join(' ').replace(/[\r\n]+/g, ' ');
}

export const stderrLogger: Logger = (event, fields) => {
  process.stderr.write(`${formatLine(event, fields)}\n`);
};

/** An error's message in one line, for a log field. */
export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
