import { mkdtempSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock, systemClock, type Clock } from '../core/clock';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/log';
import { startLifeline, type RunningLifeline } from '../server/start';

export interface TestServer extends RunningLifeline {
  dataDir: string;
  logs: string[];
  /**
   * Stops the server and starts it again on the same port with the same data, as a deploy or a crash and restart
   * would: `down` runs while it is down (what happens to the browsers then is the point of such a test).
   */
  restart(down?: () => Promise<void>): Promise<void>;
}

/** A free UDP port for the embedded relay (the HTTP server takes port 0; node-turn cannot report its port). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * The real server, as `npm start` builds it, on an ephemeral port with its own temporary data directory and
 * relay port. Tests on one machine only have loopback, so the relay may talk to loopback peers here.
 */
export async function startTestServer(options: { env?: Record<string, string>; clock?: Clock } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lifeline-test-'));
  const logs: string[] = [];
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    TURN_PORT: String(await freeUdpPort()),
    TURN_ALLOW_LOOPBACK_PEERS: 'true',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const log = createLogger('debug', (line) => logs.push(line));
  let server = await startLifeline(config, { clock: options.clock ?? systemClock, log });
  const test: TestServer = {
    ...server,
    dataDir,
    logs,
    expireDue: () => server.expireDue(),
    async restart(down) {
      await server.close();
      await down?.();
      server = await startLifeline({ ...config, port: server.port }, { clock: options.clock ?? systemClock, log });
    },
    async close(closeOptions) {
      await server.close(closeOptions);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}

export { ManualClock };
