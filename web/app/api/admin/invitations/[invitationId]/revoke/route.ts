import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { invitationParams } from '../params';

/** Withdraws a pending invitation: its link stops working at once. */
export const POST = callerRoute({ body: z.object({}), params: invitationParams }, async ({ params, caller }) => {
  await lifeline().invitations.revoke(caller, params.invitationId);
  return Response.json({ ok: true });
});
