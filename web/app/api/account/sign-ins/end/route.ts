import * as z from 'zod';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

/** Signs out one of your sign-ins elsewhere; its consoles drop at once. */
export const POST = callerRoute({ body: z.object({ handle: z.string().regex(/^[0-9a-f]{16}$/) }) }, async ({ input, caller }) => {
  await lifeline().accountSettings.endSignIn(caller, input.handle);
  return Response.json({ ok: true });
});
