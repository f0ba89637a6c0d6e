import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { byId, consent, createSession, enterCode, setupOwner } from './support/flows';
import { cutUdpPorts } from './support/network-cut';
import { recordPeerConnections } from './support/peer-connections';
import { useRig } from './support/rig';
import { watchRemoteScreen } from './support/video';

const rig = useRig();
let dir: string;
let cut: { restore: () => void } | undefined;

beforeAll(async () => {
  await recordPeerConnections(rig.customer);
  dir = mkdtempSync(path.join(tmpdir(), 'lifeline-cut-'));
});

afterAll(() => {
  cut?.restore();
  rmSync(dir, { recursive: true, force: true });
});

/** Every UDP port of the customer's current connection, local and remote candidates alike: ICE would otherwise
 * move to another pair by itself and the cut would not be a cut. */
async function connectionPorts(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)!;
    const ports = new Set<number>();
    (await pc.getStats()).forEach((s) => {
      if ((s.type === 'local-candidate' || s.type === 'remote-candidate') && s.protocol === 'udp') ports.add(s.port);
    });
    return [...ports];
  });
}

const received = (page: Page) =>
  page.$eval(`${byId('transfer-row')}[data-direction="incoming"]`, (el) => Number(el.getAttribute('data-bytes')));

it('survives a network cut: a new connection is built, the screen comes back and the file resumes where it stopped', async () => {
  const { server, tech, customer } = rig;
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Nico Network');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await customer.click(byId('share-screen'));
  expect((await watchRemoteScreen(tech, [0, 135, 0], 1000)).frames).toBeGreaterThan(3);

  const size = 60 * 1024 * 1024;
  const bytes = randomBytes(size);
  const file = path.join(dir, 'big.bin');
  writeFileSync(file, bytes);
  await ((await tech.$(byId('send-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(file);
  await (await customer.waitForSelector(`${byId('transfer-row')} ${byId('file-offer-accept')}`))!.click();
  await customer.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-bytes')) > 6 * 1024 * 1024, { timeout: 60_000 }, `${byId('transfer-row')}[data-direction="incoming"]`);

  const connectionsBefore = await customer.evaluate(() => (window as unknown as { __peerConnections: unknown[] }).__peerConnections.length);
  cut = cutUdpPorts(await connectionPorts(customer));
  const atCut = await received(customer);
  expect(atCut).toBeLessThan(size);

  // Watch the receiver's kept bytes while the connection is rebuilt: they never go back.
  const progress: number[] = [];
  const sampler = setInterval(() => void received(customer).then((n) => progress.push(n), () => undefined), 200);
  try {
    await customer.waitForFunction(
      (before) => (window as unknown as { __peerConnections: unknown[] }).__peerConnections.length > before,
      { timeout: 60_000 },
      connectionsBefore,
    );
    await customer.waitForSelector(`${byId('transfer-row')}[data-direction="incoming"][data-state="done"]`, { timeout: 120_000 });
  } finally {
    clearInterval(sampler);
  }
  expect(progress.length).toBeGreaterThan(3);
  expect(Math.min(...progress)).toBeGreaterThanOrEqual(atCut);
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  expect(await customer.$eval(`${byId('transfer-row')}[data-direction="incoming"]`, (el) => el.getAttribute('data-sha256'))).toBe(sha256);
  await tech.waitForSelector(`${byId('transfer-row')}[data-direction="outgoing"][data-state="done"]`, { timeout: 30_000 });
  expect((await watchRemoteScreen(tech, [0, 135, 0], 1000)).frames).toBeGreaterThan(3);
});
