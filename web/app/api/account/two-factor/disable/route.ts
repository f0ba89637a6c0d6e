import { reauthSchema } from '../../../../../../core/auth/account-settings';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

/** Turns two-step verification off, unless the organisation requires it of this person. */
export const POST = callerRoute({ body: reauthSchema }, async ({ input, caller, signIn }) => {
  await lifeline().accountSettings.disableTotp(caller, input, signIn.id);
  return Response.json({ ok: true });
});
