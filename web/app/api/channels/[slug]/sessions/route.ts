import * as z from 'zod';
import { Availability } from '../../../../../../core/channels/channels';
import { slugSchema } from '../../../../../../core/channels/channel';
import { DomainError } from '../../../../../../core/errors';
import { lifeline } from '../../../../../server/context';
import { jsonRoute } from '../../../../../server/route';

const startSchema = z.object({
  customerName: z.string().max(200),
  values: z.record(z.string().max(16), z.string().max(2000)).refine((v) => Object.keys(v).length <= 8),
  /** The customer leaves a request because the channel is closed (only where the channel takes requests). */
  request: z.boolean().default(false),
});

/**
 * A customer starts support from a channel's form: a live session in its queue while the channel is open, or a
 * request to be called back where the channel takes requests while it is closed. Anyone may call this; it is
 * bounded per address (SupportSessions.openFromChannel).
 */
export const POST = jsonRoute(
  startSchema,
  async ({ input, params, address }) => {
    const { channels, supportSessions, isTechnicianOnline, log } = lifeline();
    const channel = await channels.bySlug(params.slug);
    const availability = await channels.availability(channel, isTechnicianOnline);
    if (availability === Availability.disabled) throw DomainError.notFound('Channel');
    const open = availability === Availability.open;
    if (input.request ? channel.unavailable.mode !== 'request' || open : !open) {
      throw new DomainError('conflict', open ? 'The channel is open: start a session instead.' : 'The channel takes no sessions now.', undefined, undefined, [{ key: `channel_${availability}` }]);
    }
    const { session, joinToken } = await supportSessions.openFromChannel(channel, { customerName: input.customerName, values: input.values, request: input.request }, address);
    log.info('channel: customer started a session', { session: session.id, channel: channel.id, request: input.request });
    return Response.json({ ok: true, sessionId: session.id, joinToken }, { status: 201 });
  },
  z.object({ slug: slugSchema }),
);
