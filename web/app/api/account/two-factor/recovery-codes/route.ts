import { z } from 'zod';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

/** New recovery codes; the old ones stop working. */
export const POST = callerRoute({ body: z.object({}) }, async ({ caller }) => {
  const recoveryCodes = await lifeline().accountSettings.newRecoveryCodes(caller);
  return Response.json({ ok: true, recoveryCodes });
});
