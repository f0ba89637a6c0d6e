import { updateAdminGroupSchema } from '../../../../../../core/organisation/administrator-groups';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';
import { adminGroupParams } from './params';

export const POST = callerRoute({ body: updateAdminGroupSchema, params: adminGroupParams }, async ({ input, params, caller }) => {
  await lifeline().adminGroups.update(caller, params.adminGroupId, input);
  return Response.json({ ok: true });
});
