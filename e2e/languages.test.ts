import { expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, consent, createSession, OWNER, setupOwner, typeInto } from './support/flows';
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

it('a technician whose browser asks for French signs in and works in French, and a refused sign-in says why in French, beside its field', async () => {
  const { server, customer: technician, pageErrors } = rig;
  // The second browser, now a French-speaking technician: no language chosen here, so the browser's decides.
  await technician.deleteCookie({ name: 'lifeline.lang', url: server.url });
  await technician.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9,en;q=0.5' });
  await technician.goto(`${server.url}/console`);
  await technician.waitForSelector(byId('login-email'));
  expect(await technician.$eval('html', (el) => el.lang)).toBe('fr');
  expect(await technician.$eval('#login-title', (el) => el.textContent)).toBe('Connexion à la console');
  expect(await technician.$eval('label[for="login-email"]', (el) => el.textContent)).toBe('Adresse e-mail');
  expect(await technician.$eval('label[for="login-password"]', (el) => el.textContent)).toBe('Mot de passe');
  expect(await technician.$eval(byId('login-submit'), (el) => el.textContent)).toBe('Se connecter');

  // Not an e-mail address: the server's reason is shown beside the e-mail field, in French, and tied to it.
  await typeInto(technician, 'login-email', 'tess');
  await typeInto(technician, 'login-password', 'not the password');
  await technician.click(byId('login-submit'));
  await technician.waitForSelector('#login-email-problem');
  expect(await technician.$eval('#login-email-problem', (el) => el.textContent)).toBe('Saisissez une adresse e-mail comme nom@exemple.fr.');
  expect(await technician.$eval(byId('login-email'), (el) => [el.getAttribute('aria-invalid'), el.getAttribute('aria-describedby')])).toEqual(['true', 'login-email-problem']);
  expect(await accessibilityViolations(technician)).toEqual([]);

  // A wrong password: refused once for the whole form, in French (never the server's English message).
  await typeInto(technician, 'login-email', OWNER.email);
  await technician.click(byId('login-submit'));
  await technician.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'L’adresse e-mail ou le mot de passe est incorrect. Vérifiez-les et réessayez.', { timeout: 10_000 }, byId('login-error'));
  expect(await technician.$('#login-email-problem')).toBeNull();
  await screenshot(technician, 'console-sign-in-refused-fr');

  // A failed attempt costs the account a one-second pause; then the right password opens the console in French.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await typeInto(technician, 'login-password', OWNER.password);
  await technician.click(byId('login-submit'));
  await technician.waitForSelector(byId('new-session'));
  expect(await technician.$eval('html', (el) => el.lang)).toBe('fr');
  expect(await technician.$eval('h1', (el) => el.textContent)).toBe('Console du technicien');
  expect(await technician.$eval('#queue-title', (el) => el.textContent)).toMatch(/^File d’attente/);
  expect(await technician.$eval(byId('new-session'), (el) => el.textContent)).toBe('+ Nouvelle session');
  expect(await technician.$eval(byId('session-log-link'), (el) => el.textContent)).toBe('Journal des sessions');
  expect(await accessibilityViolations(technician)).toEqual([]);
  await screenshot(technician, 'console-fr');
  expect(pageErrors).toEqual([]);
});
