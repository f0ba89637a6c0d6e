import { groupSecuritySchema } from '../../../../../../../core/organisation/organisation-tree';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { groupParams } from '../params';

/** Two-step verification and the address rules of a group (or of it and its subgroups). */
export const POST = callerRoute({ body: groupSecuritySchema, params: groupParams }, async ({ input, params, caller }) => {
  await lifeline().organisation.setGroupSecurity(caller, params.groupId, input);
  return Response.json({ ok: true });
});
