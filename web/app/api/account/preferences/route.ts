import { preferencesPatchSchema } from '../../../../../core/preferences/preferences';
import { lifeline } from '../../../../server/context';
import { callerRoute } from '../../../../server/route';

/** The caller's own nickname, language, theme and sound: saved for them, wherever they sign in next. */
export const POST = callerRoute({ body: preferencesPatchSchema }, async ({ input, caller }) => {
  const preferences = await lifeline().preferences.update(caller.user, input);
  return Response.json({ ok: true, preferences });
});
