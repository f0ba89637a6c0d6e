import { z } from 'zod';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

/** Turns two-step verification off, unless the organisation requires it of this person. */
export const POST = callerRoute({ body: z.object({}) }, async ({ caller }) => {
  await lifeline().accountSettings.disableTotp(caller);
  return Response.json({ ok: true });
});
