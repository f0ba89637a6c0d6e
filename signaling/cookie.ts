/** Name of the sign-in cookie, read by the signaling handshake and written by the web routes. */
export const AUTH_COOKIE = 'lifeline_session';

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      // A malformed escape is nobody's cookie value: treat it as absent rather than fail the request.
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
