import { confirmTotpSchema } from '../../../../../../core/auth/account-settings';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

export const POST = callerRoute({ body: confirmTotpSchema }, async ({ input, caller, signIn }) => {
  const recoveryCodes = await lifeline().accountSettings.confirmTotp(caller, input, signIn.id);
  return Response.json({ ok: true, recoveryCodes });
});
