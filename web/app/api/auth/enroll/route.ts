import { enrollSchema } from '../../../../../core/auth/sign-in';
import { lifeline } from '../../../../server/context';
import { jsonRoute } from '../../../../server/route';
import { stepResponse } from '../../../../server/sign-in-step';

/** The first code of a newly set-up authenticator; the answer carries the recovery codes, shown once. */
export const POST = jsonRoute(enrollSchema, async ({ input, request }) => {
  const { step, recoveryCodes } = await lifeline().signIn.enroll(input);
  return stepResponse(step, request, { recoveryCodes });
});
