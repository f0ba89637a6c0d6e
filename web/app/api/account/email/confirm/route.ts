import { confirmEmailSchema } from '../../../../../../core/auth/account-settings';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

export const POST = callerRoute({ body: confirmEmailSchema }, async ({ input, caller }) => {
  const email = await lifeline().accountSettings.confirmEmailChange(caller, input);
  return Response.json({ ok: true, email });
});
