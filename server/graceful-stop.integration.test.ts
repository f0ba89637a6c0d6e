import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { next, testClients } from '../testing/socket-clients';

/**
 * A graceful stop (SIGTERM: a deploy, a restart): an upload under way finishes and is answered, the pages'
 * sockets are told to go (they reconnect to the next server), and nothing new is let in meanwhile.
 */
describe('stopping gracefully', () => {
  let server: TestServer | null = null;
  afterAll(async () => server?.close());

  it('lets a recording upload under way finish, ends the sockets, and refuses new connections', async () => {
    server = await startTestServer();
    const clients = testClients(server);
    const cookie = await clients.setupOwner();
    const tech = await clients.technician();
    const { sessionId, socket: customer } = await clients.activeSession(tech, 'Stella Stop');
    const post = (path: string, body: BodyInit, extra: RequestInit = {}) =>
      fetch(server!.url + path, { method: 'POST', headers: { cookie, origin: server!.url, 'content-type': 'application/octet-stream' }, body, ...extra } as RequestInit);
    const { recordingId } = (await (await post(`/api/sessions/${sessionId}/recordings`, new Uint8Array(0))).json()) as { recordingId: string };

    // A chunk that takes a while to arrive: half now, half once the stop has begun.
    const half = new Uint8Array(512 * 1024).fill(7);
    let sendRest: () => void = () => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(half);
        sendRest = () => {
          controller.enqueue(half);
          controller.close();
        };
      },
    });
    const upload = post(`/api/sessions/${sessionId}/recordings/${recordingId}/chunks?seq=0`, body, { duplex: 'half' } as RequestInit);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const url = server.url;
    const customerTold = next(customer, 'disconnect');
    const stopping = server.close({ drainMs: 10_000 });
    server = null;
    await customerTold;
    // Nothing new is let in while the upload finishes.
    await expect(fetch(`${url}/join`)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    sendRest();
    const answered = await upload;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ ok: true, bytes: 2 * half.byteLength });
    await stopping;
  });
});
