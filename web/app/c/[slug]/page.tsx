import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { Availability } from '../../../../core/channels/channels';
import { slugSchema } from '../../../../core/channels/channel';
import { isDomainError } from '../../../../core/errors';
import { lifeline } from '../../../server/context';
import { JoinFlow } from '../../join/JoinFlow';
import type { ChannelEntry } from './ChannelForm';

export const dynamic = 'force-dynamic';

async function channelOf(slug: string) {
  if (!slugSchema.safeParse(slug).success) notFound();
  try {
    return await lifeline().channels.bySlug(slug);
  } catch (error) {
    if (isDomainError(error)) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `${(await channelOf((await params).slug)).name} · Lifeline` };
}

/**
 * A channel's hosted form (/c/<slug>): the customer asks for help themselves. Whether the channel takes a live
 * session is decided now, on the server; outside its hours (or with nobody signed in) the administrator's
 * choice applies: a message, a request to call back, or another page.
 */
export default async function ChannelPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const channel = await channelOf(slug);
  const { channels, isTechnicianOnline, repo } = lifeline();
  const availability = await channels.availability(channel, isTechnicianOnline);
  if (availability === Availability.disabled) notFound();
  const open = availability === Availability.open;
  if (!open && channel.unavailable.mode === 'redirect') redirect(channel.unavailable.url);
  const entry: ChannelEntry = {
    slug: channel.slug,
    name: channel.name,
    description: channel.description,
    organisationName: (await repo.organisation.get())?.name ?? 'Lifeline',
    fields: channel.fields,
    mode: open ? 'open' : channel.unavailable.mode === 'request' ? 'request' : 'closed',
    message: channel.unavailable.mode === 'redirect' ? '' : channel.unavailable.message,
  };
  return <JoinFlow channel={entry} />;
}
