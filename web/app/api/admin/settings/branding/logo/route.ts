import * as z from 'zod';
import { LOGO_MAX_BYTES } from '../../../../../../../core/organisation/branding';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';

/** Base64 of the largest logo, and the JSON around it. */
const MAX_BODY = Math.ceil(LOGO_MAX_BYTES / 3) * 4 + 1024;

/**
 * A new logo, as base64 in JSON like every other form here. Bounded twice: the body as it arrives, then the
 * decoded bytes, whose type the domain reads from the bytes themselves.
 */
export const POST = callerRoute({ body: z.object({ logo: z.string().min(1) }), maxBytes: MAX_BODY }, async ({ input, caller }) => {
  return Response.json({ ok: true, branding: await lifeline().branding.setLogo(caller, input.logo) });
});

export const DELETE = callerRoute({ body: z.object({}) }, async ({ caller }) => {
  return Response.json({ ok: true, branding: await lifeline().branding.removeLogo(caller) });
});
