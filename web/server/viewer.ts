import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { User } from '../../core/model';
import { AUTH_COOKIE, readCookie } from '../../signaling/cookie';
import { lifeline } from './context';

/**
 * The signed-in user of a console page, as web/app/console/page.tsx decides it: before the owner exists every
 * console page leads to the setup at /console; null means "show the sign-in form".
 */
export async function pageViewer(): Promise<User | null> {
  const { accounts, authSessions } = lifeline();
  if (await accounts.needsSetup()) redirect('/console');
  const { user } = await authSessions.validate((await cookies()).get(AUTH_COOKIE)?.value);
  return user;
}

/** The signed-in user of a route handler's request, from the same cookie; null when there is none. */
export async function requestViewer(request: Request): Promise<User | null> {
  const { user } = await lifeline().authSessions.validate(readCookie(request.headers.get('cookie') ?? undefined, AUTH_COOKIE));
  return user;
}

/** Next hands search params as a record (repeated keys as arrays); the log reads them as URLSearchParams. */
export function searchParamsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, one);
  }
  return search;
}
