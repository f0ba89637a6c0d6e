import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { byId, consent, createSession, endSession, enterCode, openPanelTab, setupOwner } from './support/flows';
import { aimOnRemoteScreen } from './support/remote-screen';
import { recordPeerConnections } from './support/peer-connections';
import { loggedEvents } from '../testing/session-events';
import { startXvfb } from './support/xvfb';
import { downloadHelper, exited } from './support/helper-download';

/**
 * Desktop control through the Lifeline Helper, on one X display with a window manager: the customer's Chromium
 * shares the entire screen, a second Chromium window beside it is the application being helped, and the helper
 * the customer downloaded from the join page runs against the same display. The technician's clicks and keys in
 * `remote-screen` land in that other window.
 */
const WIDTH = 1280;
const HEIGHT = 720;
let server: TestServer;
let xvfb: { display: string; stop: () => void };
let browsers: Browser[] = [];
let tech: Page;
let customer: Page;
let target: Page;
let scratch: string;
const helpers: ChildProcess[] = [];
/** What the helpers wrote to stderr, shown when the test fails. */
const helperLog: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  xvfb = await startXvfb(WIDTH, HEIGHT, { windowManager: true });
  scratch = mkdtempSync(path.join(tmpdir(), 'lifeline-desktop-'));
  browsers = await Promise.all([
    launchBrowser(),
    launchBrowser({ display: xvfb.display, windowSize: { width: 640, height: HEIGHT }, extraArgs: ['--auto-select-desktop-capture-source=Entire screen', '--window-position=0,0'] }),
    launchBrowser({ display: xvfb.display, windowSize: { width: 640, height: HEIGHT }, extraArgs: ['--window-position=640,0'] }),
  ]);
  tech = await newPage(browsers[0], pageErrors);
  customer = await newPage(browsers[1], pageErrors);
  await recordPeerConnections(customer);
  target = await newPage(browsers[2], []);
  await target.setContent(`<!doctype html><title>Target</title>
    <main style="padding:40px;font:20px sans-serif">
      <button id="press" style="width:200px;height:80px;font-size:20px">Press me</button>
      <p><label>Text <input id="text" style="font-size:20px;width:300px"></label></p>
      <div id="swatch" style="width:240px;height:120px;background:rgb(30,180,60)"></div>
    </main>
    <script>
      window.clicks = [];
      document.getElementById('press').addEventListener('click', (e) => window.clicks.push({ x: e.clientX, y: e.clientY, trusted: e.isTrusted }));
    </script>`);
});

afterAll(async () => {
  for (const helper of helpers) helper.kill('SIGKILL');
  await Promise.all(browsers.map((b) => b.close()));
  await server?.close();
  xvfb?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Where the centre of an element of the target window is, as 0..1 of the whole screen. */
async function onScreen(id: string): Promise<{ x: number; y: number; clientX: number; clientY: number }> {
  return target.evaluate(
    (elementId, width, height) => {
      const rect = document.getElementById(elementId)!.getBoundingClientRect();
      // Chromium draws its own frame (it asks the window manager for none): the content starts at the bottom of it.
      const left = window.screenX + (window.outerWidth - window.innerWidth);
      const top = window.screenY + (window.outerHeight - window.innerHeight);
      const clientX = rect.left + rect.width / 2;
      const clientY = rect.top + rect.height / 2;
      return { x: (left + clientX) / width, y: (top + clientY) / height, clientX, clientY };
    },
    id,
    WIDTH,
    HEIGHT,
  );
}

/** The console point where a point of the customer's screen shows in `remote-screen`. */
const aim = (point: { x: number; y: number }) => aimOnRemoteScreen(tech, point);

/** The helper, as the customer starts it (the downloaded file) or as their desktop does after a restart. */
function runHelper(command: string[]): ChildProcess {
  // Traced: each input the helper receives and the gate's verdict, so a failure says whether input arrived.
  // Its reboot only leaves a mark: the test plays the restart itself.
  const env = { ...process.env, DISPLAY: xvfb.display, HOME: scratch, LIFELINE_HELPER_TRACE: '1', LIFELINE_HELPER_REBOOT_COMMAND: `touch ${path.join(scratch, 'rebooted')}` };
  const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => helperLog.push(chunk.toString()));
  helpers.push(child);
  return child;
}

function xdotool(args: string[]): string {
  try {
    return execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: xvfb.display }, encoding: 'utf8', timeout: 5_000 }).trim();
  } catch (error) {
    return String(error);
  }
}

