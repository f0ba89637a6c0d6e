import * as z from 'zod';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

export const POST = callerRoute({ body: z.object({ limit: z.number().int() }) }, async ({ input, caller }) => {
  return Response.json({ ok: true, limit: await lifeline().channels.setLimit(caller, input.limit) });
});
