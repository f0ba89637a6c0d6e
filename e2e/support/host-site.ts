import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostSite {
  /** http://localhost:PORT: another site than the Lifeline server's http://127.0.0.1:PORT. */
  origin: string;
  close(): Promise<void>;
}

/**
 * A company's web site on its own origin, for the widget to live on: one page with the widget's script tag,
 * a button, a text field and a private field, like a web shop's account page. `page` gives the HTML.
 */
export async function startHostSite(page: () => string): Promise<HostSite> {
  const server = http.createServer((request, response) => {
    if (request.url === '/' || request.url?.startsWith('/?') || request.url?.startsWith('/account')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page());
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The shop's page: the widget's tag and a few things of its own. */
export function shopPage(lifelineUrl: string, slug: string, options: { mode?: 'code' } = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Acme Shop</title>
<style>body { font-family: sans-serif; margin: 2rem; } button { font: inherit; padding: .5rem 1rem; }</style></head>
<body>
  <h1>Acme Shop: your account</h1>
  <p id="path"></p>
  <script>document.getElementById('path').textContent = 'You are on ' + location.pathname;</script>
  <p id="status">Nothing ordered yet.</p>
  <button id="order" type="button" onclick="document.getElementById('status').textContent = 'Order placed: ' + document.getElementById('note').value">Place order</button>
  <p><label>Delivery note <input id="note" type="text"></label></p>
  <p><label>Card number <input id="card" type="text" data-lifeline-private value="4111 1111 1111 1111"></label></p>
  <script src="${lifelineUrl}/widget.js" data-channel="${slug}"${options.mode ? ` data-mode="${options.mode}"` : ''} async></script>
</body></html>`;
}
