import { cookies } from 'next/headers';
import { cache } from 'react';
import type { Preferences } from '../../core/preferences/preferences';
import { AUTH_COOKIE } from '../../signaling/cookie';
import { lifeline } from './context';

/**
 * The signed-in person's own choices for this request (language, theme, nickname, picture), read once per
 * render; null for anyone not signed in. Their choices win over this browser's, so they follow them to any
 * browser they sign in from (the language in web/i18n/request.ts, the theme in web/app/layout.tsx).
 */
export const viewerPreferences = cache(async (): Promise<Preferences | null> => {
  const token = (await cookies()).get(AUTH_COOKIE)?.value;
  if (!token) return null;
  const { authSessions, preferences } = lifeline();
  const { user } = await authSessions.validate(token);
  return user ? preferences.of(user) : null;
});
