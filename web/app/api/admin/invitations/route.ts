import { inviteSchema } from '../../../../../core/organisation/invitations';
import { lifeline } from '../../../../server/context';
import { callerRoute } from '../../../../server/route';

export const POST = callerRoute({ body: inviteSchema }, async ({ input, caller }) => {
  const { invitation, link } = await lifeline().invitations.invite(caller, input);
  // The link is answered once, to the administrator who invited: only its hash is stored (copy it now, or resend).
  return Response.json({ ok: true, invitation: { id: invitation.id, email: invitation.email, expiresAt: invitation.expiresAt }, link }, { status: 201 });
});
