import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { personParams } from '../params';

export const POST = callerRoute({ body: z.object({ groupId: z.string().min(1).max(64) }), params: personParams }, async ({ input, params, caller }) => {
  const person = await lifeline().organisation.movePerson(caller, params.personId, input.groupId);
  return Response.json({ ok: true, person });
});
