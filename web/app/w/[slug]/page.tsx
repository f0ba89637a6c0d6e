import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Availability } from '../../../../core/channels/channels';
import { normaliseOrigin, slugSchema } from '../../../../core/channels/channel';
import { isDomainError } from '../../../../core/errors';
import { lifeline } from '../../../server/context';
import type { ChannelEntry } from '../../c/[slug]/ChannelForm';
import { WidgetFrame } from './WidgetFrame';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Lifeline' };

/**
 * The widget's frame (/w/<slug>?host=<origin>&mode=form|code): the channel's form (or the code field), then the
 * whole session, inside the company's page. Browsers let only the channel's allowed origins frame it (the
 * server sets frame-ancestors); `host` names the page that did, for the frame's messages to it.
 */
export default async function WidgetPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const query = await searchParams;
  if (!slugSchema.safeParse(slug).success) notFound();
  const { channels, isTechnicianOnline, repo } = lifeline();
  const channel = await channels.bySlug(slug).catch((error: unknown) => {
    if (isDomainError(error)) notFound();
    throw error;
  });
  const host = normaliseOrigin(typeof query.host === 'string' ? query.host : '');
  const t = await getTranslations('channel');
  if (!channel.enabled || !host || !channel.allowedOrigins.includes(host)) {
    return <main className="center-page"><p role="alert" data-testid="widget-refused">{t('notHere')}</p></main>;
  }
  const availability = await channels.availability(channel, isTechnicianOnline);
  const open = availability === Availability.open;
  const entry: ChannelEntry = {
    slug: channel.slug,
    name: channel.name,
    description: channel.description,
    organisationName: (await repo.organisation.get())?.name ?? 'Lifeline',
    fields: channel.fields,
    mode: open ? 'open' : channel.unavailable.mode === 'request' ? 'request' : 'closed',
    message: channel.unavailable.mode === 'redirect' ? '' : channel.unavailable.message,
    redirectUrl: !open && channel.unavailable.mode === 'redirect' ? channel.unavailable.url : null,
  };
  const { maskSelectors, privateByDefault, allowSelectors } = channel.privacy;
  const redaction = { privateSelectors: maskSelectors, privateByDefault: privateByDefault ? { allow: allowSelectors } : null };
  return <WidgetFrame entry={entry} host={host} codeOnly={query.mode === 'code'} redaction={redaction} />;
}
