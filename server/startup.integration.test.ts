import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';

const root = path.join(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

describe('starting Lifeline', () => {
  it('stops at once with a one-line message naming a bad variable', () => {
    for (const [name, value] of [['PORT', 'abc'], ['ICE_TRANSPORT_POLICY', 'sometimes'], ['PUBLIC_URL', 'not a url']]) {
      const result = spawnSync(tsx, ['server.ts'], { cwd: root, env: { ...process.env, [name]: value }, encoding: 'utf8', timeout: 20_000 });
      expect(result.status, `${name}=${value}`).toBe(1);
      const lines = result.stderr.trim().split('\n').filter((line) => !line.startsWith('npm warn'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(name);
    }
  });
});

describe('serving over TLS', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-tls-'));
  let server: TestServer;

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS with the given certificate, and the sign-in cookie is Secure', async () => {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert, '-days', '1'], { stdio: 'ignore' });
    server = await startTestServer({ env: { TLS_CERT: cert, TLS_KEY: key } });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const response = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      const body = JSON.stringify({ name: 'Owner', email: 'owner@example.com', password: 'a long enough password', organisation: 'Acme' });
      const request = https.request(
        `${server.url}/api/setup`,
        { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json', origin: server.url } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie'] ?? '') }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    expect(response.status).toBe(201);
    expect(response.cookie).toMatch(/lifeline_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure/);
  });
});
