import { secondFactorSchema } from '../../../../../core/auth/sign-in';
import { lifeline } from '../../../../server/context';
import { jsonRoute } from '../../../../server/route';
import { stepResponse } from '../../../../server/sign-in-step';

export const POST = jsonRoute(secondFactorSchema, async ({ input, request }) => stepResponse(await lifeline().signIn.secondFactor(input), request));
