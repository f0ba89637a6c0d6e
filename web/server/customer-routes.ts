import { Availability } from '../../core/channels/channels';
import { normaliseOrigin } from '../../core/channels/channel';
import { isTimeZone } from '../../core/time-zone';
import { ID_PATTERN } from '../../core/ids';
import { readCookie } from '../../signaling/cookie';
import type { Branding } from '../../core/organisation/branding';
import type { CustomerPage } from '../customer/CustomerApp';
import type { CustomerBrand } from '../customer/BrandHeader';
import { isLocale, LOCALE_COOKIE, negotiateLocale, TIME_ZONE_COOKIE } from '../i18n/locales';
import { channelEntry, channelForPage } from './channel-entry';
import { type CustomerPageHead, lifeline } from './context';
import { type Encoding, encodeAllOffThread, encodeFor, encodingHeaders, preferredEncoding } from './encoded-response';
import { requestNonce } from './security-headers';

/**
 * What a customer (or a company's page) loads: the customer's pages and the scripts they and the widget run.
 * The server answers these itself, before Next (server/start.ts), because they are not Next pages (their
 * components render with Preact, server/customer-pages.ts) and because Next neither compresses a route handler's
 * body nor lets it say that it did; on a phone's slow network the bytes are what the customer waits for.
 */
type Handler = (request: Request, parts: string[]) => Promise<Response> | Response;

const ROUTES: [RegExp, Handler][] = [
  // The address a technician dictates on the phone ("go to support.example.com and type the code"), and /join.
  [/^\/(?:join\/?)?$/, (request) => customerPage(request, { kind: 'join' }, LIFELINE_HEAD)],
  // The link a technician sends: the join flow with the link's token, which the page redeems once.
  [/^\/s\/([^/]+)\/?$/, (request, [token]) => customerPage(request, { kind: 'join', linkToken: token }, LIFELINE_HEAD)],
  [/^\/c\/([^/]+)\/?$/, channelPage],
  [/^\/w\/([^/]+)\/?$/, widgetFrame],
  [/^\/report\/?$/, reportPage],
  [/^\/customer\.js$/, customerScript],
  // The organisation's logo, at an address that changes with its bytes (so browsers may keep it for good).
  [/^\/brand\/logo\/([A-Za-z0-9_-]{1,64})$/, brandLogo],
  // The widget's loader (widget/loader.ts): the one script tag a company puts on its pages.
  [/^\/widget\.js$/, (request) => widgetScript(request, 'loader')],
  // The co-browse bundle (widget/cobrowse.ts), fetched by the loader once a customer agreed to co-browse.
  [/^\/widget-cobrowse\.js$/, (request) => widgetScript(request, 'cobrowse')],
];

/** The handler for a path, with the path's parts it captured; null for every other path (Next's). */
export function customerRoute(pathname: string): ((request: Request) => Promise<Response>) | null {
  for (const [pattern, handler] of ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    // A malformed escape stays as it came: no slug or token looks like that, so the page says it found nothing.
    const parts = match.slice(1).map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
    return async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return Response.json({ error: { code: 'bad_request', message: 'Only GET here.' } }, { status: 405, headers: { Allow: 'GET, HEAD' } });
      }
      return handler(request, parts);
    };
  }
  return null;
}

/** The product's name and promise, for the pages that are not a company's channel. */
const LIFELINE_HEAD: CustomerPageHead = {
  title: 'Lifeline remote support',
  description: 'Get help from a technician: type your code, consent, and share your screen.',
};

/**
 * A channel's hosted form (/c/<slug>): the customer asks for help themselves. Whether the channel takes a live
 * session is decided now, on the server; outside its hours (or with nobody signed in) the administrator's
 * choice applies: a message, a request to call back, or another page.
 */
async function channelPage(request: Request, [slug]: string[]): Promise<Response> {
  const channel = await channelForPage(slug);
  const found = channel ? await channelEntry(channel) : null;
  if (!channel || !found || found.availability === Availability.disabled) {
    return customerPage(request, { kind: 'notice', notice: 'channel-not-found' }, { title: 'Lifeline' }, 404);
  }
  if (found.entry.redirectUrl) {
    // As the administrator typed it, an address may hold characters a header cannot carry (é, €): send it encoded.
    return new Response(null, { status: 307, headers: { Location: new URL(found.entry.redirectUrl).href, 'Cache-Control': 'private, no-store' } });
  }
  return customerPage(request, { kind: 'channel', entry: found.entry }, { title: `${channel.name} · Lifeline`, description: channel.description || undefined });
}

/**
 * The widget's frame (/w/<slug>?host=<origin>&mode=form|code): the channel's form (or the code field), then the
 * whole session, inside the company's page. Browsers let only the channel's allowed origins frame it (the
 * server sets frame-ancestors); `host` names the page that did, for the frame's messages to it.
 */
