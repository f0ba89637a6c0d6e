import { describe, expect, it } from 'vitest';
import { testOrganisation } from '../../testing/organisation';
import { ConsoleSettingsStore, DEFAULT_CONSOLE_SETTINGS } from './console-settings';

describe('console settings', () => {
  async function setup() {
    const org = await testOrganisation();
    return { ...org, store: new ConsoleSettingsStore(org.settingsStore, org.audit) };
  }

  it('start at 60 s amber, 180 s late, Away after 10 minutes, no automatic sign-out', async () => {
    const { store } = await setup();
    expect(await store.current()).toEqual(DEFAULT_CONSOLE_SETTINGS);
    expect(DEFAULT_CONSOLE_SETTINGS).toEqual({ waitWarnSeconds: 60, waitLateSeconds: 180, autoAwayMinutes: 10, autoSignOutMinutes: null });
  });

  it('a master administrator changes them, audited; the rules between fields are explained by field', async () => {
    const { store, asOwner, audit } = await setup();
    const changed = await store.set(asOwner, { waitWarnSeconds: 30, waitLateSeconds: 90, autoAwayMinutes: 5, autoSignOutMinutes: 60 });
    expect(await store.current()).toEqual(changed);
    expect((await audit.listFor(asOwner.user, [], { limit: 10 })).map((e) => e.action)).toContain('settings.console_changed');
    await expect(store.set(asOwner, { waitWarnSeconds: 90, waitLateSeconds: 90, autoAwayMinutes: null, autoSignOutMinutes: null }))
      .rejects.toMatchObject({ code: 'bad_request', field: 'waitLateSeconds', reasons: [{ key: 'tooLow', values: { minimum: 91 } }] });
    await expect(store.set(asOwner, { waitWarnSeconds: 30, waitLateSeconds: 90, autoAwayMinutes: 20, autoSignOutMinutes: 10 }))
      .rejects.toMatchObject({ field: 'autoSignOutMinutes', reasons: [{ key: 'tooLow', values: { minimum: 21 } }] });
    await expect(store.set(asOwner, { waitWarnSeconds: 1, waitLateSeconds: 90, autoAwayMinutes: null, autoSignOutMinutes: null })).rejects.toThrow();
    expect(await store.current()).toEqual(changed);
  });

  it('only a master administrator changes them', async () => {
    const { store, addPerson, firstGroup } = await setup();
    const tess = await addPerson('tess@example.com', firstGroup.id);
    await expect(store.set({ user: tess, address: '' }, DEFAULT_CONSOLE_SETTINGS)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
