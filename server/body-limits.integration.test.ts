import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { useServerWithOwner } from '../testing/owner-server';

const MiB = 1024 * 1024;

interface Sent {
  status: number;
  body: string;
  /** Body bytes the client had handed to the socket when the answer came. */
  sentBytes: number;
}

describe('request bodies are bounded before they are read', () => {
  const rig = useServerWithOwner();

  /**
   * A POST whose body keeps coming, 1 MiB at a time up to `total`, as fast as the server takes it, until the
   * server answers. `declare` sends a Content-Length (and then nothing at all); otherwise the body is chunked.
   */
  function flood(path: string, options: { total: number; declare?: boolean; headers?: Record<string, string> }): Promise<Sent> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', origin: rig.server.url, ...options.headers };
      if (options.declare) headers['content-length'] = String(options.total);
      const request = http.request(`${rig.server.url}${path}`, { method: 'POST', headers });
      let sentBytes = 0;
      let answered = false;
      const chunk = Buffer.alloc(MiB, 0x20);
      const pump = () => {
        while (!answered && !options.declare && sentBytes < options.total) {
          sentBytes += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        if (!answered && !options.declare) request.end();
      };
      request.on('response', (response) => {
        answered = true;
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), sentBytes });
          request.destroy();
        });
      });
      // The server may close the connection while we still write: that is the point.
      request.on('error', (error) => (answered ? undefined : reject(error)));
      if (options.declare) request.flushHeaders();
      else pump();
    });
  }

  it('refuses a declared 300 MB body to an anonymous route at once, without waiting for a byte of it', async () => {
    const sent = await flood('/api/auth/login', { total: 300 * MiB, declare: true });
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body)).toMatchObject({ ok: false, code: 'too_large', reasons: [{ key: 'bodyTooLarge' }] });
    expect(sent.sentBytes).toBe(0);
  });

  it('stops reading a chunked body that runs past the route\'s limit, long before it ends', async () => {
    for (const path of ['/api/auth/login', '/api/join', '/api/setup']) {
      const sent = await flood(path, { total: 300 * MiB });
      expect(sent.status, path).toBe(413);
      expect(JSON.parse(sent.body), path).toMatchObject({ code: 'too_large' });
      // What is in flight in socket buffers when the answer comes, not the 300 MB.
      expect(sent.sentBytes, path).toBeLessThan(32 * MiB);
    }
  });

  it('eight floods at once leave the server answering, with its memory within bounds', async () => {
    const before = process.memoryUsage().rss;
    const floods = await Promise.all(Array.from({ length: 8 }, () => flood('/api/auth/login', { total: 300 * MiB })));
    expect(floods.map((f) => f.status)).toEqual(Array(8).fill(413));
    // The test and the server share this process: growth from eight 300 MB bodies read whole would be gigabytes.
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * MiB);
    expect((await fetch(`${rig.server.url}/api/auth/login`, { method: 'POST', headers: { origin: rig.server.url, 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
  });

  it('holds a signed-in caller to each route\'s own limit, in a coded JSON answer', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(200 * 1024) });
    const json = await fetch(`${rig.server.url}/api/admin/groups`, {
      method: 'POST',
      headers: { origin: rig.server.url, 'content-type': 'application/json', cookie: rig.clients.cookie() },
      body: big,
    });
    expect(json.status).toBe(413);
    expect(await json.json()).toMatchObject({ code: 'too_large', reasons: [{ key: 'bodyTooLarge', values: { maximum: 64 } }] });
    // Uploads have larger limits, and the same front door: past the largest, nothing is read.
    const shot = await flood('/api/sessions/0123456789abcdef0123456789abcdef/screenshots', { total: 21 * MiB, declare: true, headers: { cookie: rig.clients.cookie() } });
    expect(shot.status).toBe(413);
  });
});
