import { newPasswordSchema } from '../../../../../core/auth/sign-in';
import { lifeline } from '../../../../server/context';
import { jsonRoute } from '../../../../server/route';
import { stepResponse } from '../../../../server/sign-in-step';

/** A new password when the old one expired or an administrator reset it; the policy's reasons come back with a 400. */
export const POST = jsonRoute(newPasswordSchema, async ({ input, request }) => stepResponse(await lifeline().signIn.changePassword(input), request));
