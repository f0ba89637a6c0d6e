import { channelInputSchema } from '../../../../../../core/channels/channel';
import { lifeline } from '../../../../../server/context';
import { BODY_LIMITS } from '../../../../../server/body-limits';
import { callerRoute } from '../../../../../server/route';
import { channelParams } from '../params';

export const POST = callerRoute({ body: channelInputSchema, params: channelParams, maxBytes: BODY_LIMITS.channel }, async ({ input, params, caller }) => {
  const channel = await lifeline().channels.update(caller, params.channelId, input);
  return Response.json({ ok: true, channel });
});
