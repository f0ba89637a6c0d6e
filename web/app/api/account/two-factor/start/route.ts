import QRCode from 'qrcode';
import { z } from 'zod';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

/** A new authenticator key to scan; nothing changes until /confirm gets a code from it. */
export const POST = callerRoute({ body: z.object({}) }, async ({ caller }) => {
  const enrollment = await lifeline().accountSettings.startTotp(caller.user);
  const qrSvg = await QRCode.toString(enrollment.uri, { type: 'svg', margin: 1, width: 200 });
  return Response.json({ ok: true, ...enrollment, qrSvg });
});
