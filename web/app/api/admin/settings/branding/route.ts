import { brandingInputSchema } from '../../../../../../core/organisation/branding';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

/** The organisation's name, accent colour and contact line (master administrators; the domain checks). */
export const POST = callerRoute({ body: brandingInputSchema }, async ({ input, caller }) => {
  return Response.json({ ok: true, branding: await lifeline().branding.set(caller, input) });
});
