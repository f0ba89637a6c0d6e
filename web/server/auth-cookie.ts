import { AUTH_SESSION_LIFETIME_MS } from '../../core/auth/auth-sessions';
import { AUTH_COOKIE } from '../../signaling/cookie';
import { lifeline } from './context';

export { AUTH_COOKIE };

/** The sign-in cookie: HttpOnly (no script reads it), SameSite=Lax, Secure whenever we are reached over TLS. */
export function authCookie(token: string): string {
  // The server slides the session's expiry with use; the cookie simply lives as long as a full session could.
  return serialize(token, AUTH_SESSION_LIFETIME_MS / 1000);
}

export function clearedAuthCookie(): string {
  return serialize('', 0);
}

function serialize(value: string, maxAge: number): string {
  const secure = lifeline().secureCookies ? '; Secure' : '';
  return `${AUTH_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}
