import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startTestServer, type TestServer } from '../testing/server';
import { accessibilityViolations } from './support/axe';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { attribute, byId, consent, createSession, endSession, enterCode, openPopover, OWNER, sendChat, setupOwner, signIn, typeInto, waitForChat } from './support/flows';
import { recordPeerConnections, screenSenderParameters, waitForMaxBitrate } from './support/peer-connections';
import { watchRemoteScreen } from './support/video';

// Chromium's fake screen capture is a green (0,135,0) background with a moving pattern.
const FAKE_CAPTURE_GREEN: [number, number, number] = [0, 135, 0];

let server: TestServer;
const clock = new ManualClock();
let techBrowser: Browser;
let customerBrowser: Browser;
let tech: Page;
let customer: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ clock });
  [techBrowser, customerBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
  tech = await newPage(techBrowser, pageErrors);
  customer = await newPage(customerBrowser, pageErrors);
  await recordPeerConnections(customer);
  // The technician allowed desktop notifications; the test keeps the ones the console shows.
  await techBrowser.defaultBrowserContext().overridePermissions(server.url, ['notifications']);
  await tech.evaluateOnNewDocument(() => {
    const shown: string[] = [];
    (window as unknown as { __notifications: string[] }).__notifications = shown;
    const Native = window.Notification;
    window.Notification = class extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(title);
      }
    } as typeof Notification;
  });
});

afterAll(async () => {
  await Promise.all([techBrowser?.close(), customerBrowser?.close()]);
  await server?.close();
});

async function sessionState(): Promise<string | null> {
  return attribute(tech, 'session-status', 'data-state');
}

async function waitForState(state: string): Promise<void> {
  await tech.waitForFunction((sel, s) => document.querySelector(sel)?.getAttribute('data-state') === s, { timeout: 15_000 }, byId('session-status'), state);
}

