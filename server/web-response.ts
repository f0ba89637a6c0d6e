import type http from 'node:http';

/**
 * The two halves of answering a Node request with fetch's Request and Response, for the routes this process
 * serves before Next (web/server/customer-routes.ts). Unlike Next, it sends a Response's Content-Encoding: those
 * routes compress their bodies themselves.
 */
export function webRequest(request: http.IncomingMessage, scheme: 'http' | 'https'): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // GET and HEAD only (the routes refuse the rest before reading anything): no body to hand over. The routes read
  // the path and the query, never the host: a fixed one, so no Host header a client sends can make this throw.
  return new Request(`${scheme}://localhost${request.url ?? '/'}`, { method: request.method, headers });
}

export async function sendWebResponse(answer: Response, response: http.ServerResponse, head: boolean): Promise<void> {
  answer.headers.forEach((value, name) => {
    if (name !== 'set-cookie') response.setHeader(name, value);
  });
  // Several cookies stay several headers (Headers joins every other repeated header into one).
  const cookies = answer.headers.getSetCookie();
  if (cookies.length) response.setHeader('Set-Cookie', cookies);
  const body = head || !answer.body ? null : Buffer.from(await answer.arrayBuffer());
  if (body) response.setHeader('Content-Length', body.length);
  response.writeHead(answer.status);
  response.end(body ?? undefined);
}
