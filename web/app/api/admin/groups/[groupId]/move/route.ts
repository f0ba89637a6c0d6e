import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { groupParams } from '../params';

export const POST = callerRoute({ body: z.object({ parentId: z.string().min(1).max(64).nullable() }), params: groupParams }, async ({ input, params, caller }) => {
  await lifeline().organisation.moveGroup(caller, params.groupId, input.parentId);
  return Response.json({ ok: true });
});
