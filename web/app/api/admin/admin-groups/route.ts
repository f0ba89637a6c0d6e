import { createAdminGroupSchema } from '../../../../../core/organisation/administrator-groups';
import { lifeline } from '../../../../server/context';
import { callerRoute } from '../../../../server/route';

export const POST = callerRoute({ body: createAdminGroupSchema }, async ({ input, caller }) => {
  const group = await lifeline().adminGroups.create(caller, input);
  return Response.json({ ok: true, group }, { status: 201 });
});
