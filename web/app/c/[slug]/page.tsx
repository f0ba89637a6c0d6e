import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { Availability } from '../../../../core/channels/channels';
import { channelEntry, channelForPage } from '../../../server/channel-entry';
import { JoinFlow } from '../../join/JoinFlow';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `${(await channelForPage((await params).slug)).name} · Lifeline` };
}

/**
 * A channel's hosted form (/c/<slug>): the customer asks for help themselves. Whether the channel takes a live
 * session is decided now, on the server; outside its hours (or with nobody signed in) the administrator's
 * choice applies: a message, a request to call back, or another page.
 */
export default async function ChannelPage({ params }: { params: Promise<{ slug: string }> }) {
  const { entry, availability } = await channelEntry(await channelForPage((await params).slug));
  if (availability === Availability.disabled) notFound();
  if (entry.redirectUrl) redirect(entry.redirectUrl);
  return <JoinFlow channel={entry} />;
}
