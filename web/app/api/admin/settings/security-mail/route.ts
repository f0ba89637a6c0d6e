import { securityMailSettingsSchema } from '../../../../../../core/audit/security-mail';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

export const POST = callerRoute({ body: securityMailSettingsSchema }, async ({ input, caller }) => {
  const settings = await lifeline().settings.setSecurityMail(caller, input);
  return Response.json({ ok: true, settings });
});
