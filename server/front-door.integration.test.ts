import { statSync } from 'node:fs';
import http from 'node:http';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../protocol';
import { useServerWithOwner } from '../testing/owner-server';
import type { TestServer } from '../testing/server';

/** A request with the headers a browser on another site would send (fetch may not set Host). */
function raw(server: TestServer, path: string, method: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe("the server's front door (real server, on its defaults)", () => {
  const rig = useServerWithOwner();

  it('refuses a page of a DNS name rebound to this server, over HTTP and over the socket', async () => {
    const port = new URL(rig.server.url).port;
    const rebound = { origin: `http://rebind.example:${port}`, host: `rebind.example:${port}` };
    const login = await raw(rig.server, '/api/auth/login', 'POST', rebound, JSON.stringify({ email: 'owner@example.com', password: 'whatever it is' }));
    expect(login.status).toBe(403);
    expect(JSON.parse(login.body)).toMatchObject({ ok: false, code: 'forbidden' });
    // The same request from the server's own address goes through to the password check.
    const own = await raw(rig.server, '/api/auth/login', 'POST', { origin: rig.server.url, host: new URL(rig.server.url).host }, JSON.stringify({ email: 'owner@example.com', password: 'whatever it is' }));
    expect(own.status).toBe(401);

    const socket = io(rig.server.url, { auth: { role: 'technician', protocolVersion: PROTOCOL_VERSION }, extraHeaders: { origin: rebound.origin }, transports: ['polling'], reconnection: false, forceNew: true });
    const outcome = await new Promise<string>((resolve) => {
      socket.on('connect', () => resolve('connected'));
      socket.on('connect_error', (error) => resolve(`refused: ${error.message}`));
    });
    socket.close();
    expect(outcome).toMatch(/^refused/);
  });

  it('keeps its data folder to itself: nobody but the server\'s own user can open it', () => {
    expect(statSync(rig.server.dataDir).mode & 0o777).toBe(0o700);
  });

  it('answers a malformed cookie as no cookie: a 401, never a 500', async () => {
    for (const cookie of ['lifeline_session=%E0%A4%A', 'lifeline_session=%', '=%%%; lifeline_session']) {
      const response = await fetch(`${rig.server.url}/api/admin/organisation`, { headers: { cookie } });
      expect(response.status, cookie).toBe(401);
    }
  });
});
