import { changePasswordSchema } from '../../../../../core/auth/account-settings';
import { lifeline } from '../../../../server/context';
import { callerRoute } from '../../../../server/route';

export const POST = callerRoute({ body: changePasswordSchema }, async ({ input, caller }) => {
  await lifeline().accountSettings.changePassword(caller, input);
  return Response.json({ ok: true });
});
