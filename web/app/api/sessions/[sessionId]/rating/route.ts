import * as z from 'zod';
import { ratingInputSchema } from '../../../../../../core/support/ratings';
import { sessionIdSchema } from '../../../../../../protocol';
import { lifeline } from '../../../../../server/context';
import { jsonRoute } from '../../../../../server/route';

/**
 * The customer rates the session that just ended, from its ended page: their join token (which only they hold)
 * says it is theirs; the signaling socket is gone by then.
 */
export const POST = jsonRoute(
  ratingInputSchema.extend({ token: z.string().min(16).max(128) }),
  async ({ input, params }) => {
    const rating = await lifeline().ratings.rate(input.token, params.sessionId, input);
    return Response.json({ ok: true, rating: { score: rating.score, comment: rating.comment } });
  },
  z.object({ sessionId: sessionIdSchema }),
);
