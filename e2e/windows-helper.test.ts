import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { screenshot } from './support/browser';
import { byId, consent, createSession, endSession, enterCode, openPanelTab, setupOwner } from './support/flows';
import { downloadHelper, exited } from './support/helper-download';
import { useRig } from './support/rig';

/**
 * The Windows helper (`npm run build:helper -- --target win32-x64`, built on this Linux machine) under Wine: the
 * customer's page offers it beside the Linux one, the file downloads from the real server with this session's
 * pairing, and started under Wine it connects, opens its data channel to the console and answers system
 * information. What Wine cannot show (real input injection into Windows, UAC, SmartScreen, the Visual C++
 * runtime DLLs, which Wine has built in) is in helper/README.md.
 */
const WINE = '/usr/lib/wine/wine64';
const rig = useRig();
let scratch: string;
let helper: ChildProcess | null = null;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'lifeline-wine-'));
  // A Wine prefix of its own, reporting Windows 10 (Node 20 refuses older Windows). The first start builds it.
  execFileSync(WINE, ['winecfg', '/v', 'win10'], { env: wineEnv(), stdio: 'ignore', timeout: 120_000 });
}, 150_000);

afterAll(() => {
  helper?.kill('SIGKILL');
  try {
    execFileSync(path.join(path.dirname(WINE), 'wineserver64'), ['-k'], { env: wineEnv(), stdio: 'ignore', timeout: 10_000 });
  } catch {
    // No wineserver left to stop.
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function wineEnv(): NodeJS.ProcessEnv {
  // No DISPLAY: the helper needs none on Windows, and Wine then draws nothing anywhere. Its reboot only leaves a
  // mark on C: (the test plays the restart).
  const { DISPLAY: _display, ...env } = process.env;
  return { ...env, WINEPREFIX: path.join(scratch, 'prefix'), WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', LIFELINE_HELPER_REBOOT_COMMAND: 'type nul > C:\\lifeline-rebooted' };
}

/** A file of the Wine prefix's C: drive, as this machine sees it. */
const onDriveC = (...parts: string[]) => path.join(scratch, 'prefix', 'drive_c', ...parts);

/** The helper, started under Wine with its output in `log` (Node under Wine needs files, not pipes). */
function startHelper(args: string[], logFile: string): ChildProcess {
  const log = openSync(logFile, 'a');
  return spawn(WINE, args, { env: wineEnv(), stdio: ['ignore', log, log] });
}

/** The command of the Startup folder's batch file: its `start "" "..." "..."` line, unquoted. */
function startupCommand(script: string): string[] {
  const line = script.split('\r\n').find((l) => l.startsWith('start "" '))!;
  return [...line.slice('start "" '.length).matchAll(/"([^"]*)"/g)].map((m) => m[1].replace(/%%/g, '%'));
}


it('the Windows helper, downloaded from the customer\'s page and started under Wine, pairs with the session, answers system information, and comes back after a reboot through the Startup folder', async () => {
  const { server, tech, customer, pageErrors } = rig;
  const logFile = path.join(scratch, 'helper.log');
  onTestFailed(() => {
    console.log(`helper log (Wine):\n${(() => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '(none)';
      }
    })()}`);
  });
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Wendy Windows');
  // The customer's browser says Windows, as Chrome on Windows does.
  await customer.setUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36');
  await enterCode(customer, server.url, code);
  await consent(customer);
  await customer.click(byId('share-screen'));
  await customer.waitForSelector(byId('stop-sharing'));

  // The page offers the helper for the browser's system first, with how to start it there, and the other one
  // beside it.
  await tech.select(byId('control-mode'), 'desktop');
  await tech.click(byId('control-request'));
  await customer.waitForSelector(byId('helper-download'), { visible: true });
  const link = await customer.$eval(byId('helper-download'), (a) => ({ href: (a as HTMLAnchorElement).href, platform: a.getAttribute('data-platform') }));
  expect(link.platform).toBe('win32-x64');
  expect(await customer.$eval(byId('helper-run'), (el) => el.textContent)).toMatch(/open the downloaded file/);
  expect(await customer.$eval(byId('helper-download-other'), (a) => a.getAttribute('data-platform'))).toBe('linux-x64');
  await screenshot(customer, 'desktop-customer-asked-windows');
  await customer.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
  await screenshot(customer, 'desktop-customer-asked-windows-dark');
  await customer.evaluate(() => { document.documentElement.dataset.theme = 'light'; });
  const viewport = customer.viewport();
  // A phone's width (touch left off: puppeteer reloads the page when touch changes, and the prompt would go).
  await customer.setViewport({ width: 390, height: 844 });
  await screenshot(customer, 'desktop-customer-asked-windows-phone', { fullPage: true });
  await customer.setViewport(viewport);
  const { file: exe, fileName, bytes } = await downloadHelper(link.href, path.join(scratch, 'Downloads'));
  // A system there is no helper for: a coded refusal, not the Linux file.
  const other = new URL(link.href);
  other.searchParams.set('platform', 'darwin-arm64');
  const refused = await fetch(other);
  expect(refused.status).toBe(404);
  expect(await refused.json()).toMatchObject({ code: 'not_found' });
  expect(fileName).toMatch(/^lifeline-helper-[a-z2-7]{6}\.exe$/);
  // A Windows executable (MZ, then PE), unsigned: the build removed node.exe's signature the blob would break.
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('MZ');
  const pe = bytes.readUInt32LE(0x3c);
  expect(bytes.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
  const security = pe + 24 + 112 + 4 * 8;
  expect(bytes.readUInt32LE(security + 4), 'no certificate table').toBe(0);
  await customer.click(byId('control-accept'));
  await customer.waitForSelector(byId('control-banner'), { visible: true });

  // Started as Windows would start the downloaded file.
  helper = startHelper([exe], logFile);
  await tech.waitForSelector(`${byId('helper-status')}[data-open="yes"]`, { timeout: 90_000 });
  expect(await tech.$eval(byId('helper-status'), (el) => el.textContent)).toMatch(/Windows/);
  // No screen of its own on Windows yet: the console stays on the browser's share.
  expect(await tech.$eval(byId('remote-screen'), (el) => el.getAttribute('data-source'))).toBe('share');

  // System information comes from the helper, over its data channel.
  await openPanelTab(tech, 'details');
  await tech.click(byId('system-info'));
  await tech.waitForSelector(byId('system-info-result'), { visible: true, timeout: 60_000 });
  const info = await tech.$eval(byId('system-info-result'), (el) => el.textContent);
  expect(info).toMatch(/Windows/);
  // Wine names no processor and no disks: the panel says what it knows, without a stray comma or an empty list.
  expect(info).not.toContain('Processor,');
  await screenshot(tech, 'desktop-console-windows-helper');
  await tech.click(byId('system-info-hide'));
  await tech.waitForSelector(byId('system-info-result'), { hidden: true });

  // Reboot and reconnect: the helper writes a batch file into the user's Startup folder, then runs the reboot
  // command (here it only leaves a mark). The test plays the restart: the helper dies, and the logon starts what
  // the batch file says. It comes back to the same session with the same pairing.
  await tech.click(byId('helper-reboot'));
  await expect.poll(() => existsSync(onDriveC('lifeline-rebooted')), { timeout: 30_000, message: 'the reboot command ran' }).toBe(true);
  // Windows' names are case-blind: Wine's prefix spells the folder "StartUp".
  const programs = onDriveC('users', userInfo().username, 'AppData', 'Roaming', 'Microsoft', 'Windows', 'Start Menu', 'Programs');
  const startup = path.join(programs, readdirSync(programs).find((name) => name.toLowerCase() === 'startup')!, 'lifeline-helper.cmd');
  const restart = startupCommand(readFileSync(startup, 'utf8'));
  expect(restart[0]).toMatch(/^[A-Z]:\\.*\\lifeline-helper-[a-z2-7]{6}\.exe$/);
  expect(restart[1]).toBe('--pairing');
  helper.kill('SIGKILL');
  await exited(helper);
  await tech.waitForSelector(byId('helper-status'), { hidden: true, timeout: 30_000 });
  helper = startHelper(restart, logFile);
  await tech.waitForSelector(`${byId('helper-status')}[data-open="yes"]`, { timeout: 90_000 });
  await tech.click(byId('system-info'));
  await tech.waitForSelector(byId('system-info-result'), { visible: true, timeout: 60_000 });

  // The session ends: the helper leaves by itself, and takes its Startup file with it.
  await endSession(tech);
  expect(await exited(helper)).toBe(0);
  helper = null;
  expect(existsSync(startup)).toBe(false);
  const said = readFileSync(logFile, 'utf8');
  expect(said).toMatch(/channel label=helper/);
  // Every ICE candidate it sent was taken (wrtc's Windows build garbles some candidates' line index).
  expect(said).not.toMatch(/signal-refused/);
  expect(pageErrors).toEqual([]);
}, 240_000);