/** The title of the window that has the X keyboard focus: where the helper's keys go. */
const keyboardWindow = () => xdotool(['getwindowfocus', 'getwindowname']);

/**
 * The colour the technician sees at a point of the customer's screen (0..1 of it): the console's current decoded
 * frame of `remote-screen`, averaged over 5x5 pixels there.
 */
function seenAt(point: { x: number; y: number }): Promise<number[]> {
  return tech.$eval(
    byId('remote-screen'),
    (element, x, y) => {
      const video = element as HTMLVideoElement;
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(video, 0, 0);
      const { data } = context.getImageData(Math.round(x * canvas.width) - 2, Math.round(y * canvas.height) - 2, 5, 5);
      const sum = [0, 0, 0];
      for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += data[i + c];
      return sum.map((value) => Math.round(value / 25));
    },
    point.x,
    point.y,
  );
}

const near = (seen: number[], colour: number[]) => seen.every((value, i) => Math.abs(value - colour[i]) <= 24);

/** Waits until the console shows `colour` where the swatch is: frames of the stream it shows, as decoded. */
async function expectSwatch(colour: number[]): Promise<void> {
  const swatch = await onScreen('swatch');
  await expect.poll(async () => near(await seenAt(swatch), colour), { timeout: 10_000, message: `the swatch seen as ${JSON.stringify(colour)}` }).toBe(true);
}

/** Whether the customer's browser encodes its screen share now (its sender's encoding is active). */
function shareEncoding(): Promise<boolean | null> {
  return customer.evaluate(() => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const sender = connections.filter((c) => c.connectionState === 'connected').flatMap((c) => c.getSenders()).find((s) => s.track?.kind === 'video');
    return sender ? (sender.getParameters().encodings[0]?.active ?? null) : null;
  });
}

/**
 * The command an XDG autostart entry runs, as a desktop session reads its Exec key: the desktop file's own
 * backslash escapes first, then Exec's quoting (no field codes: the helper writes none).
 */
function autostartCommand(entry: string): string[] {
  const exec = /^Exec=(.*)$/m.exec(entry)![1].replace(/\\\\/g, '\\');
  return [...exec.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]).replace(/%%/g, '%'));
}


