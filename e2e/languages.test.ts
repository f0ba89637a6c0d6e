import { expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, consent, createSession, setupOwner, typeInto } from './support/flows';
import { useRig } from './support/rig';

const rig = useRig();

it('a French-speaking customer gets the page in French, can switch to Dutch, and the technician\'s console stays in English', async () => {
  const { server, tech, customer, pageErrors } = rig;
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, 'Amélie');

  await customer.setExtraHTTPHeaders({ 'Accept-Language': 'fr-BE,fr;q=0.9' });
  await customer.goto(`${server.url}/join`);
  await customer.waitForSelector(byId('code-input'));
  expect(await customer.$eval('html', (el) => el.lang)).toBe('fr');
  expect(await customer.$eval('h1', (el) => el.textContent)).toBe('Obtenir l’aide d’un technicien');
  await typeInto(customer, 'code-input', code);
  await customer.click(byId('code-submit'));
  await customer.waitForSelector(byId('consent-accept'), { visible: true });
  expect(await customer.$eval('#consent-title', (el) => el.textContent)).toContain('souhaite vous aider');
  expect(await accessibilityViolations(customer)).toEqual([]);
  await screenshot(customer, 'join-consent-fr');
  await consent(customer);
  expect(await customer.$eval(byId('share-screen'), (el) => el.textContent)).toBe('Partager mon écran');

  // Her choice of Dutch is kept and wins over the browser's French.
  await Promise.all([customer.waitForNavigation(), customer.select(byId('language-select'), 'nl')]);
  await customer.waitForSelector(byId('share-screen'), { visible: true });
  expect(await customer.$eval(byId('share-screen'), (el) => el.textContent)).toBe('Mijn scherm delen');
  expect(await customer.$eval('html', (el) => el.lang)).toBe('nl');
  expect(await accessibilityViolations(customer)).toEqual([]);
  await screenshot(customer, 'join-session-nl');

  expect(await tech.$eval('html', (el) => el.lang)).toBe('en');
  expect(pageErrors).toEqual([]);
});
