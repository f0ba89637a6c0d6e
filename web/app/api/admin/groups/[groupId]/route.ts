import { updateGroupSchema } from '../../../../../../core/organisation/organisation-tree';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';
import { groupParams } from './params';

export const POST = callerRoute({ body: updateGroupSchema, params: groupParams }, async ({ input, params, caller }) => {
  await lifeline().organisation.updateGroup(caller, params.groupId, input);
  return Response.json({ ok: true });
});
