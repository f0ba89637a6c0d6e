import * as z from 'zod';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

/** The custom fields switched on for private sessions (master administrators; the domain checks). */
export const POST = callerRoute({ body: z.object({ fields: z.unknown() }) }, async ({ input, caller }) => {
  return Response.json({ ok: true, fields: await lifeline().channels.setPrivateFields(caller, input.fields) });
});
