import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';

describe('the customer pages speak the customer\'s language', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const page = async (headers: Record<string, string>) => (await fetch(`${server.url}/join`, { headers })).text();

  it('follows the browser, lets a choice win, and falls back to English', async () => {
    const dutch = await page({ 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.8' });
    expect(dutch).toContain('<html lang="nl"');
    expect(dutch).toContain('Hulp krijgen van een technicus');
    expect(dutch).toContain('Supportcode');

    const chosen = await page({ 'accept-language': 'nl-BE', cookie: 'lifeline.lang=fr' });
    expect(chosen).toContain('<html lang="fr"');
    expect(chosen).toContain('Obtenir l’aide d’un technicien');

    const german = await page({ 'accept-language': 'de-DE,de;q=0.9' });
    expect(german).toContain('<html lang="en"');
    expect(german).toContain('Get help from a technician');

    const nonsense = await page({ 'accept-language': 'de', cookie: 'lifeline.lang=xx' });
    expect(nonsense).toContain('<html lang="en"');
  });
});
