import { changeEmailSchema } from '../../../../../core/auth/account-settings';
import { lifeline } from '../../../../server/context';
import { callerRoute } from '../../../../server/route';

/** Sends a code to the new address; /api/account/email/confirm completes the change. */
export const POST = callerRoute({ body: changeEmailSchema }, async ({ input, caller }) => {
  await lifeline().accountSettings.requestEmailChange(caller, input);
  return Response.json({ ok: true });
});