describe('a support session in two real browsers', () => {
  let code: string;

  it('sets up the owner on first run, then signs out and back in', async () => {
    await setupOwner(tech, server.url);
    expect(await accessibilityViolations(tech)).toEqual([]);
    await tech.click(byId('sign-out'));
    await tech.waitForSelector(byId('login-email'));
    expect(await accessibilityViolations(tech)).toEqual([]);
    await screenshot(tech, 'console-sign-in');
    await signIn(tech, server.url);
  });

  it('creates a session with a code and a link, and the customer joins by code and consents', async () => {
    ({ code } = await createSession(tech, 'Casey Customer'));
    expect(code).toMatch(/^\d{6}$/);
    expect(await tech.$eval(byId('session-link'), (el) => el.textContent)).toMatch(new RegExp(`^${server.url}/s/[a-z2-7]{26}$`));
    expect(await sessionState()).toBe('created');
    expect(await accessibilityViolations(tech)).toEqual([]);
    await screenshot(tech, 'console-new-session');

    await customer.goto(server.url);
    expect(await accessibilityViolations(customer)).toEqual([]);
    await screenshot(customer, 'join-code-entry');
    await enterCode(customer, server.url, code);
    await customer.waitForSelector(byId('technician-name'));
    expect(await customer.$eval(byId('technician-name'), (el) => el.textContent)).toBe(OWNER.name);
    expect(await customer.$eval('h1', (el) => el.textContent)).toContain(OWNER.organisation);
    await waitForState('waiting');
    await tech.waitForFunction(() => (window as unknown as { __notifications: string[] }).__notifications.includes('Casey Customer is waiting'), { timeout: 5000 });
    expect(await accessibilityViolations(customer)).toEqual([]);
    await screenshot(customer, 'join-consent');

    await consent(customer);
    await waitForState('active');
  });

  it('chats both ways, as text only, and shows who is typing', async () => {
    await tech.type(byId('chat-input'), 'Hello');
    await customer.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('is typing'), { timeout: 10_000 }, byId('chat-typing'));
    await sendChat(tech, 'Hello Casey, I am here to help.');
    await waitForChat(customer, 'Hello Casey, I am here to help.');
    const hostile = '<img src=x onerror="window.__pwned=1"><b>bold?</b>';
    await sendChat(customer, hostile);
    await waitForChat(tech, hostile);
    expect(await tech.$$eval(`${byId('chat-log')} img, ${byId('chat-log')} b`, (els) => els.length)).toBe(0);
    expect(await tech.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('inserts a canned reply by its keyword', async () => {
    await openPopover(tech, 'console-settings');
    await tech.click(`${byId('canned-replies')} summary`);
    await typeInto(tech, 'canned-keyword', 'wait');
    await typeInto(tech, 'canned-text', 'One moment please, I am checking that for you.');
    await tech.click(byId('canned-save'));
    await tech.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('/wait'), {}, byId('canned-replies'));
    await typeInto(tech, 'chat-input', '/wait');
    await tech.waitForSelector(byId('canned-hint'));
    await tech.keyboard.press('Tab');
    expect(await tech.$eval(byId('chat-input'), (el) => (el as HTMLInputElement).value)).toBe('One moment please, I am checking that for you.');
    await tech.click(byId('chat-send'));
    await waitForChat(customer, 'One moment please, I am checking that for you.');
  });

  it('rejoins the same session when the customer reloads the page, with the chat history', async () => {
    await customer.reload();
    await customer.waitForSelector(byId('share-screen'), { visible: true });
    await waitForChat(customer, 'Hello Casey, I am here to help.');
  });

  it('shows the customer\'s shared screen to the technician, live and direct', async () => {
    await customer.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-route') === 'direct', { timeout: 20_000 }, byId('connection-route'));
    await customer.click(byId('share-screen'));
    await customer.waitForSelector(byId('stop-sharing'), { visible: true });
    const seen = await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN);
    expect(seen.frames).toBeGreaterThan(10);
    expect(seen.matching).toBeGreaterThan(0.5);
    expect(seen.width).toBeGreaterThan(0);
    expect(await attribute(tech, 'connection-route', 'data-route')).toBe('direct');
    expect(await accessibilityViolations(customer)).toEqual([]);
    await screenshot(tech, 'console-remote-screen');
    await screenshot(customer, 'join-sharing');
  });

  it('changes the customer\'s encoder when the technician picks a quality preset, without a new capture', async () => {
    const before = await screenSenderParameters(customer);
    expect(before).toMatchObject({ maxBitrate: 8_000_000, degradationPreference: 'maintain-resolution' });

    await tech.select(byId('quality-preset'), 'quality');
    await waitForMaxBitrate(customer, 12_000_000);
    const quality = await screenSenderParameters(customer);
    expect(quality).toMatchObject({ maxBitrate: 12_000_000, maxFramerate: 15, degradationPreference: 'maintain-resolution', trackId: before.trackId });
    expect(['video/VP9', 'video/AV1', null]).toContain(quality.codec);

    await tech.select(byId('quality-preset'), 'speed');
    await waitForMaxBitrate(customer, 2_000_000);
    expect(await screenSenderParameters(customer)).toMatchObject({ scaleResolutionDownBy: 1.5, degradationPreference: 'maintain-framerate', trackId: before.trackId });
    expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN, 1000)).frames).toBeGreaterThan(5);
    await tech.waitForFunction((sel) => Number(document.querySelector(sel)?.textContent) > 0, { timeout: 10_000 }, byId('stats-fps'));
    await screenshot(tech, 'console-stats');
  });

  it('shows the customer what the technician draws over their screen', async () => {
    await tech.click(byId('annotate-toggle'));
    const box = (await (await tech.$(byId('annotation-overlay')))!.boundingBox())!;
    await tech.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await tech.mouse.down();
    for (let i = 1; i <= 10; i++) await tech.mouse.move(box.x + box.width * (0.3 + i * 0.04), box.y + box.height * 0.5);
    await tech.mouse.up();
    await customer.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-strokes') === '1', { timeout: 10_000 }, byId('annotation-layer'));
    // The stroke is painted where it was drawn: red pixels across the middle of the customer's preview.
    const red = await customer.$eval(byId('annotation-layer'), (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, Math.round(c.height * 0.5) - 2, c.width, 4).data;
      let hits = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 200 && data[i + 1] < 100 && data[i + 3] > 0) hits++;
      return hits;
    });
    expect(red).toBeGreaterThan(20);
    await screenshot(customer, 'join-annotation');
    await tech.click(byId('annotate-clear'));
    await customer.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-strokes') === '0', { timeout: 10_000 }, byId('annotation-layer'));
    await tech.click(byId('annotate-toggle'));
  });

  it('switches to another screen on the technician\'s request, with frames flowing and no renegotiation', async () => {
    const localSdp = () =>
      customer.evaluate(() => (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)?.localDescription?.sdp);
    const sdpBefore = await localSdp();
    const trackBefore = (await screenSenderParameters(customer)).trackId;
    await openPopover(tech, 'screen-more');
    await tech.click(byId('request-other-screen'));
    await customer.waitForSelector(byId('other-screen-request'));
    await customer.click(`${byId('other-screen-request')} button`);
    await customer.waitForSelector(byId('other-screen-request'), { hidden: true });
    await customer.waitForFunction(
      (before) => {
        const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
        const track = pcs.at(-1)?.getSenders().find((s) => s.track?.kind === 'video')?.track;
        return track && track.id !== before && track.readyState === 'live';
      },
      { timeout: 10_000 },
      trackBefore,
    );
    expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN, 1500)).frames).toBeGreaterThan(10);
    expect(await localSdp()).toBe(sdpBefore);
  });

  it('holds a video call next to the screen share: each side decodes the other\'s camera', async () => {
    await tech.click(byId('call-propose'));
    await customer.waitForSelector(byId('call-accept'));
    await customer.click(byId('call-accept'));
    for (const page of [tech, customer]) {
      await page.waitForFunction(
        (sel) => {
          const video = document.querySelector<HTMLVideoElement>(sel);
          return Boolean(video && video.videoWidth > 0 && video.currentTime > 0);
        },
        { timeout: 20_000 },
        byId('call-remote-video'),
      );
    }
    // The screen share keeps flowing beside the call.
    expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN, 1000)).frames).toBeGreaterThan(5);
    await tech.click(byId('call-mute'));
    expect(await attribute(tech, 'call-mute', 'aria-pressed')).toBe('true');
    await screenshot(tech, 'console-video-call');
    await customer.click(byId('call-end'));
    await tech.waitForSelector(byId('call-propose'), { timeout: 10_000 });
    await customer.waitForSelector(byId('call-remote-video'), { hidden: true });
  });

  it('stops sharing when the customer says so, and shares again on request', async () => {
    await customer.click(byId('stop-sharing'));
    await customer.waitForSelector(byId('share-screen'), { visible: true });
    await tech.waitForSelector(byId('remote-screen'), { hidden: true, timeout: 10_000 });
    await customer.click(byId('share-screen'));
    const again = await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN);
    expect(again.frames).toBeGreaterThan(10);
  });

  it('brings the screen back when the technician reloads the console mid-session', async () => {
    await tech.reload();
    await tech.waitForSelector(byId('session-item'));
    await tech.click(byId('session-item'));
    const back = await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN);
    expect(back.frames).toBeGreaterThan(10);
    await waitForState('active');
  });

  it('ends for both when the customer ends it, and the session cannot be rejoined', async () => {
    await customer.click(byId('end-session'));
    await customer.waitForSelector(byId('session-ended'));
    await waitForState('closed');
    expect(await tech.$(byId('remote-screen'))).toBeNull();
    await screenshot(customer, 'join-ended');
    await customer.reload();
    await customer.waitForSelector(byId('code-input'));
  });
});

