import * as z from 'zod';
import { lifeline } from '../../../../server/context';
import { callerRoute } from '../../../../server/route';

/** The organisation tree as the caller may see it (technicians see no groups). */
export const GET = callerRoute({ body: z.object({}) }, async ({ caller }) => {
  return Response.json({ ok: true, ...(await lifeline().organisation.snapshot(caller.user)) });
});
