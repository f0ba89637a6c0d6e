import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { invitationParams } from '../params';

/** Mails a fresh link (the old one stops working) and hands it back once, for an administrator to copy. */
export const POST = callerRoute({ body: z.object({}), params: invitationParams }, async ({ params, caller }) => {
  const { invitation, link } = await lifeline().invitations.resend(caller, params.invitationId);
  return Response.json({ ok: true, invitation: { id: invitation.id, email: invitation.email, expiresAt: invitation.expiresAt }, link });
});
