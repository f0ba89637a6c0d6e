import { createGroupSchema } from '../../../../../core/organisation/organisation-tree';
import { lifeline } from '../../../../server/context';
import { callerRoute } from '../../../../server/route';

export const POST = callerRoute({ body: createGroupSchema }, async ({ input, caller }) => {
  const group = await lifeline().organisation.createGroup(caller, input);
  return Response.json({ ok: true, group }, { status: 201 });
});
