import { loginSchema } from '../../../../../core/auth/accounts';
import { authCookie } from '../../../../server/auth-cookie';
import { lifeline } from '../../../../server/context';
import { jsonRoute } from '../../../../server/route';

export const POST = jsonRoute(loginSchema, async ({ input, address }) => {
  const { accounts, authSessions, log } = lifeline();
  const user = await accounts.login(input, address);
  const { token } = await authSessions.create(user.id);
  log.info('auth: signed in', { user: user.id, address });
  return Response.json({ ok: true }, { headers: { 'Set-Cookie': authCookie(token) } });
});
