import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { watchBrowser, watchPolicy } from './csp-watch';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(import.meta.dirname, '..', '.artifacts');

export interface BrowserOptions {
  /** Headful on an Xvfb display (real screen capture), or headless with the fake capture device. */
  display?: string;
  /** Chromium's synthetic screen (green, moving pattern) instead of a real one; only choice when headless. */
  fakeCapture?: boolean;
  extraArgs?: string[];
  windowSize?: { width: number; height: number };
  /**
   * Headful only: without "Chrome is being controlled by automated test software" (puppeteer's
   * --enable-automation), whose bar would push the page down the screen (the bench draws at screen coordinates).
   */
  noAutomationBar?: boolean;
}

/**
 * Debian's Chromium with the flags this machine needs (../shared/RECIPES.md): no sandbox as root, no background
 * networking (the network is closed), loopback allowed in peer connections, real addresses in stats, and a
 * private HOME so two browsers never share a profile.
 */
export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const home = mkdtempSync(path.join(tmpdir(), 'lifeline-chromium-'));
  const size = options.windowSize ?? { width: 1280, height: 800 };
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--autoplay-policy=no-user-gesture-required',
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns',
    `--user-data-dir=${path.join(home, 'profile')}`,
    `--window-size=${size.width},${size.height}`,
    ...(options.fakeCapture !== false && !options.display ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] : []),
    ...(options.extraArgs ?? []),
  ];
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
  if (options.display) env.DISPLAY = options.display;
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: !options.display,
    args,
    ...(options.noAutomationBar ? { ignoreDefaultArgs: ['--enable-automation'] } : {}),
    env,
    defaultViewport: options.display ? null : size,
    protocolTimeout: 60_000,
  });
  await watchBrowser(browser);
  browser.once('disconnected', () => {
    // Chromium's last writers may still be closing files: retry, and never fail a test over a temp dir.
    try {
      rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // left for the OS to clean
    }
  });
  return browser;
}

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Debian's Firefox ESR driven over WebDriver BiDi (../shared/RECIPES.md), headless: the customer in another
 * browser engine. Real host addresses in ICE (no mDNS names) and loopback candidates, as this machine needs.
 * With a display (Xvfb), headful: headless Firefox has no screen to share.
 */
export async function launchFirefox(options: { display?: string } = {}): Promise<Browser> {
  const home = mkdtempSync(path.join(tmpdir(), 'lifeline-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: !options.display,
    userDataDir: path.join(home, 'profile'),
    env: { ...(process.env as Record<string, string>), HOME: home, ...(options.display ? { DISPLAY: options.display } : {}) },
    defaultViewport: options.display ? null : { width: 1280, height: 800 },
    args: options.display ? ['--width=1280', '--height=720'] : [],
    protocolTimeout: 60_000,
    extraPrefsFirefox: {
      'media.navigator.permission.disabled': true,
      'media.peerconnection.ice.obfuscate_host_addresses': false,
      'media.peerconnection.ice.loopback': true,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'intl.accept_languages': 'en-US, en',
    },
  });
  await watchBrowser(browser);
  browser.once('disconnected', () => {
    try {
      rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // left for the OS to clean
    }
  });
  return browser;
}

/** A page that fails the test on uncaught errors in the page instead of hiding them. */
export async function newPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  await watchPolicy(page);
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(message.text());
  });
  return page;
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file as `${string}.png`, fullPage: options.fullPage });
  return file;
}
