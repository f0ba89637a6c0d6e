import * as z from 'zod';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';
import { qrSvg } from '../../../../../server/sign-in-step';

/** A new authenticator key to scan; nothing changes until /confirm gets a code from it. */
export const POST = callerRoute({ body: z.object({}) }, async ({ caller }) => {
  const enrollment = await lifeline().accountSettings.startTotp(caller.user);
  return Response.json({ ok: true, ...enrollment, qrSvg: await qrSvg(enrollment.uri) });
});
