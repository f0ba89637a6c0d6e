import { afterAll, beforeAll, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/testing';
import { expectRelayedSession } from './support/relayed-session';

// ICE_TRANSPORT_POLICY=relay: every peer connection must go through the embedded TURN relay.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { ICE_TRANSPORT_POLICY: 'relay' } });
});

afterAll(async () => {
  await server?.close();
});

it('carries the screen through the embedded relay, with a relay candidate pair selected on both sides', async () => {
  await expectRelayedSession(server, 'console-relayed');
});
