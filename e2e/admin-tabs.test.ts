import { expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, setupOwner, typeInto } from './support/flows';
import { useRig } from './support/rig';

// The master administrator in one Chromium; the second one follows a copied invitation link.
const rig = useRig();

/** The open tab panel of the page (the others are hidden, with what was typed in them kept). */
const openPanel = (prefix: 'group' | 'person') => `[id^="${prefix}-panel-"]:not([hidden])`;

/** Chooses with the keyboard, as a person without a mouse does: focus, then Enter (tree items and tabs both take it). */
async function choose(page: typeof rig.tech, selector: string) {
  await page.waitForSelector(selector, { visible: true });
  await page.focus(selector);
  await page.keyboard.press('Enter');
}

/** The success note beside `buttonId`, once it says `text`; returns how it sits against the button. */
async function noteBeside(page: typeof rig.tech, buttonId: string, text: string) {
  const handle = await page.waitForFunction(
    (sel, expected) => {
      for (const button of document.querySelectorAll(sel)) {
        const note = button.closest('.save-row')?.querySelector('[data-testid="save-status"]');
        if (!note?.textContent?.includes(expected) || (button as HTMLElement).offsetParent === null) continue;
        const b = button.getBoundingClientRect();
        const n = note.getBoundingClientRect();
        return { sameLine: n.top < b.bottom && n.bottom > b.top, gap: n.left - b.right, role: note.getAttribute('role') };
      }
      return null;
    },
    { timeout: 10_000 },
    byId(buttonId),
    text,
  );
  return (await handle.jsonValue()) as { sameLine: boolean; gap: number; role: string };
}

