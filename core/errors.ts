/**
 * Closed set of error codes that cross the wire (socket acks and HTTP bodies). The UI picks the sentence to show
 * by code; `message` is for logs and for developers reading a response.
 */
export const ErrorCode = {
  badRequest: 'bad_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  invalidCode: 'invalid_code',
  rateLimited: 'rate_limited',
  sessionClosed: 'session_closed',
  conflict: 'conflict',
  peerAbsent: 'peer_absent',
  setupLocked: 'setup_locked',
  invalidCredentials: 'invalid_credentials',
  protocolMismatch: 'protocol_mismatch',
  /** A request body over what its route accepts (HTTP 413). */
  tooLarge: 'too_large',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Why a form's value was refused, as a message key and its values, so the page can say it in the reader's
 * language (the console area of `web/messages`, namespace `formErrors.reasons`). A string array value is a list of
 * words, each a key of `formErrors.words`.
 */
export interface Reason {
  key: string;
  values?: Record<string, string | number | string[]>;
}

const brand = Symbol.for('lifeline.DomainError');

/**
 * True for a DomainError from any copy of this module: Next.js bundles its own copy for the web routes, so
 * `instanceof` would miss errors thrown by the services server.ts built.
 */
export function isDomainError(error: unknown): error is DomainError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[brand] === true;
}

/** A refusal the domain expects and explains; anything else thrown is a bug and maps to `internal`. */
export class DomainError extends Error {
  readonly [brand] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    /** The form field the refusal is about, so the page can show it next to that field. */
    readonly field?: string,
    readonly reasons?: Reason[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static badRequest(message: string) {
    return new DomainError(ErrorCode.badRequest, message);
  }
  /** A refused form value: `message` in English for logs, `reasons` for the page to translate. */
  static invalidField(field: string, message: string, reasons: Reason[]) {
    return new DomainError(ErrorCode.badRequest, message, undefined, field, reasons);
  }
  static unauthorized(message = 'Sign in first.') {
    return new DomainError(ErrorCode.unauthorized, message);
  }
  static forbidden(message = 'You are not allowed to do that.') {
    return new DomainError(ErrorCode.forbidden, message);
  }
  static notFound(what: string) {
    return new DomainError(ErrorCode.notFound, `${what} not found.`);
  }
  /** Wrong, expired and spent codes share one answer so a guesser learns nothing. */
  static invalidCode() {
    return new DomainError(ErrorCode.invalidCode, 'That code is not valid or has expired.');
  }
  static rateLimited(retryAfterMs: number) {
    return new DomainError(ErrorCode.rateLimited, 'Too many attempts. Try again later.', retryAfterMs);
  }
  static sessionClosed() {
    return new DomainError(ErrorCode.sessionClosed, 'This support session has ended.');
  }
  /** Someone else picked the session up first (`name`: who, when known). */
  static taken(name: string) {
    return new DomainError(ErrorCode.conflict, name ? `${name} already took this session.` : 'Someone else already took this session.', undefined, undefined, [{ key: name ? 'takenBy' : 'taken', values: name ? { name } : undefined }]);
  }
  /**
   * The technician already works as many sessions as their group allows at once (`name`: someone else, when the
   * session was being handed to them).
   */
  static atCapacity(maximum: number, name?: string) {
    return new DomainError(ErrorCode.conflict, `${name ?? 'You'} already work${name ? 's' : ''} ${maximum} sessions, the most the group allows at once.`, undefined, undefined, [
      name ? { key: 'atCapacityOther', values: { name, maximum } } : { key: 'atCapacity', values: { maximum } },
    ]);
  }
  static conflict(message: string) {
    return new DomainError(ErrorCode.conflict, message);
  }
  static peerAbsent() {
    return new DomainError(ErrorCode.peerAbsent, 'The other side is not connected right now.');
  }
  /** Unknown, spent and expired sign-up links share one answer. */
  static invalidLink() {
    return new DomainError(ErrorCode.invalidCode, 'This link is not valid any more. Ask your administrator for a new invitation.');
  }
  static setupLocked() {
    return new DomainError(ErrorCode.setupLocked, 'Lifeline is already set up.');
  }
  static invalidCredentials() {
    return new DomainError(ErrorCode.invalidCredentials, 'E-mail or password is wrong.');
  }
}
