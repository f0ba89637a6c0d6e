import * as z from 'zod';
import { permissionChangesSchema, permissionScopeSchema } from '../../../../../../../core/organisation/organisation-tree';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { groupParams } from '../params';

const body = z.object({ changes: permissionChangesSchema, scope: permissionScopeSchema });

export const POST = callerRoute({ body, params: groupParams }, async ({ input, params, caller }) => {
  await lifeline().organisation.setPermissions(caller, params.groupId, input.changes, input.scope);
  return Response.json({ ok: true });
});
