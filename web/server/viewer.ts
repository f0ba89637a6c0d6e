import { cookies, headers } from 'next/headers';
import { isDomainError } from '../../core/errors';
import { redirect } from 'next/navigation';
import type { AuthSession, User } from '../../core/model';
import { AUTH_COOKIE, readCookie } from '../../signaling/cookie';
import { CLIENT_ADDRESS_HEADER, lifeline } from './context';

/**
 * The signed-in user of a console page, as web/app/console/page.tsx decides it: before the owner exists every
 * console page leads to the setup at /console; null means "show the sign-in form".
 */
export async function pageViewer(): Promise<User | null> {
  const { accounts, authSessions } = lifeline();
  if (await accounts.needsSetup()) redirect('/console');
  const { session, user } = await authSessions.validate((await cookies()).get(AUTH_COOKIE)?.value);
  if (!user) return null;
  return (await passesGate(session, user, (await headers()).get(CLIENT_ADDRESS_HEADER))) ? user : null;
}

/** The signed-in user of a route handler's request, from the same cookie; null when there is none. */
export async function requestViewer(request: Request): Promise<User | null> {
  const { session, user } = await lifeline().authSessions.validate(readCookie(request.headers.get('cookie') ?? undefined, AUTH_COOKIE));
  if (!user) return null;
  return (await passesGate(session, user, request.headers.get(CLIENT_ADDRESS_HEADER))) ? user : null;
}

/** Address rules and a newly required second factor: a sign-in that fails them counts as none (the sign-in form says why). */
async function passesGate(session: AuthSession, user: User, address: string | null): Promise<boolean> {
  try {
    await lifeline().gate.check(session, user, address ?? 'unknown');
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}

/** Next hands search params as a record (repeated keys as arrays); the log reads them as URLSearchParams. */
export function searchParamsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, one);
  }
  return search;
}
