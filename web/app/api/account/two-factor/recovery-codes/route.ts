import { reauthSchema } from '../../../../../../core/auth/account-settings';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

/** New recovery codes; the old ones stop working. */
export const POST = callerRoute({ body: reauthSchema }, async ({ input, caller }) => {
  const recoveryCodes = await lifeline().accountSettings.newRecoveryCodes(caller, input);
  return Response.json({ ok: true, recoveryCodes });
});
