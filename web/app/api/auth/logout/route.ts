import * as z from 'zod';
import { readCookie } from '../../../../../signaling/cookie';
import { AUTH_COOKIE, clearedAuthCookie } from '../../../../server/auth-cookie';
import { lifeline } from '../../../../server/context';
import { jsonRoute } from '../../../../server/route';

export const POST = jsonRoute(z.object({}), async ({ request }) => {
  const token = readCookie(request.headers.get('cookie') ?? undefined, AUTH_COOKIE);
  if (token) await lifeline().authSessions.invalidate(token);
  return Response.json({ ok: true }, { headers: { 'Set-Cookie': clearedAuthCookie() } });
});
