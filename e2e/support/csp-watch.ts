import type { Browser, Page } from 'puppeteer-core';

/**
 * Every Content-Security-Policy violation in any page of a browser the harness launched, so each e2e test fails
 * when the product does something its own policy forbids (web/server/security-headers.ts), whether or not the
 * test checks the page's errors itself (e2e/support/csp-setup.ts asserts the list is empty after each test).
 */
const violations: string[] = [];
const watched = new WeakSet<Page>();

/** Runs in every document before its own scripts (the policy does not apply to it): reports through the console. */
const REPORTER = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' in ' + event.documentURI);
}, true);`;

/** Chromium also logs each violation itself ("Refused to ... Content Security Policy directive ..."). */
const LOGGED = /^CSP violation: |violates the following Content Security Policy/;

export async function watchPolicy(page: Page): Promise<void> {
  if (watched.has(page)) return;
  watched.add(page);
  page.on('console', (message) => {
    if (LOGGED.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  await page.evaluateOnNewDocument(REPORTER);
}

/** Watches every page the browser has and opens from now on (newPage awaits it for its page, closing the race). */
export async function watchBrowser(browser: Browser): Promise<void> {
  browser.on('targetcreated', (target) => {
    void target.page().then((page) => (page ? watchPolicy(page) : undefined)).catch(() => undefined);
  });
  for (const page of await browser.pages()) await watchPolicy(page);
}

/** The violations seen since the last call, and forgets them. */
export function takeCspViolations(): string[] {
  return violations.splice(0, violations.length);
}
