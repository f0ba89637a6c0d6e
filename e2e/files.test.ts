import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, consent, createSession, enterCode, openPanelTab, setupOwner } from './support/flows';
import { useRig } from './support/rig';
import { loggedEvents } from '../testing/session-events';

const SIZE = 50 * 1024 * 1024;
const rig = useRig();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lifeline-files-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function randomFile(name: string): { file: string; sha256: string; md5: string } {
  const bytes = randomBytes(SIZE);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return { file, sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') };
}

async function row(page: Page, direction: 'incoming' | 'outgoing', state: string, timeout = 120_000): Promise<ElementHandle> {
  const selector = `${byId('transfer-row')}[data-direction="${direction}"][data-state="${state}"]`;
  return (await page.waitForSelector(selector, { timeout }))!;
}

async function rowHash(page: Page, direction: 'incoming' | 'outgoing'): Promise<string> {
  return page.$eval(`${byId('transfer-row')}[data-direction="${direction}"]`, (el) => el.getAttribute('data-sha256') ?? '');
}

it('moves a 50 MB random file each way at once, with equal hashes on both sides and in the session log', async () => {
  const { server, tech, customer, pageErrors } = rig;
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Fiona Files');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await tech.waitForFunction((sel) => !document.querySelector<HTMLInputElement>(sel)?.disabled, { timeout: 20_000 }, byId('send-file-input'));

  const toCustomer = randomFile('to-customer.bin');
  const toTechnician = randomFile('to-technician.bin');
  await ((await tech.$(byId('send-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(toCustomer.file);
  await ((await customer.$(byId('customer-file-input'))) as ElementHandle<HTMLInputElement>).uploadFile(toTechnician.file);

  // Each side decides on the file offered to it.
  await (await row(customer, 'incoming', 'offered', 20_000)).$(byId('file-offer-accept')).then((b) => b!.click());
  await openPanelTab(tech, 'files');
  await (await row(tech, 'incoming', 'offered', 20_000)).$(byId('file-offer-accept')).then((b) => b!.click());
  await row(customer, 'incoming', 'receiving', 20_000);
  expect(await accessibilityViolations(customer)).toEqual([]);
  await screenshot(customer, 'join-file-progress');

  for (const page of [tech, customer]) {
    await row(page, 'incoming', 'done');
    await row(page, 'outgoing', 'done');
  }
  expect(await rowHash(customer, 'incoming')).toBe(toCustomer.sha256);
  expect(await rowHash(tech, 'outgoing')).toBe(toCustomer.sha256);
  expect(await rowHash(tech, 'incoming')).toBe(toTechnician.sha256);
  expect(await rowHash(customer, 'outgoing')).toBe(toTechnician.sha256);
  await screenshot(tech, 'console-files-done');
  expect(await tech.$(`${byId('transfer-row')}[data-direction="incoming"] ${byId('transfer-download')}`)).not.toBeNull();

  // Both sides reported each transfer; the log keeps the hashes each computed and the ones the other sent.
  await expect.poll(() => loggedEvents(server, 'file_transferred').length, { timeout: 10_000 }).toBe(4);
  for (const { actor, data: transfer } of loggedEvents(server, 'file_transferred')) {
    const expected = (actor === 'technician') === (transfer.direction === 'outgoing') ? toCustomer : toTechnician;
    expect(transfer).toMatchObject({ ok: true, state: 'done', size: SIZE, sha256: expected.sha256, md5: expected.md5, peerSha256: expected.sha256, peerMd5: expected.md5 });
  }
  expect(pageErrors).toEqual([]);
});
