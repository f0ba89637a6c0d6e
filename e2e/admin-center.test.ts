import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../protocol';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, setupOwner, typeInto } from './support/flows';
import { useRig } from './support/rig';

// The master administrator in one Chromium, the invited technician in another.
const rig = useRig();

const NIA = { email: 'nia@example.com', name: 'Nia Tech', password: 'a long enough password' };

/** Waits until the admin center's toast reports `text` (actions without a Save: drag and drop, imports). */
async function adminSays(page: typeof rig.tech, text: string) {
  await page.waitForFunction((sel, expected) => document.querySelector(sel)?.textContent?.includes(expected), { timeout: 10_000 }, byId('admin-status'), text);
}

/** Waits until the Save (or other submit) `buttonId` reports `text` beside itself, where the person clicked. */
async function savedBeside(page: typeof rig.tech, buttonId: string, text: string) {
  await page.waitForFunction(
    (sel, expected) => [...document.querySelectorAll(sel)].some((button) => button.closest('.save-row')?.querySelector('[data-testid="save-status"]')?.textContent?.includes(expected)),
    { timeout: 10_000 },
    byId(buttonId),
    text,
  );
}

/** The group a tree item sits in, read from the tree the person sees. */
function groupOfPerson(page: typeof rig.tech, email: string) {
  return page.$eval(byId(`tree-person-${email}`), (el) => el.parentElement?.closest('[data-kind="group"]')?.querySelector('.tree-label')?.textContent ?? null);
}

/**
 * Drags a tree row onto a group with the real mouse, as a person does: press, move onto the group, wait until it
 * shows it will take the drop, release. Released before Chromium's drag session reached the group, the drop lands
 * nowhere: most likely why this test once failed in CI, with puppeteer's drop() (a single move, then release).
 */
async function dragOntoGroup(page: typeof rig.tech, sourceSelector: string, group: string) {
  const source = await (await page.$(sourceSelector))!.clickablePoint();
  const target = await (await page.$(`${byId(`tree-group-${group}`)} > .tree-row`))!.clickablePoint();
  await page.mouse.move(source.x, source.y);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 10 });
  const highlighted = `${byId(`tree-group-${group}`)}.drop-target`;
  // Until the group lights up, the hand keeps moving over it.
  for (let nudge = 1; !(await page.$(highlighted)); nudge++) {
    if (nudge > 50) throw new Error(`the group ${group} never offered to take the drop`);
    await page.mouse.move(target.x + (nudge % 2 ? 2 : -2), target.y);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await page.mouse.up();
}

