import { type Availability, Availability as Availabilities } from '../../core/channels/channels';
import { type Channel, slugSchema } from '../../core/channels/channel';
import { isDomainError } from '../../core/errors';
import type { ChannelEntry } from '../customer/ChannelForm';
import { lifeline } from './context';

/** A channel by the slug in a page's address; null for an address that names none. */
export async function channelForPage(slug: string): Promise<Channel | null> {
  if (!slugSchema.safeParse(slug).success) return null;
  try {
    return await lifeline().channels.bySlug(slug);
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}

/**
 * What a channel's form (the hosted page or the widget's frame) needs, decided on the server as the page renders:
 * a live session while the channel is open; outside that, the administrator's choice.
 */
export async function channelEntry(channel: Channel): Promise<{ entry: ChannelEntry; availability: Availability }> {
  const { channels, isTechnicianOnline, repo } = lifeline();
  const availability = await channels.availability(channel, isTechnicianOnline);
  const open = availability === Availabilities.open;
  const { unavailable } = channel;
  const entry: ChannelEntry = {
    slug: channel.slug,
    name: channel.name,
    description: channel.description,
    organisationName: (await repo.organisation.get())?.name ?? 'Lifeline',
    fields: channel.fields,
    mode: open ? 'open' : unavailable.mode === 'request' ? 'request' : 'closed',
    message: unavailable.mode === 'redirect' ? '' : unavailable.message,
    redirectUrl: !open && unavailable.mode === 'redirect' ? unavailable.url : null,
  };
  return { entry, availability };
}
