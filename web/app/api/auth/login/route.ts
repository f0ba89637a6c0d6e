import { loginSchema } from '../../../../../core/auth/accounts';
import { lifeline } from '../../../../server/context';
import { jsonRoute } from '../../../../server/route';
import { stepResponse } from '../../../../server/sign-in-step';

/** The password step of signing in; the answer says what comes next (a second factor, a new password) or signs in. */
export const POST = jsonRoute(loginSchema, async ({ input, address, request }) => stepResponse(await lifeline().signIn.start(input, address), request));