it('a group page has four tabs, one Save each, keeps unsaved changes across tabs, and says each success beside its Save', async () => {
  const { server, tech: admin, pageErrors } = rig;
  await admin.setViewport({ width: 1280, height: 720 });
  await setupOwner(admin, server.url);
  await admin.goto(`${server.url}/admin`);
  await admin.click(`${byId('tree-group-Technicians')} > .tree-row`);
  await admin.waitForSelector(byId('admin-tab-general'));

  // ARIA tabs: one tablist, four tabs, the first selected; arrows move between them.
  const tabs = await admin.$$eval('[role="tablist"] [role="tab"]', (els) => els.map((e) => [e.textContent, e.getAttribute('aria-selected')]));
  expect(tabs).toEqual([['General', 'true'], ['Rights', 'false'], ['Security', 'false'], ['Members and invitations', 'false']]);
  for (const tab of ['general', 'rights', 'security', 'members']) {
    await admin.click(byId(`admin-tab-${tab}`));
    expect(await admin.$$eval(`${openPanel('group')} button[type="submit"]:not(.secondary)`, (els) => els.length), tab).toBe(1);
  }
  await admin.focus(byId('admin-tab-members'));
  await admin.keyboard.press('ArrowRight');
  expect(await admin.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('admin-tab-general');
  expect(await admin.$eval(byId('admin-tab-general'), (el) => el.getAttribute('aria-selected'))).toBe('true');

  // A change typed in General survives a look at Rights, and the tab says it is not saved.
  await typeInto(admin, 'group-name', 'Front line');
  await admin.click(byId('admin-tab-rights'));
  expect(await admin.$(`${byId('admin-tab-general')} ${byId('tab-unsaved')}`)).not.toBeNull();
  await admin.click(byId('admin-tab-general'));
  expect(await admin.$eval(byId('group-name'), (el) => (el as HTMLInputElement).value)).toBe('Front line');
  // The Save in view first (the form is taller than a laptop's window), as the person scrolls to it; then measure.
  await admin.$eval(byId('group-save'), (el) => el.scrollIntoView({ block: 'center' }));
  const before = await admin.$eval(byId('group-name'), (el) => el.getBoundingClientRect().top);
  await admin.click(byId('group-save'));
  const saved = await noteBeside(admin, 'group-save', 'Group saved.');
  expect(saved).toMatchObject({ sameLine: true, role: 'status' });
  expect(saved.gap).toBeGreaterThanOrEqual(0);
  // Nothing above the form moved to make room for the message.
  expect(await admin.$eval(byId('group-name'), (el) => el.getBoundingClientRect().top)).toBe(before);
  expect(await admin.$(`${byId('admin-tab-general')} ${byId('tab-unsaved')}`)).toBeNull();
  await admin.waitForSelector(byId('tree-group-Front line'));
  expect(await accessibilityViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-group-general');

  await admin.click(byId('admin-tab-rights'));
  await admin.select(byId('permission-recordSessions'), 'off');
  await admin.click(byId('permissions-save'));
  expect(await noteBeside(admin, 'permissions-save', 'Rights saved to this group.')).toMatchObject({ sameLine: true });
  // Only rights whose feature exists are offered.
  const rights = await admin.$$eval(`${openPanel('group')} select[data-testid^="permission-"]`, (els) => els.map((e) => e.getAttribute('data-testid')!.slice('permission-'.length)));
  expect(rights).not.toEqual(expect.arrayContaining(['manageFiles']));
  expect(rights).not.toContain('unattendedAccess');
  expect(rights).not.toContain('shareOwnScreen');
  expect(await accessibilityViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-group-rights');

  await admin.click(byId('admin-tab-security'));
  await admin.click(byId('group-require-2fa'));
  await admin.click(byId('group-require-2fa'));
  await admin.click(byId('group-security-save'));
  expect(await noteBeside(admin, 'group-security-save', 'saved')).toMatchObject({ sameLine: true });
  await screenshot(admin, 'admin-group-security');
  expect(pageErrors).toEqual([]);
});

it('invitations are listed with resend, revoke and a link to copy, which signs the invitee up', async () => {
  const { server, tech: admin, customer: invitee, pageErrors } = rig;
  await admin.browserContext().overridePermissions(server.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
  await admin.goto(`${server.url}/admin`);
  await admin.click(`${byId('tree-group-Front line')} > .tree-row`);
  await admin.click(byId('admin-tab-members'));
  for (const email of ['ola@example.com', 'pim@example.com']) {
    await typeInto(admin, 'invite-email', email);
    await admin.click(byId('invite-submit'));
    expect(await noteBeside(admin, 'invite-submit', `Invitation sent to ${email}.`)).toMatchObject({ sameLine: true });
    await admin.waitForSelector(`${byId('invitation-row')}[data-email="${email}"] ${byId('invitation-link')}`);
  }
  const row = (email: string) => `${byId('invitation-row')}[data-email="${email}"]`;
  const first = await admin.$eval(`${row('ola@example.com')} ${byId('invitation-link')}`, (el) => (el as HTMLInputElement).value);
  expect(first).toMatch(/\/signup\/[a-z0-9]+$/);
  expect(await accessibilityViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-invitations', { fullPage: true });

  // Resend: a new link beside the row, the success beside the button; the old link is dead.
  await admin.click(`${row('ola@example.com')} ${byId('invitation-resend')}`);
  await admin.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('New link sent to ola@example.com.'), { timeout: 10_000 }, `${row('ola@example.com')} ${byId('save-status')}`);
  const second = await admin.$eval(`${row('ola@example.com')} ${byId('invitation-link')}`, (el) => (el as HTMLInputElement).value);
  expect(second).not.toBe(first);
  await invitee.goto(first);
  expect(await invitee.evaluate(() => document.body.textContent)).toContain('This link does not work any more');

  // Copy puts the link on the clipboard, as it is.
  await admin.click(`${row('ola@example.com')} ${byId('invitation-copy')}`);
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(second);

  // Revoke asks first; then the row goes and its link is dead.
  await admin.click(`${row('pim@example.com')} ${byId('invitation-revoke')}`);
  await admin.click(`${row('pim@example.com')} ${byId('invitation-revoke-confirm')}`);
  await admin.waitForFunction((sel) => !document.querySelector(sel), { timeout: 10_000 }, row('pim@example.com'));
  await admin.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Invitation for pim@example.com revoked.'), { timeout: 10_000 }, byId('admin-status'));

  // The copied link signs Ola up in her own browser.
  await invitee.goto(second);
  await typeInto(invitee, 'signup-name', 'Ola Tech');
  await typeInto(invitee, 'signup-password', 'a long enough password');
  await Promise.all([invitee.waitForNavigation(), invitee.click(byId('signup-submit'))]);
  await invitee.waitForSelector(byId('new-session'));
  await admin.reload();
  await admin.click(`${byId('tree-group-Front line')} > .tree-row`);
  await admin.click(byId('admin-tab-members'));
  await admin.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Ola Tech'), {}, byId('group-members'));
  expect(await admin.$(row('ola@example.com'))).toBeNull();
  expect(pageErrors).toEqual([]);
});

it('a person page has tabs too: General with one Save for name and group, Rights read from the group, Security', async () => {
  const { server, tech: admin, pageErrors } = rig;
  await admin.goto(`${server.url}/admin`);
  await admin.click(`${byId('tree-person-ola@example.com')} > .tree-row`);
  await admin.waitForSelector(byId('person-save'));
  expect(await admin.$$eval('[role="tablist"] [role="tab"]', (els) => els.map((e) => e.textContent))).toEqual(['General', 'Rights', 'Security']);
  await admin.click('#person-nickname', { count: 3 });
  await admin.type('#person-nickname', 'Ola from support');
  await admin.click(byId('person-save'));
  expect(await noteBeside(admin, 'person-save', 'Ola Tech saved.')).toMatchObject({ sameLine: true });
  await screenshot(admin, 'admin-person-general');
  await admin.click(byId('admin-tab-rights'));
  const rights = await admin.$eval(byId('person-rights'), (el) => el.textContent ?? '');
  expect(rights).toContain('Record sessions');
  expect(await admin.$eval(`${openPanel('person')} p`, (el) => el.textContent)).toContain('Front line');
  await admin.click(byId('admin-tab-security'));
  await admin.click(byId('person-require-2fa'));
  await admin.click(byId('person-security-save'));
  expect(await noteBeside(admin, 'person-security-save', 'Security saved.')).toMatchObject({ sameLine: true });
  expect(await accessibilityViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-person-security');

  // Dark, and a phone: the same pages, still accessible.
  await admin.evaluate(() => localStorage.setItem('lifeline.theme', 'dark'));
  for (const [name, viewport] of [['desktop', { width: 1280, height: 720 }], ['phone', { width: 390, height: 844, isMobile: true, hasTouch: true }]] as const) {
    await admin.setViewport(viewport);
    await admin.reload();
    await choose(admin, byId('tree-group-Front line'));
    await choose(admin, byId('admin-tab-members'));
    await admin.waitForSelector(byId('invite-email'), { visible: true });
    expect(await accessibilityViolations(admin), name).toEqual([]);
    // Every page link of the bar can be clicked where it is drawn: nothing of the bar lies over it.
    const covered = await admin.$$eval('.staff-topbar nav a', (links) => links.filter((a) => {
      const r = a.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !(hit === a || a.contains(hit));
    }).map((a) => a.textContent));
    expect(covered, name).toEqual([]);
    await screenshot(admin, `admin-invitations-dark-${name}`);
    await choose(admin, byId('admin-tab-rights'));
    // Nothing wider than the screen: no sideways scrolling, on a phone either.
    expect(await admin.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), name).toBe(true);
    await screenshot(admin, `admin-group-rights-dark-${name}`, { fullPage: true });
    await choose(admin, byId('tree-person-ola@example.com'));
    await admin.waitForSelector(byId('person-save'), { visible: true });
    expect(await accessibilityViolations(admin), name).toEqual([]);
    await screenshot(admin, `admin-person-dark-${name}`);
  }
  await admin.evaluate(() => localStorage.setItem('lifeline.theme', 'light'));
  await admin.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await admin.reload();
  await choose(admin, byId('tree-group-Front line'));
  await admin.waitForSelector(byId('group-save'), { visible: true });
  await screenshot(admin, 'admin-group-general-phone');
  await admin.setViewport({ width: 1280, height: 720 });
  expect(pageErrors).toEqual([]);
});