describe('joining by link, and codes that must not work', () => {
  it('opens the join flow from the link; the technician ends the session and the video closes', async () => {
    const { link } = await createSession(tech, 'Lee Link');
    await customer.goto(link);
    await consent(customer);
    await waitForState('active');
    await customer.click(byId('share-screen'));
    expect((await watchRemoteScreen(tech, FAKE_CAPTURE_GREEN, 1000)).frames).toBeGreaterThan(3);
    await endSession(tech);
    await customer.waitForSelector(byId('session-ended'));
    await waitForState('closed');
    expect(await tech.$(byId('remote-screen'))).toBeNull();
    // The customer's screen capture stopped with the session.
    expect(await customer.evaluate(() => document.querySelector('[data-testid="stop-sharing"]'))).toBeNull();

    await customer.goto(link);
    await customer.waitForSelector(byId('join-error'));
  });

  it('shows the same error for a wrong, a spent and an expired code', async () => {
    const { code: fresh } = await createSession(tech, 'Sam Spent');
    await enterCode(customer, server.url, fresh);
    await consent(customer);
    await customer.click(byId('end-session'));
    await customer.waitForSelector(byId('session-ended'));

    const { code: stale } = await createSession(tech, 'Eve Expired');
    clock.advance(11 * 60 * 1000);

    const messages: string[] = [];
    for (const attempt of [fresh === '123456' ? '654321' : '123456', fresh, stale]) {
      await enterCode(customer, server.url, attempt);
      await customer.waitForSelector(byId('join-error'));
      messages.push(await customer.$eval(byId('join-error'), (el) => el.textContent ?? ''));
    }
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toContain('That code is not valid or has expired');
    expect(await accessibilityViolations(customer)).toEqual([]);
    await screenshot(customer, 'join-error');

    await server.expireDue();
    await waitForState('closed');
  });

  it('fits a phone and stays accessible in the dark theme', async () => {
    const phone = await customerBrowser.newPage();
    phone.on('pageerror', (error) => pageErrors.push(String(error)));
    await phone.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const { code } = await createSession(tech, 'Pat Phone');
    await enterCode(phone, server.url, code);
    await consent(phone);
    expect(await phone.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await accessibilityViolations(phone)).toEqual([]);
    await screenshot(phone, 'join-phone-dark');
    await phone.click(byId('end-session'));
    await phone.waitForSelector(byId('session-ended'));
    await phone.close();
  });

  it('raised no errors in either page', () => {
    expect(pageErrors).toEqual([]);
  });
});
