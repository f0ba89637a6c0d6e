import type { Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { byId, consent, createSession, endSession, enterCode, openPopover, setupOwner } from './support/flows';
import { useRig } from './support/rig';
import { loggedEvents } from '../testing/session-events';
import { watchRemoteScreen } from './support/video';

const rig = useRig();

async function sessionId(tech: Page): Promise<string> {
  return (await tech.$eval(byId('session-item'), (el) => el.getAttribute('data-session-id')))!;
}

it('keeps a screenshot (a PNG of the right size) and a recording that plays after the session ended', async () => {
  const { server, tech, customer, pageErrors } = rig;
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Eve Evidence');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await customer.click(byId('share-screen'));
  await watchRemoteScreen(tech, [0, 135, 0], 500);
  const id = await sessionId(tech);

  // Screenshot: stored as PNG with the video's own size, decodable by the browser.
  await tech.click(byId('screenshot'));
  await tech.waitForFunction((sel) => document.querySelector(sel)?.textContent?.startsWith('Screenshot saved'), { timeout: 10_000 }, byId('evidence-status'));
  const videoSize = await tech.$eval(byId('remote-screen'), (v) => [(v as HTMLVideoElement).videoWidth, (v as HTMLVideoElement).videoHeight]);
  const status = await tech.$eval(byId('evidence-status'), (el) => el.textContent!);
  const [, w, h] = /\((\d+)×(\d+)\)/.exec(status)!;
  expect([Number(w), Number(h)]).toEqual(videoSize);

  // Recording: the customer sees it is on; it keeps going until the session ends.
  await openPopover(tech, 'screen-more');
  await tech.click(byId('record-toggle'));
  await customer.waitForSelector(byId('recording-indicator'), { timeout: 10_000 });
  await screenshot(customer, 'join-recording');
  await new Promise((resolve) => setTimeout(resolve, 3500));
  await endSession(tech);
  await customer.waitForSelector(byId('session-ended'));

  await expect.poll(() => loggedEvents(server, 'recording_stopped').length, { timeout: 10_000 }).toBe(1);
  const [taken] = loggedEvents(server, 'screenshot_taken');
  const [stopped] = loggedEvents(server, 'recording_stopped');
  expect(taken.data).toMatchObject({ width: videoSize[0], height: videoSize[1] });
  expect(stopped.data.bytes).toBeGreaterThan(1000);

  const decoded = await tech.evaluate(async (url) => {
    const bitmap = await createImageBitmap(await (await fetch(url)).blob());
    return [bitmap.width, bitmap.height];
  }, `/api/sessions/${id}/screenshots/${taken.data.screenshotId}`);
  expect(decoded).toEqual(videoSize);

  // The recording plays in the browser: WebM from MediaRecorder has no duration until the end is read.
  const duration = await tech.evaluate(async (url) => {
    const video = document.createElement('video');
    video.muted = true;
    video.src = url;
    await new Promise((resolve, reject) => {
      video.onloadedmetadata = resolve;
      video.onerror = () => reject(new Error(`video error ${video.error?.code}`));
    });
    if (!Number.isFinite(video.duration)) {
      video.currentTime = 1e9;
      await new Promise((resolve) => (video.ondurationchange = () => Number.isFinite(video.duration) && resolve(null)));
    }
    return video.duration;
  }, `/api/sessions/${id}/recordings/${stopped.data.recordingId}`);
  expect(duration).toBeGreaterThan(1);
  expect(pageErrors).toEqual([]);
});
