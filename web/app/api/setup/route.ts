import { ownerSetupSchema } from '../../../../core/auth/accounts';
import { authCookie } from '../../../server/auth-cookie';
import { lifeline } from '../../../server/context';
import { jsonRoute } from '../../../server/route';

/** First run only: creates the master administrator and signs them in. Refuses forever once anyone exists. */
export const POST = jsonRoute(ownerSetupSchema, async ({ input, address }) => {
  const { accounts, authSessions, log } = lifeline();
  const owner = await accounts.setupOwner(input, address);
  const { token } = await authSessions.create(owner.id);
  log.info('setup: owner created', { user: owner.id, address });
  return Response.json({ ok: true }, { status: 201, headers: { 'Set-Cookie': authCookie(token) } });
});
