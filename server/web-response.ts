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
  // GET and HEAD only (the routes refuse the rest before reading anything): no body to hand over.
  return new Request(`${scheme}://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`, { method: request.method, headers });
}

export async function sendWebResponse(answer: Response, response: http.ServerResponse, head: boolean): Promise<void> {
  answer.headers.forEach((value, name) => response.setHeader(name, value));
  const body = head || !answer.body ? null : Buffer.from(await answer.arrayBuffer());
  if (body) response.setHeader('Content-Length', body.length);
  response.writeHead(answer.status);
  response.end(body ?? undefined);
}
