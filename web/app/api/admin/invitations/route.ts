import { inviteSchema } from '../../../../../core/organisation/invitations';
import { lifeline } from '../../../../server/context';
import { callerRoute } from '../../../../server/route';

export const POST = callerRoute({ body: inviteSchema }, async ({ input, caller }) => {
  const invitation = await lifeline().invitations.invite(caller, input);
  return Response.json({ ok: true, invitation: { id: invitation.id, email: invitation.email, expiresAt: invitation.expiresAt } }, { status: 201 });
});
