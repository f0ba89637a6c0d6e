import { lifeline } from './context';

/**
 * One of the widget's scripts, for any site to load (they decide nothing themselves: the channel's allowed
 * origins are checked by /api/channels/[slug]/widget and by the frame's frame-ancestors). Cached briefly and
 * revalidated, so a company page picks up a new Lifeline within minutes.
 */
export function widgetScriptResponse(request: Request, which: 'loader' | 'cobrowse'): Response {
  const { code, etag } = lifeline().widgetScripts[which];
  const headers = {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': 'public, max-age=300, must-revalidate',
    ETag: etag,
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(code, { headers });
}
