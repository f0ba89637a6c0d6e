import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('every Next page names the favicon, served as an SVG from our own origin (the CSP allows self images)', async () => {
  const html = await (await fetch(`${server.url}/console`)).text();
  const href = /<link rel="icon" href="([^"]+)"[^>]*type="image\/svg\+xml"/.exec(html)?.[1];
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await fetch(server.url + href);
  expect(icon.status).toBe(200);
  expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  expect(await icon.text()).toContain('<svg');
});
