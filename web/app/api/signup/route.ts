import { signupSchema } from '../../../../core/organisation/invitations';
import { authCookie } from '../../../server/auth-cookie';
import { lifeline } from '../../../server/context';
import { jsonRoute } from '../../../server/route';

/** An invitee completes their account from the e-mailed link, and is signed in. */
export const POST = jsonRoute(signupSchema, async ({ input, address }) => {
  const { invitations, authSessions, log } = lifeline();
  const user = await invitations.accept(input, address);
  const { token } = await authSessions.create(user.id);
  log.info('signup: account created from an invitation', { user: user.id, address });
  return Response.json({ ok: true }, { status: 201, headers: { 'Set-Cookie': authCookie(token) } });
});
