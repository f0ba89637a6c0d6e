/**
 * What the domain, signaling and route handlers need of a log: one line per event with fields. It lives in
 * core/ so every layer may take it; server/log.ts writes it, tests collect it.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
