import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './server';
import { testClients } from './socket-clients';

/**
 * The real server for one describe block, set up with its owner (signed in, for `clients`), closed after it. Read
 * the fields inside tests: they are filled in beforeAll.
 */
export function useServerWithOwner(options: Parameters<typeof startTestServer>[0] = {}): { server: TestServer; clients: ReturnType<typeof testClients> } {
  const context = {} as { server: TestServer; clients: ReturnType<typeof testClients> };
  beforeAll(async () => {
    context.server = await startTestServer(options);
    context.clients = testClients(context.server);
    await context.clients.setupOwner();
  });
  afterAll(async () => {
    context.clients?.closeAll();
    await context.server?.close();
  });
  return context;
}
