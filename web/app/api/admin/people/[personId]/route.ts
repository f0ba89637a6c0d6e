import { updatePersonSchema } from '../../../../../../core/organisation/organisation-tree';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';
import { personParams } from './params';

export const POST = callerRoute({ body: updatePersonSchema, params: personParams }, async ({ input, params, caller }) => {
  const person = await lifeline().organisation.updatePerson(caller, params.personId, input);
  return Response.json({ ok: true, person });
});
