import { adminMembershipSchema } from '../../../../../../core/organisation/administrator-groups';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

export const POST = callerRoute({ body: adminMembershipSchema }, async ({ input, caller }) => {
  await lifeline().adminGroups.setMembership(caller, input);
  return Response.json({ ok: true });
});
