import { lifeline } from '../../server/context';

/**
 * The widget's loader script (widget/loader.ts), for any site to load: it decides nothing itself; the channel's
 * allowed origins are checked by /api/channels/[slug]/widget and by the frame's frame-ancestors.
 */
export function GET(request: Request): Response {
  const { code, etag } = lifeline().widgetLoader;
  const headers = {
    'Content-Type': 'text/javascript; charset=utf-8',
    // Short: a company page picks up a new Lifeline version within minutes, and revalidates cheaply.
    'Cache-Control': 'public, max-age=300, must-revalidate',
    ETag: etag,
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(code, { headers });
}
