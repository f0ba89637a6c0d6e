import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, it } from 'vitest';
import { freeUdpPort, startTestServer, type TestServer } from '../testing/server';
import { expectRelayedSession } from './support/relayed-session';

// An external coturn (Debian's) that knows only the shared secret: Lifeline's TURN REST credentials must be
// accepted by configuration alone.
let coturn: ChildProcess;
let server: TestServer;
const secret = randomBytes(24).toString('hex');

beforeAll(async () => {
  const port = await freeUdpPort();
  coturn = spawn('turnserver', [
    '-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    '--min-port=51000', '--max-port=51999', '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=lifeline',
    '--fingerprint', '--no-tls', '--no-dtls', '--no-cli', '--allow-loopback-peers', '--no-multicast-peers',
    '--log-file=stdout', '--simple-log',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('coturn did not start')), 15_000);
    coturn.stdout!.on('data', (chunk: Buffer) => {
      if (/listener opened on|Total General servers/i.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    coturn.once('exit', (code) => reject(new Error(`coturn exited with ${code}`)));
  });
  server = await startTestServer({
    env: { TURN_MODE: 'external', TURN_URLS: `turn:127.0.0.1:${port}?transport=udp`, TURN_SECRET: secret, ICE_TRANSPORT_POLICY: 'relay' },
  });
});

afterAll(async () => {
  await server?.close();
  coturn?.kill();
});

it('relays through an external coturn that shares only the secret', async () => {
  await expectRelayedSession(server, 'console-relayed-coturn');
});
