import { changePasswordSchema } from '../../../../../core/auth/account-settings';
import { lifeline } from '../../../../server/context';
import { callerRoute } from '../../../../server/route';

export const POST = callerRoute({ body: changePasswordSchema }, async ({ input, caller, signIn }) => {
  await lifeline().accountSettings.changePassword(caller, input, signIn.id);
  return Response.json({ ok: true });
});
