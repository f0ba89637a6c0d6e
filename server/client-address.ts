import type { IncomingMessage } from 'node:http';

/**
 * The address a request really comes from. Behind a trusted reverse proxy that is the last X-Forwarded-For
 * entry (the one the proxy appended); otherwise the socket's peer. Anything else in the header is the client's
 * own claim and is ignored, or anyone could dodge the join throttle by inventing addresses.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last;
  }
  return request.socket.remoteAddress ?? 'unknown';
}

/**
 * Browsers send Origin on every cross-origin request and WebSocket; it must name us: the configured public URL,
 * or the host the request was addressed to. No Origin at all means a same-origin GET or a non-browser client,
 * neither of which can ride on a victim's cookies.
 */
export function originChecker(publicUrl: () => string) {
  return (origin: string | undefined, host: string | undefined): boolean => {
    if (!origin) return true;
    try {
      const parsed = new URL(origin);
      return parsed.origin === new URL(publicUrl()).origin || (host !== undefined && parsed.host === host);
    } catch {
      return false;
    }
  };
}
