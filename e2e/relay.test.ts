import { afterAll, beforeAll, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { expectRelayedSession } from './support/relayed-session';

// ICE_TRANSPORT_POLICY=relay: every peer connection must go through the embedded TURN relay.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { ICE_TRANSPORT_POLICY: 'relay' } });
});

afterAll(async () => {
  await server?.close();
});

it('carries the screen through the embedded relay, with a relay candidate pair selected on both sides, for longer than a TURN transaction may take', async () => {
  // Chrome gives up on a TURN request after 39.5 s; a channel bind it never accepted would end the session then.
  await expectRelayedSession(server, 'console-relayed', { outlastMs: 45_000 });
});
