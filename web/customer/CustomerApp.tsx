import { IntlProvider } from 'use-intl/react';
import type { WidgetRedaction } from '../../protocol/widget';
import type { ChannelEntry } from './ChannelForm';
import { JoinFlow } from './JoinFlow';
import { WidgetFrame } from './WidgetFrame';
import { Notice, type NoticeKey } from './Notice';
import { ReportAbuse } from './ReportAbuse';
import { BrandContext, type CustomerBrand } from './BrandHeader';

/** Which customer page this is, and what the server decided for it (the same object renders it on both sides). */
export type CustomerPage =
  /** `/` and `/join`: the code form; `/s/<token>`: a technician's link. */
  | { kind: 'join'; linkToken?: string }
  /** `/c/<slug>`: a channel's hosted form. */
  | { kind: 'channel'; entry: ChannelEntry }
  /** `/w/<slug>`: the widget's frame on a company's page. */
  | { kind: 'widget'; entry: ChannelEntry; host: string; codeOnly: boolean; redaction: WidgetRedaction }
  /** `/report`: a customer reports abuse, by the session's code (and its id, from the session's own page). */
  | { kind: 'report'; organisationName: string; code: string; sessionId: string | null }
  /** A sentence and nothing to do (no script is sent with it). */
  | { kind: 'notice'; notice: NoticeKey };

/**
 * Everything a customer page renders from: its language, its words (the customer area of the catalogue, compiled
 * on the server by icu-minify, so the browser ships a formatter of a few hundred bytes instead of a parser) and
 * the page. Serialised into the HTML; the browser hydrates the same tree the server rendered.
 */
export interface CustomerDocument {
  locale: string;
  /** For dates the server formats; the customer's pages format theirs in the browser's own zone. */
  timeZone: string;
  messages: Record<string, unknown>;
  page: CustomerPage;
  /** The organisation's name, logo and contact line, on every page. */
  brand: CustomerBrand;
}

export function CustomerApp({ locale, timeZone, messages, page, brand }: CustomerDocument) {
  return (
    <IntlProvider locale={locale} timeZone={timeZone} messages={messages as never}>
      <BrandContext.Provider value={brand}>{body(page)}</BrandContext.Provider>
    </IntlProvider>
  );
}

function body(page: CustomerPage) {
  switch (page.kind) {
    case 'join':
      return <JoinFlow linkToken={page.linkToken} />;
    case 'channel':
      return <JoinFlow channel={page.entry} />;
    case 'widget':
      return <WidgetFrame entry={page.entry} host={page.host} codeOnly={page.codeOnly} redaction={page.redaction} />;
    case 'report':
      return <ReportAbuse organisationName={page.organisationName} code={page.code} sessionId={page.sessionId} />;
    case 'notice':
      return <Notice notice={page.notice} />;
  }
}
