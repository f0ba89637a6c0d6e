import { consoleSettingsSchema } from '../../../../../../core/organisation/console-settings';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

export const POST = callerRoute({ body: consoleSettingsSchema }, async ({ input, caller }) => {
  const settings = await lifeline().consoleSettings.set(caller, input);
  return Response.json({ ok: true, settings });
});
