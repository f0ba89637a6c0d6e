import * as z from 'zod';
import { channelInputSchema } from '../../../../../core/channels/channel';
import { lifeline } from '../../../../server/context';
import { BODY_LIMITS } from '../../../../server/body-limits';
import { callerRoute } from '../../../../server/route';
import { channelsAdminView } from '../../../../server/channels-view';

/** The channels the caller manages, with the groups and people the editor offers. */
export const GET = callerRoute({ body: z.object({}) }, async ({ caller }) => Response.json({ ok: true, ...(await channelsAdminView(caller.user)) }));

export const POST = callerRoute({ body: channelInputSchema, maxBytes: BODY_LIMITS.channel }, async ({ input, caller }) => {
  const channel = await lifeline().channels.create(caller, input);
  return Response.json({ ok: true, channel }, { status: 201 });
});