it('the technician clicks and types in another window of the customer\'s desktop, through the helper they downloaded', async () => {
  // On failure: what the helper said, and what the console showed.
  onTestFailed(async () => {
    console.log(`helper log:\n${helperLog.join('')}`);
    console.log(`X: keyboard=${keyboardWindow()} mouse=${xdotool(['getmouselocation'])}`);
    const state = await target.evaluate(() =>
      JSON.stringify({
        clicks: (window as unknown as { clicks: unknown[] }).clicks,
        value: (document.getElementById('text') as HTMLInputElement).value,
        active: document.activeElement?.id,
        focus: document.hasFocus(),
        window: [window.screenX, window.screenY, window.outerWidth, window.outerHeight, window.innerWidth, window.innerHeight],
      }),
    );
    console.log(`target: ${state}`);
    await screenshot(tech, 'desktop-failed-console');
  });
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Dee Desktop');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await customer.click(byId('share-screen'));
  await customer.waitForSelector(byId('stop-sharing'));
  await tech.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="remote-screen"]')?.videoWidth ?? 0) > 0, { timeout: 20_000 });

  // Asking for the whole desktop offers the customer the helper, paired with this session.
  await tech.select(byId('control-mode'), 'desktop');
  await tech.click(byId('control-request'));
  await customer.waitForSelector(byId('helper-download'), { visible: true });
  const download = await customer.$eval(byId('helper-download'), (a) => (a as HTMLAnchorElement).href);
  const { file: binary, fileName } = await downloadHelper(download, path.join(scratch, 'Downloads'));
  // Saved as a browser saves it (not executable); the command the page shows makes it runnable and starts it.
  // Named after its pairing, as the server says (a second download in another session gets another name).
  expect(fileName).toMatch(/^lifeline-helper-[a-z2-7]{6}$/);
  const command = await customer.$eval(byId('helper-run'), (element) => element.textContent ?? '');
  const version = execFileSync('bash', ['-c', `${command} --version`], { env: { ...process.env, HOME: scratch }, encoding: 'utf8', timeout: 30_000 });
  expect(version, 'the page\'s command starts the helper').toMatch(/^\d+\.\d+\.\d+\s*$/);
  await screenshot(customer, 'desktop-customer-asked');
  await customer.click(byId('control-accept'));
  await customer.waitForSelector(byId('control-banner'), { visible: true });

  let helper = runHelper([binary]);
  await tech.waitForSelector(`${byId('helper-status')}[data-open="yes"]`, { timeout: 30_000 });
  await tech.waitForSelector(byId('control-stop'), { visible: true });

  // While it controls the desktop, the console shows the helper's own screen stream (not the browser's share),
  // and what changes on the desktop shows there.
  await tech.waitForSelector(`${byId('remote-screen')}[data-source="helper"]`, { timeout: 15_000 });
  await expectSwatch([30, 180, 60]);
  await target.evaluate(() => (document.getElementById('swatch')!.style.background = 'rgb(200,40,160)'));
  await expectSwatch([200, 40, 160]);
  expect(helperLog.join('')).toMatch(/screen-ready source=x11 width=1280 height=720/);
  // Meanwhile the customer's browser does not encode its share as well.
  await expect.poll(shareEncoding, { timeout: 10_000 }).toBe(false);
  // The quality preset the technician picks applies to the helper's screen too.
  await tech.select(byId('quality-preset'), 'speed');
  await expect.poll(() => helperLog.join('').match(/screen-quality maxBitrate=2000000 maxFramerate=30/g)?.length ?? 0, { timeout: 10_000 }).toBe(1);

  // A click where the target window's button shows lands on it, within a few pixels of the aim.
  const press = await onScreen('press');
  const at = await aim(press);
  await tech.mouse.click(at.x, at.y);
  await target.waitForFunction(() => (window as unknown as { clicks: unknown[] }).clicks.length === 1, { timeout: 10_000 });
  const [click] = await target.evaluate(() => (window as unknown as { clicks: { x: number; y: number; trusted: boolean }[] }).clicks);
  expect(click.trusted).toBe(true);
  expect(Math.abs(click.x - press.clientX), JSON.stringify({ click, press })).toBeLessThanOrEqual(4);
  expect(Math.abs(click.y - press.clientY), JSON.stringify({ click, press })).toBeLessThanOrEqual(4);

  // Typed text arrives in the field the technician clicked.
  const text = await aim(await onScreen('text'));
  await tech.mouse.click(text.x, text.y);
  // The click focuses the field, and the window manager gives its window the keyboard: type after.
  await target.waitForFunction(() => document.activeElement?.id === 'text' && document.hasFocus(), { timeout: 10_000 });
  await expect.poll(keyboardWindow, { timeout: 10_000 }).toMatch(/^Target/);
  await tech.keyboard.type('Hello desktop!');
  await target.waitForFunction(() => (document.getElementById('text') as HTMLInputElement).value === 'Hello desktop!', { timeout: 10_000 });

  // System information comes from the helper, beside the screen: the screen the technician aims at stays put.
  await openPanelTab(tech, 'details');
  const screenBox = () => tech.$eval(byId('remote-screen'), (el) => JSON.stringify(el.getBoundingClientRect()));
  const before = await screenBox();
  await tech.click(byId('system-info'));
  await tech.waitForSelector(byId('system-info-result'), { visible: true, timeout: 15_000 });
  expect(await tech.$eval(byId('system-info-result'), (el) => el.textContent)).toMatch(/GB/);
  expect(await screenBox(), 'the shared screen did not move').toBe(before);
  await screenshot(tech, 'desktop-console-controlling');
  await tech.click(byId('system-info-hide'));
  await tech.waitForSelector(byId('system-info-result'), { hidden: true });

  // Reboot and reconnect: the helper writes its autostart entry, then runs the reboot command (here it only leaves
  // a mark). The test plays the restart: the helper dies, and the desktop session starts what the entry says. It
  // comes back to the same session with the same pairing. (The customer's page stays open here; a real restart
  // closes it, and with it the grant: control then waits for the customer to open the link again.)
  await tech.click(byId('helper-reboot'));
  await expect.poll(() => existsSync(path.join(scratch, 'rebooted')), { timeout: 15_000, message: 'the reboot command ran' }).toBe(true);
  const autostart = path.join(scratch, '.config', 'autostart', 'lifeline-helper.desktop');
  const restart = autostartCommand(readFileSync(autostart, 'utf8'));
  expect(restart.slice(0, 2)).toEqual([binary, '--pairing']);
  helper.kill('SIGKILL');
  await exited(helper);
  await tech.waitForSelector(byId('helper-status'), { hidden: true, timeout: 15_000 });
  helper = runHelper(restart);
  await tech.waitForSelector(`${byId('helper-status')}[data-open="yes"]`, { timeout: 30_000 });
  // Its picture comes back with it, by itself.
  await tech.waitForSelector(`${byId('remote-screen')}[data-source="helper"]`, { timeout: 15_000 });
  // The console asked the new helper for a picture to show (a still screen sends nothing after a moment).
  await expect.poll(() => helperLog.join('').match(/screen-refresh active=true/g)?.length ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  // With the preset chosen before: the console tells the new connection.
  await expect.poll(() => helperLog.join('').match(/screen-quality maxBitrate=2000000/g)?.length ?? 0, { timeout: 10_000 }).toBe(2);
  await target.evaluate(() => (document.getElementById('swatch')!.style.background = 'rgb(40,60,220)'));
  await expectSwatch([40, 60, 220]);
  // The console's layout may have moved while the helper was away: aim again, as a person would look again.
  const pressAgain = await aim(await onScreen('press'));
  await tech.mouse.click(pressAgain.x, pressAgain.y);
  await target.waitForFunction(() => (window as unknown as { clicks: unknown[] }).clicks.length === 2, { timeout: 10_000 });
  const textAgain = await aim(await onScreen('text'));
  await tech.mouse.click(textAgain.x, textAgain.y);
  await target.waitForFunction(() => document.activeElement?.id === 'text' && document.hasFocus(), { timeout: 10_000 });
  await expect.poll(keyboardWindow, { timeout: 10_000 }).toMatch(/^Target/);
  await tech.keyboard.type(' again');
  await target.waitForFunction(() => (document.getElementById('text') as HTMLInputElement).value === 'Hello desktop! again', { timeout: 10_000 });

  // The customer revokes: nothing the technician does reaches the desktop any more.
  await customer.click(byId('control-revoke'));
  await tech.waitForSelector(byId('control-stop'), { hidden: true, timeout: 10_000 });
  // The helper's screen went with control: the console is back on the browser's share.
  await tech.waitForSelector(`${byId('remote-screen')}[data-source="share"]`, { timeout: 10_000 });
  await expect.poll(() => helperLog.join('').includes('screen-stream-off'), { timeout: 10_000 }).toBe(true);
  await expect.poll(shareEncoding, { timeout: 10_000 }).toBe(true);
  // Aimed afresh: the console's panel shrank when control ended, so the screen moved.
  const pressAfter = await aim(await onScreen('press'));
  await tech.mouse.click(pressAfter.x, pressAfter.y);
  const textAfter = await aim(await onScreen('text'));
  await tech.mouse.click(textAfter.x, textAfter.y);
  // Letters that are no console shortcut: once the view is back on the browser's share the console has the keys,
  // and R would ask for control again.
  await tech.keyboard.type(' nope');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await target.evaluate(() => (window as unknown as { clicks: unknown[] }).clicks.length)).toBe(2);
  expect(await target.evaluate(() => (document.getElementById('text') as HTMLInputElement).value)).toBe('Hello desktop! again');

  // Control again; this time the customer stops it from their own keyboard, wherever the focus is (Shift+Esc on
  // the desktop, heard by the helper): both sides see it end, and the technician's input stops.
  await tech.select(byId('control-mode'), 'desktop');
  await tech.click(byId('control-request'));
  await customer.waitForSelector(byId('control-accept'), { visible: true });
  await customer.click(byId('control-accept'));
  await tech.waitForSelector(byId('control-stop'), { visible: true, timeout: 10_000 });
  await expect.poll(() => helperLog.join('').includes('hotkey-armed'), { timeout: 10_000 }).toBe(true);
  execFileSync('xdotool', ['key', 'shift+Escape'], { env: { ...process.env, DISPLAY: xvfb.display } });
  await tech.waitForSelector(byId('control-stop'), { hidden: true, timeout: 10_000 });
  await customer.waitForSelector(byId('control-banner'), { hidden: true, timeout: 10_000 });
  expect(helperLog.join('')).toContain('control-stopped-here');
  const pressLast = await aim(await onScreen('press'));
  await tech.mouse.click(pressLast.x, pressLast.y);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await target.evaluate(() => (window as unknown as { clicks: unknown[] }).clicks.length)).toBe(2);

  // The session ends: the helper leaves by itself.
  await endSession(tech);
  expect(await exited(helper)).toBe(0);
  // And takes its autostart entry with it: no restart brings it back.
  expect(existsSync(autostart)).toBe(false);
  const types = loggedEvents(server).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(['control_requested', 'control_granted', 'control_stopped']));
  expect(pageErrors).toEqual([]);
});
