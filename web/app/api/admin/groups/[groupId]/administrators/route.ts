import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { groupParams } from '../params';

const body = z.object({ userId: z.string().min(1).max(64), assigned: z.boolean() });

/** A master administrator assigns an administrator to manage this group and its subgroups, or withdraws it. */
export const POST = callerRoute({ body, params: groupParams }, async ({ input, params, caller }) => {
  await lifeline().organisation.setAdministrator(caller, params.groupId, input.userId, input.assigned);
  return Response.json({ ok: true });
});