async function widgetFrame(request: Request, [slug]: string[]): Promise<Response> {
  const channel = await channelForPage(slug);
  const query = new URL(request.url).searchParams;
  const host = normaliseOrigin(query.get('host') ?? '');
  const head = { title: 'Lifeline', htmlClass: 'in-widget' };
  if (!channel?.enabled || !host || !channel.allowedOrigins.includes(host)) {
    // The same sentence either way (the frame says nothing of a channel to a site it does not allow), with the
    // status a channel that does not exist deserves.
    return customerPage(request, { kind: 'notice', notice: 'widget-refused' }, head, channel ? 200 : 404);
  }
  const { entry } = await channelEntry(channel);
  const { maskSelectors, privateByDefault, allowSelectors } = channel.privacy;
  const redaction = { privateSelectors: maskSelectors, privateByDefault: privateByDefault ? { allow: allowSelectors } : null };
  return customerPage(request, { kind: 'widget', entry, host, codeOnly: query.get('mode') === 'code', redaction }, head);
}

/**
 * "Report abuse" (/report?code=…&session=…): the form, with what the session's page knows filled in. Anything
 * else in the query is dropped: only six digits and an id of the right form reach the page.
 */
async function reportPage(request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const code = (query.get('code') ?? '').replace(/\D/g, '').slice(0, 6);
  const session = query.get('session') ?? '';
  const organisationName = (await lifeline().repo.organisation.get())?.name ?? 'Lifeline';
  return customerPage(request, { kind: 'report', organisationName, code, sessionId: ID_PATTERN.test(session) ? session : null }, { title: `${organisationName} · Lifeline` });
}

/**
 * A customer page as a whole HTML response, in the customer's language: their choice (cookie), else their
 * browser's (as web/i18n/request.ts decides for Next's pages). Never cached: a channel's page says whether it is
 * open now, and a link's page is for one customer.
 */
async function customerPage(request: Request, page: CustomerPage, head: CustomerPageHead, status = 200): Promise<Response> {
  const cookies = request.headers.get('cookie') ?? undefined;
  const chosen = readCookie(cookies, LOCALE_COOKIE);
  const zone = readCookie(cookies, TIME_ZONE_COOKIE);
  const locale = isLocale(chosen) ? chosen : negotiateLocale(request.headers.get('accept-language'));
  const brand = customerBrand(await lifeline().branding.get());
  const html = lifeline().customerPages.html({ locale, timeZone: isTimeZone(zone) ? zone : 'UTC', nonce: requestNonce(request.headers), brand }, page, head);
  const encoding = preferredEncoding(request);
  return new Response(encodeFor(encoding, html), {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store', ...encodingHeaders(encoding) },
  });
}

/** What a customer page shows of the organisation: the logo by its content's address. */
function customerBrand({ name, accent, contact, logo }: Branding): CustomerBrand {
  return { name, accent, contact, logoUrl: logo ? `/brand/logo/${logo.hash}` : null };
}

/**
 * The logo, as stored: its type was read from its bytes when it was uploaded (never SVG), and the browser is told
 * not to guess another. An old address (a logo since replaced) is gone rather than answered with the new one,
 * which a cache would then keep under the old address for good.
 */
async function brandLogo(_request: Request, [hash]: string[]): Promise<Response> {
  const logo = await lifeline().branding.logo(hash);
  if (!logo) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  return new Response(logo.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': logo.type,
      'Content-Length': String(logo.bytes.byteLength),
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      // Opened on its own, the image is still run by nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}

/** The customer pages' script: kept for good under its versioned address, revalidated under any other. */
function customerScript(request: Request): Response {
  const { encoded, etag, path } = lifeline().customerPages.script();
  const versioned = new URL(request.url).search === path.slice(path.indexOf('?'));
  return scriptResponse(request, encoded, etag, versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
}

/**
 * Each widget script compressed once (by its ETag: the same code for as long as the process runs), off the event
 * loop: brotli at full effort on the co-browse bundle would hold every socket up for a moment.
 */
const widgetEncoded = new Map<string, Promise<Record<Encoding, Uint8Array<ArrayBuffer>>>>();

/**
 * One of the widget's scripts, for any site to load (they decide nothing themselves: the channel's allowed
 * origins are checked by /api/channels/[slug]/widget and by the frame's frame-ancestors). Cached briefly and
 * revalidated, so a company page picks up a new Lifeline within minutes.
 */
async function widgetScript(request: Request, which: 'loader' | 'cobrowse'): Promise<Response> {
  const { code, etag } = lifeline().widgetScripts[which];
  let encoded = widgetEncoded.get(etag);
  if (!encoded) widgetEncoded.set(etag, (encoded = encodeAllOffThread(code)));
  return scriptResponse(request, await encoded, etag, 'public, max-age=300, must-revalidate', { 'Cross-Origin-Resource-Policy': 'cross-origin' });
}

function scriptResponse(request: Request, encoded: Record<Encoding, Uint8Array<ArrayBuffer>>, etag: string, cacheControl: string, extra: Record<string, string> = {}): Response {
  const encoding = preferredEncoding(request);
  // One validator per encoding: a cache holding the gzip copy must not revalidate it as the brotli one.
  const tagged = encoding === 'identity' ? etag : `${etag.slice(0, -1)}-${encoding}"`;
  const headers = { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': cacheControl, ETag: tagged, ...extra, ...encodingHeaders(encoding) };
  if (matchesEtag(request.headers.get('if-none-match'), tagged)) return new Response(null, { status: 304, headers });
  return new Response(encoded[encoding], { headers });
}

/** If-None-Match as browsers and caches send it: `*`, a list, weak or strong tags (a weak match is enough for GET). */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
