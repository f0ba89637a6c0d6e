/** Name of the sign-in cookie, read by the signaling handshake and written by the web routes. */
export const AUTH_COOKIE = 'lifeline_session';

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}
