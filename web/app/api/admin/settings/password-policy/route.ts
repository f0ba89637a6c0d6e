import { passwordPolicySchema } from '../../../../../../core/auth/password-policy';
import { lifeline } from '../../../../../server/context';
import { callerRoute } from '../../../../../server/route';

export const POST = callerRoute({ body: passwordPolicySchema }, async ({ input, caller }) => {
  const policy = await lifeline().settings.setPasswordPolicy(caller, input);
  return Response.json({ ok: true, policy });
});
