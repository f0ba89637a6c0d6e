import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { adminGroupParams } from '../params';

export const POST = callerRoute({ body: z.object({}), params: adminGroupParams }, async ({ params, caller }) => {
  await lifeline().adminGroups.remove(caller, params.adminGroupId);
  return Response.json({ ok: true });
});