it('a master administrator builds a tree, invites a technician, moves them by drag and drop, and a group without private sessions cannot create one', async () => {
  const { server, tech: admin, customer: technician, pageErrors } = rig;
  await setupOwner(admin, server.url);

  // The console leads to the admin center; a fresh organisation has one group, "Technicians".
  await Promise.all([admin.waitForNavigation(), admin.click(byId('admin-link'))]);
  await admin.waitForSelector(byId('org-tree'));
  expect(await admin.$$eval(`${byId('org-tree')} [data-kind="group"] .tree-label`, (els) => els.map((e) => e.textContent))).toEqual(['Technicians']);

  // Right-click a group: its menu creates a subgroup.
  await admin.click(byId('tree-group-Technicians'), { button: 'right' });
  await admin.waitForSelector(byId('tree-menu'));
  await admin.click(`${byId('tree-menu')} button::-p-text(New subgroup)`);
  await admin.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'new-group-name');
  await admin.keyboard.type('Observers');
  await admin.click(byId('new-group-submit'));
  await savedBeside(admin, 'new-group-submit', 'Group Observers created.');
  await admin.waitForSelector(byId('tree-group-Observers'));

  // Invite Nia into Technicians; with no SMTP configured, the mail waits in the outbox.
  await admin.click(`${byId('tree-group-Technicians')} > .tree-row`);
  await admin.click(byId('admin-tab-members'));
  await typeInto(admin, 'invite-email', NIA.email);
  await admin.click(byId('invite-submit'));
  await savedBeside(admin, 'invite-submit', `Invitation sent to ${NIA.email}.`);
  await admin.goto(`${server.url}/admin/outbox`);
  const link = await admin.$eval(`${byId('outbox')} a`, (a) => (a as HTMLAnchorElement).href);
  expect(link).toMatch(/\/signup\/[a-z0-9]+$/);
  expect(await accessibilityViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-outbox');

  // Nia follows the link in her own browser, signs up, and lands in a console that may create sessions.
  await technician.goto(link);
  await typeInto(technician, 'signup-name', NIA.name);
  await typeInto(technician, 'signup-password', NIA.password);
  expect(await accessibilityViolations(technician)).toEqual([]);
  await screenshot(technician, 'signup');
  await Promise.all([technician.waitForNavigation(), technician.click(byId('signup-submit'))]);
  await technician.waitForSelector(byId('new-session'));
  expect(await technician.$eval(byId('new-session'), (b) => (b as HTMLButtonElement).disabled)).toBe(false);
  expect(await technician.$(byId('admin-link'))).toBeNull();

  // Observers may not start private sessions.
  await admin.goto(`${server.url}/admin`);
  await admin.waitForSelector(byId('tree-group-Observers'));
  await admin.click(`${byId('tree-group-Observers')} > .tree-row`);
  await admin.waitForFunction(() => document.querySelector('#group-title')?.textContent === 'Group: Observers');
  await admin.click(byId('admin-tab-rights'));
  await admin.select(byId('permission-privateSessions'), 'off');
  await admin.click(byId('permissions-save'));
  await savedBeside(admin, 'permissions-save', 'Rights saved to this group.');

  // Drag Nia from Technicians onto Observers (a real mouse drag: Chromium runs the HTML drag and drop).
  expect(await groupOfPerson(admin, NIA.email)).toBe('Technicians');
  await dragOntoGroup(admin, `${byId(`tree-person-${NIA.email}`)} > .tree-row`, 'Observers');
  await adminSays(admin, `${NIA.name} moved to Observers.`);
  await admin.waitForFunction((email) => document.querySelector(`[data-testid="tree-person-${email}"]`)?.parentElement?.closest('[data-kind="group"]')?.getAttribute('data-testid') === 'tree-group-Observers', { timeout: 10_000 }, NIA.email);
  expect(await accessibilityViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-tree');

  // The keyboard way: select Nia in the tree with the arrow keys and move her back with her form.
  await admin.focus(`${byId('tree-group-Observers')}`);
  await admin.keyboard.press('ArrowDown');
  await admin.keyboard.press('Enter');
  await admin.waitForSelector(byId('person-group'));
  await admin.select(byId('person-group'), await admin.$eval(byId('tree-group-Technicians'), (el) => el.getAttribute('data-id')!));
  await admin.click(byId('person-save'));
  await savedBeside(admin, 'person-save', `${NIA.name} saved.`);
  await admin.waitForFunction((email) => document.querySelector(`[data-testid="tree-person-${email}"]`)?.parentElement?.closest('[data-kind="group"]')?.getAttribute('data-testid') === 'tree-group-Technicians', { timeout: 10_000 }, NIA.email);
  await dragOntoGroup(admin, `${byId(`tree-person-${NIA.email}`)} > .tree-row`, 'Observers');
  await adminSays(admin, `${NIA.name} moved to Observers.`);

  // Dark theme stays accessible.
  await admin.evaluate(() => localStorage.setItem('lifeline.theme', 'dark'));
  await admin.reload();
  await admin.waitForSelector(byId('org-tree'));
  expect(await accessibilityViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-tree-dark');

  // Nia's console no longer offers a new session, and says why.
  await technician.reload();
  await technician.waitForSelector(byId('new-session-why'));
  expect(await technician.$eval(byId('new-session'), (b) => (b as HTMLButtonElement).disabled)).toBe(true);
  await screenshot(technician, 'console-without-private-sessions');

  // The server refuses too: her own sign-in, straight to the socket.
  const cookie = (await technician.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const socket = io(server.url, { auth: { role: 'technician', protocolVersion: PROTOCOL_VERSION }, extraHeaders: { cookie }, transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = await socket.timeout(5000).emitWithAck('session:create', { customerName: 'Ann' });
    expect(ack).toMatchObject({ ok: false, code: 'forbidden' });
  } finally {
    socket.disconnect();
  }

  // A technician who types /admin is told it is not for them.
  await technician.goto(`${server.url}/admin`);
  expect(await technician.$(byId('org-tree'))).toBeNull();
  expect(await technician.evaluate(() => document.body.textContent)).toContain('The admin center is for administrators.');
  expect(pageErrors).toEqual([]);
});

it('imports people from a CSV: the preview names each bad row and creates nothing; a clean file invites everyone', async () => {
  const { server, tech: admin } = rig;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-csv-'));
  const bad = path.join(dir, 'people-bad.csv');
  const good = path.join(dir, 'people.csv');
  writeFileSync(bad, 'email;group;admin;two_factor\numa@example.com;Observers;no;yes\nvic@example.com,Sales,no,no\numa@example.com;Technicians;no;no\n');
  writeFileSync(good, 'email;group;admin;two_factor\numa@example.com;Observers;no;yes\nvic@example.com,Technicians,no,no\n');
  try {
    await admin.goto(`${server.url}/admin`);
    const upload = await admin.waitForSelector(byId('csv-upload'));
    await (upload as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(bad);
    await admin.waitForSelector(byId('csv-errors'));
    const errors = await admin.$eval(byId('csv-errors'), (el) => el.textContent ?? '');
    expect(errors).toContain('Line 3 (vic@example.com): There is no group named "Sales".');
    expect(errors).toContain('Line 4 (uma@example.com): uma@example.com appears twice (also on line 2).');
    expect(await admin.$eval(byId('csv-import'), (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-csv-errors');

    await (upload as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(good);
    await admin.waitForFunction((sel) => document.querySelector(sel) && !(document.querySelector(sel) as HTMLButtonElement).disabled, {}, byId('csv-import'));
    expect(await admin.$(byId('csv-errors'))).toBeNull();
    await admin.click(byId('csv-import'));
    await adminSays(admin, '2 invitations sent.');
    await admin.goto(`${server.url}/admin/outbox`);
    const recipients = await admin.$$eval(byId('outbox'), (mails) => mails.map((m) => m.textContent ?? ''));
    expect(recipients.some((t) => t.includes('To uma@example.com') && t.includes('"Observers"'))).toBe(true);
    expect(recipients.some((t) => t.includes('To vic@example.com') && t.includes('"Technicians"'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('the activity log, settings and account pages list what happened and stay accessible', async () => {
  const { server, tech: admin } = rig;
  await admin.goto(`${server.url}/admin/audit`);
  await admin.waitForSelector(byId('audit-log'));
  const actions = await admin.$$eval(byId('audit-log'), (rows) => rows.map((r) => r.getAttribute('data-action')));
  for (const action of ['organisation.setup', 'group.created', 'invitation.sent', 'invitation.accepted', 'person.moved', 'group.permissions_changed']) expect(actions).toContain(action);
  expect(await accessibilityViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-audit');
  for (const page of ['/admin/settings', '/account', '/admin/reports']) {
    await admin.goto(`${server.url}${page}`);
    await admin.waitForSelector('h1');
    expect(await accessibilityViolations(admin), page).toEqual([]);
    await screenshot(admin, page.split('/').filter(Boolean).join('-'));
  }
});


it('a master administrator who chose Dutch gets the admin center in Dutch, with a refused e-mail address explained in Dutch next to its field', async () => {
  const { server, tech: admin, pageErrors } = rig;
  await admin.setCookie({ name: 'lifeline.lang', value: 'nl', url: server.url });
  try {
    await admin.goto(`${server.url}/admin`);
    await admin.waitForSelector(byId('org-tree'));
    expect(await admin.$eval('html', (el) => el.lang)).toBe('nl');
    expect(await admin.$eval('#org-title', (el) => el.textContent)).toBe('Organisatie');
    expect(await admin.title()).toBe('Beheercentrum · Lifeline');

    await admin.click(`${byId('tree-group-Technicians')} > .tree-row`);
    await admin.waitForFunction(() => document.querySelector('#group-title')?.textContent === 'Groep: Technicians');
    await admin.click(byId('admin-tab-members'));
    expect(await admin.$eval(byId('invite-submit'), (el) => el.textContent)).toBe('Uitnodiging versturen');
    await typeInto(admin, 'invite-email', 'not-an-address');
    await admin.click(byId('invite-submit'));
    await admin.waitForSelector('#invite-email-problem');
    expect(await admin.$eval('#invite-email-problem', (el) => el.textContent)).toBe('Vul een e-mailadres in, zoals naam@voorbeeld.nl.');
    expect(await admin.$eval(byId('invite-email'), (el) => [el.getAttribute('aria-invalid'), el.getAttribute('aria-describedby')])).toEqual(['true', 'invite-email-problem']);
    expect(await admin.$eval(byId('admin-status'), (el) => el.textContent)).toBe('');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-invite-error-nl');
  } finally {
    await admin.setCookie({ name: 'lifeline.lang', value: 'en', url: server.url });
  }
  expect(pageErrors).toEqual([]);
});
