import { expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, setupOwner } from './support/flows';
import { useRig } from './support/rig';

const MINUTE = 60_000;
// The server's clock moves only when told: the inactivity the administrator set passes in a moment.
const clock = new ManualClock();
const rig = useRig({ clock });

it('a console without input turns Away after the administrator\'s minutes, and is signed out after theirs, with the reason on the sign-in page', async () => {
  const { server, tech, pageErrors } = rig;
  await tech.setViewport({ width: 1280, height: 720 });
  await setupOwner(tech, server.url);
  const saved = await tech.evaluate(async () => (await fetch('/api/admin/settings/console', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ waitWarnSeconds: 60, waitLateSeconds: 180, autoAwayMinutes: 5, autoSignOutMinutes: 20 }),
  })).status);
  expect(saved).toBe(200);
  await tech.reload();
  await tech.waitForFunction(() => document.querySelector('.tech-status')?.getAttribute('data-status') === 'available');

  clock.advance(5 * MINUTE);
  await server.expireDue();
  await tech.waitForFunction(() => document.querySelector('.tech-status')?.getAttribute('data-status') === 'away', { timeout: 10_000 });
  expect(await tech.$eval(byId('tech-status'), (el) => el.getAttribute('data-why'))).toBe('idle');

  clock.advance(20 * MINUTE);
  await server.expireDue();
  await tech.waitForSelector(byId('signed-out-why'), { timeout: 10_000 });
  expect(await tech.$eval(byId('signed-out-why'), (el) => el.textContent)).toContain('signed out after a time without input');
  expect(await tech.$(byId('login-email'))).not.toBeNull();
  expect(await accessibilityViolations(tech)).toEqual([]);
  await screenshot(tech, 'console-signed-out-inactive');
  expect(pageErrors).toEqual([]);
});
