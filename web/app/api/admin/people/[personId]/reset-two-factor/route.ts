import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { personParams } from '../params';

/** Forgets the person's authenticator and recovery codes; they set up a new one at the next sign-in if required. */
export const POST = callerRoute({ body: z.object({}), params: personParams }, async ({ params, caller }) => {
  await lifeline().personSecurity.resetTwoFactor(caller, params.personId);
  return Response.json({ ok: true });
});
