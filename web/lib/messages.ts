/**
 * What the user reads for each error code: what happened and what to do next. Codes come from the protocol;
 * these sentences move into the i18n catalogue when languages arrive (admin center issue).
 */
const sentences: Record<string, string> = {
  invalid_code: 'That code is not valid or has expired. Check the 6 digits with your technician, or ask for a new code.',
  bad_request: 'That code is not valid or has expired. Check the 6 digits with your technician, or ask for a new code.',
  session_closed: 'This support session has ended. Ask your technician for a new code if you still need help.',
  unauthorized: 'Your sign-in has expired. Sign in again.',
  forbidden: 'You are not allowed to do that.',
  invalid_credentials: 'E-mail or password is wrong. Check them and try again.',
  setup_locked: 'Lifeline is already set up. Sign in instead.',
  protocol_mismatch: 'This page is out of date. Reload it to continue.',
  network: 'We could not reach the server. Check your connection and try again.',
  disconnected: 'The connection to the server dropped. Reconnecting…',
  timeout: 'The server did not answer in time. Try again.',
  share_denied: 'Screen sharing did not start. Press "Share my screen" again and choose what to share.',
  peer_absent: 'The other side is not connected right now.',
  internal: 'Something went wrong on our side. Try again in a moment.',
};

export function describeError(code: string, retryAfterMs?: number): string {
  if (code === 'rate_limited') {
    const minutes = Math.max(1, Math.ceil((retryAfterMs ?? 60_000) / 60_000));
    return `Too many attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`;
  }
  return sentences[code] ?? sentences.internal;
}

export const stateLabels: Record<string, string> = {
  created: 'Waiting for customer',
  waiting: 'Customer joined',
  active: 'Active',
  closed: 'Closed',
};
