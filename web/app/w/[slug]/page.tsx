import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { normaliseOrigin } from '../../../../core/channels/channel';
import { channelEntry, channelForPage } from '../../../server/channel-entry';
import { WidgetFrame } from './WidgetFrame';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Lifeline' };

/**
 * The widget's frame (/w/<slug>?host=<origin>&mode=form|code): the channel's form (or the code field), then the
 * whole session, inside the company's page. Browsers let only the channel's allowed origins frame it (the
 * server sets frame-ancestors); `host` names the page that did, for the frame's messages to it.
 */
export default async function WidgetPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const channel = await channelForPage((await params).slug);
  const query = await searchParams;
  const host = normaliseOrigin(typeof query.host === 'string' ? query.host : '');
  if (!channel.enabled || !host || !channel.allowedOrigins.includes(host)) {
    const t = await getTranslations('channel');
    return <main className="center-page"><p role="alert" data-testid="widget-refused">{t('notHere')}</p></main>;
  }
  const { entry } = await channelEntry(channel);
  const { maskSelectors, privateByDefault, allowSelectors } = channel.privacy;
  const redaction = { privateSelectors: maskSelectors, privateByDefault: privateByDefault ? { allow: allowSelectors } : null };
  return <WidgetFrame entry={entry} host={host} codeOnly={query.mode === 'code'} redaction={redaction} />;
}
