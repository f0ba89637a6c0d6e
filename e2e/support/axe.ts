import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core in the page and returns its violations, one line each (rule, impact, first target). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Next streams a page's generated metadata after its body: check the page once its title has arrived, as a
  // reader would meet it (a page that never gets one still fails on document-title).
  await page.waitForFunction(() => document.title.trim() !== '', { timeout: 5000 }).catch(() => undefined);
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  return violations;
}
