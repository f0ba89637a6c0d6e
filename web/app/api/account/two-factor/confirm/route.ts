import { z } from 'zod';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

const body = z.object({ secret: z.string().max(64), code: z.string().trim().max(16) });

export const POST = callerRoute({ body }, async ({ input, caller }) => {
  const recoveryCodes = await lifeline().accountSettings.confirmTotp(caller, input.secret, input.code);
  return Response.json({ ok: true, recoveryCodes });
});
