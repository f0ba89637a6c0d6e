import * as z from 'zod';
import { lifeline } from '../../../../server/context';
import { jsonRoute } from '../../../../server/route';

/** Mails a one-time sign-in code, for someone without their authenticator at hand. */
export const POST = jsonRoute(z.object({ challenge: z.string().min(1).max(64) }), async ({ input }) => {
  await lifeline().signIn.sendEmailCode(input.challenge);
  return Response.json({ ok: true });
});
