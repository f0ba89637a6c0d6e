import * as z from 'zod';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

/** Back to initials. */
export const POST = callerRoute({ body: z.object({}) }, async ({ caller }) => {
  const preferences = await lifeline().preferences.removeAvatar(caller.user);
  return Response.json({ ok: true, preferences });
});
