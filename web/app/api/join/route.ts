import * as z from 'zod';
import { lifeline } from '../../../server/context';
import { jsonRoute } from '../../../server/route';

const joinSchema = z.union([
  z.object({ code: z.string().trim().regex(/^\d{6}$/, 'That code is not valid or has expired.') }),
  z.object({ link: z.string().regex(/^[a-z2-7]{16,64}$/, 'This link is not valid.') }),
]);

/**
 * The customer's code or link becomes a join token for the signaling socket. The code is spent here; guessing is
 * throttled per address and globally and answered 429 with Retry-After.
 */
export const POST = jsonRoute(joinSchema, async ({ input, address }) => {
  const { supportSessions, log } = lifeline();
  const { session, joinToken } = await supportSessions.redeem(input, address);
  log.info('join: customer joined', { session: session.id, by: 'code' in input ? 'code' : 'link' });
  return Response.json({ ok: true, sessionId: session.id, joinToken });
});
