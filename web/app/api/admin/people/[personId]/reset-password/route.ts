import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { personParams } from '../params';

/** A temporary password, shown once to the administrator; the person must choose their own at the next sign-in. */
export const POST = callerRoute({ body: z.object({}), params: personParams }, async ({ params, caller }) => {
  const temporaryPassword = await lifeline().personSecurity.resetPassword(caller, params.personId);
  return Response.json({ ok: true, temporaryPassword }, { headers: { 'Cache-Control': 'no-store' } });
});
