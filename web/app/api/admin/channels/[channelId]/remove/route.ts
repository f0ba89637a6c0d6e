import * as z from 'zod';
import { lifeline } from '../../../../../../server/context';
import { callerRoute } from '../../../../../../server/route';
import { channelParams } from '../../params';

export const POST = callerRoute({ body: z.object({}), params: channelParams }, async ({ params, caller }) => {
  await lifeline().channels.remove(caller, params.channelId);
  return Response.json({ ok: true });
});
