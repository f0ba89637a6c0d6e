import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe';
import { screenshot } from './support/browser';
import { byId, consent, createSession, endSession, enterCode, openPanelTab, OWNER, sendChat, setupOwner, typeInto, waitForChat } from './support/flows';
import { useRig } from './support/rig';

const CUSTOMER = 'Lena Logan, Ltd.';
const FROM_TECHNICIAN = 'Hello Lena, let us look at your printer.';
const FROM_CUSTOMER = 'Thanks! It says <paper jam> again.';
const NOTES = 'Printer driver reinstalled.\nFollow up on Friday.';

const rig = useRig();

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

it('logs an ended session with its timeline, filters, CSV export and no accessibility violations', async () => {
  const { server, tech, customer, pageErrors } = rig;
  // A session with chat both ways, notes and a pushed link, ended by the technician.
  await setupOwner(tech, server.url);
  const { code } = await createSession(tech, CUSTOMER);
  await enterCode(customer, server.url, code);
  await consent(customer);
  await sendChat(tech, FROM_TECHNICIAN);
  await waitForChat(customer, FROM_TECHNICIAN);
  await sendChat(customer, FROM_CUSTOMER);
  await waitForChat(tech, FROM_CUSTOMER);
  await openPanelTab(tech, 'notes');
  await typeInto(tech, 'notes-input', NOTES);
  await tech.waitForFunction((sel) => document.querySelector(sel)?.textContent?.startsWith('Saved'), { timeout: 10_000 }, byId('notes-status'));
  await typeInto(tech, 'url-input', 'https://example.com/printer-driver');
  await tech.click(byId('url-push'));
  await tech.waitForFunction(() => document.body.textContent?.includes('Sent: https://example.com/printer-driver'), { timeout: 10_000 });
  await endSession(tech);
  await tech.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'closed', { timeout: 15_000 }, byId('session-status'));

  // The console's top bar leads to the log, which opens on sessions in progress: the ended one is not there.
  await screenshot(tech, 'console-log-link');
  await Promise.all([tech.waitForNavigation(), tech.click(byId('session-log-link'))]);
  expect(new URL(tech.url()).pathname).toBe('/console/log');
  await tech.waitForSelector(byId('log-view'));
  expect(await tech.$eval(byId('log-view'), (el) => (el as HTMLSelectElement).value)).toBe('active');
  expect(await tech.$$(byId('log-row'))).toHaveLength(0);
  // The owner is the master administrator: they may pick a technician.
  expect(await tech.$(byId('log-technician'))).not.toBeNull();

  // Filter to ended sessions created today (UTC), with the keyboard as a technician would.
  const today = new Date().toISOString().slice(0, 10);
  await tech.select(byId('log-view'), 'closed');
  await tech.$eval(byId('log-from'), (el, value) => ((el as HTMLInputElement).value = value), today);
  await tech.$eval(byId('log-to'), (el, value) => ((el as HTMLInputElement).value = value), today);
  await tech.focus(byId('log-apply'));
  await Promise.all([tech.waitForNavigation(), tech.keyboard.press('Enter')]);
  const search = new URL(tech.url()).searchParams;
  expect(Object.fromEntries(search)).toMatchObject({ view: 'closed', from: today, to: today });

  const row = (await tech.waitForSelector(`${byId('log-table')} ${byId('log-row')}`))!;
  expect(await tech.$$(byId('log-row'))).toHaveLength(1);
  const sessionId = await row.evaluate((el) => el.getAttribute('data-session-id')!);
  expect(sessionId).toMatch(/^[a-z2-7]{24}$/);
  const cells = await row.$$eval('th, td', (els) => els.map((el) => el.textContent!.trim()));
  expect(cells).toEqual(expect.arrayContaining([CUSTOMER, OWNER.name, 'Closed', 'Ended by the technician', '2', '0']));
  expect(await accessibilityViolations(tech)).toEqual([]);
  await screenshot(tech, 'log-list');

  // The CSV link carries the same filters; downloaded with the page's cookie, it holds the same row.
  const csvHref = await tech.$eval(byId('log-csv'), (el) => (el as HTMLAnchorElement).href);
  expect(Object.fromEntries(new URL(csvHref).searchParams)).toEqual({ view: 'closed', from: today, to: today });
  const download = await tech.evaluate(async (href) => {
    const response = await fetch(href);
    return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), text: await response.text() };
  }, csvHref);
  expect(download.status).toBe(200);
  expect(download.type).toMatch(/^text\/csv/);
  expect(download.disposition).toMatch(/^attachment; filename="lifeline-sessions-ended-.*\.csv"$/);
  const [header, ...rows] = parseCsv(download.text);
  expect(header).toEqual(['session_id', 'customer', 'technician', 'state', 'created_utc', 'joined_utc', 'closed_utc', 'duration_seconds', 'end_reason', 'chat_messages', 'files', 'channel', 'rating', 'rating_comment']);
  expect(rows).toHaveLength(1);
  const [csvRow] = rows;
  expect(csvRow.slice(0, 4)).toEqual([sessionId, CUSTOMER, OWNER.name, 'closed']);
  expect(csvRow[4].startsWith(today)).toBe(true);
  expect(Number(csvRow[7])).toBeGreaterThanOrEqual(0);
  // A private session: no channel; the customer did not rate it.
  expect(csvRow.slice(8)).toEqual(['technician_ended', '2', '0', '', '', '']);
  // The customer name holds a comma: the raw line quotes it.
  expect(download.text).toContain(`,"${CUSTOMER}",`);

  // The export asks for a sign-in and checks its filters, answering JSON with a code.
  const anonymous = await fetch(`${server.url}/api/log.csv?view=closed`);
  expect(anonymous.status).toBe(401);
  expect(await anonymous.json()).toMatchObject({ ok: false, code: 'unauthorized' });
  const badFilter = await tech.evaluate(async () => {
    const response = await fetch('/api/log.csv?view=everything');
    return { status: response.status, body: await response.json() };
  });
  expect(badFilter).toMatchObject({ status: 400, body: { ok: false, code: 'bad_request', field: 'view' } });

  // The session's timeline: who did what, the chat as text, the link, the end, and the notes.
  await Promise.all([tech.waitForNavigation(), row.$eval(byId('log-open'), (el) => (el as HTMLAnchorElement).click())]);
  expect(new URL(tech.url()).pathname).toBe(`/console/log/${sessionId}`);
  await tech.waitForSelector(byId('timeline'));
  const events = await tech.$$eval(byId('timeline-event'), (els) => els.map((el) => ({ type: el.getAttribute('data-type'), text: el.textContent ?? '' })));
  expect(events.map((e) => e.type)).toEqual(['created', 'joined', 'consented', 'chat', 'chat', 'url_pushed', 'ended']);
  expect(events[3].text).toContain(FROM_TECHNICIAN);
  expect(events[3].text).toContain(OWNER.name);
  expect(events[4].text).toContain(FROM_CUSTOMER);
  expect(events[4].text).toContain(CUSTOMER);
  expect(events[2].text).toContain('consented to: chat, screen view');
  expect(events[5].text).toContain('https://example.com/printer-driver');
  expect(events[6].text).toContain('ended the session Ended by the technician');
  // Chat is shown as text: the customer's angle brackets did not become an element.
  expect(await tech.$$eval(`${byId('timeline')} paper`, (els) => els.length)).toBe(0);
  expect(await tech.$eval(byId('session-notes'), (el) => (el as HTMLElement).innerText)).toContain('Follow up on Friday.');
  expect(await accessibilityViolations(tech)).toEqual([]);
  await screenshot(tech, 'log-timeline');

  // The log verifies as written; after someone edits the customer's message in the database it names that event.
  const verifyLog = async (state: string) => {
    await tech.click(byId('log-verify'));
    await tech.waitForSelector(`${byId('log-verify-result')}[data-state="${state}"]`, { timeout: 10_000 });
    return tech.$eval(byId('log-verify-result'), (el) => el.textContent ?? '');
  };
  expect(await verifyLog('intact')).toBe('Chain intact: 7 events, as they were written.');
  const database = new Database(path.join(server.dataDir, 'lifeline.sqlite'));
  database.prepare("UPDATE session_events SET data = replace(data, 'paper jam', 'no problem') WHERE session_id = ? AND type = 'chat'").run(sessionId);
  database.close();
  await tech.reload();
  expect(await verifyLog('broken')).toMatch(/^Event #5 \(chat message, .+\) was changed or removed after it was written\.$/);
  // The event named links to its entry in the timeline.
  await tech.click(`${byId('log-verify-result')} a`);
  expect(await tech.evaluate(() => [location.hash, document.querySelector(':target')?.textContent ?? ''])).toEqual(['#event-5', expect.stringContaining('no problem')]);
  expect(await accessibilityViolations(tech)).toEqual([]);
  await screenshot(tech, 'log-verify-broken');

  // Dark theme, and the way back keeps the filters.
  await tech.evaluate(() => localStorage.setItem('lifeline.theme', 'dark'));
  await tech.reload();
  await tech.waitForSelector(byId('timeline'));
  expect(await accessibilityViolations(tech)).toEqual([]);
  await tech.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await screenshot(tech, 'log-timeline-dark');
  await Promise.all([tech.waitForNavigation(), tech.click(byId('log-back'))]);
  expect(Object.fromEntries(new URL(tech.url()).searchParams)).toEqual({ view: 'closed', from: today, to: today });
  await tech.waitForSelector(byId('log-row'));
  expect(await accessibilityViolations(tech)).toEqual([]);
  await screenshot(tech, 'log-list-dark');

  expect(pageErrors).toEqual([]);
});

it('shows file transfers with both sides\' hashes, screenshots and recordings in the timeline', async () => {
  const { server, tech, pageErrors } = rig;
  await tech.goto(`${server.url}/console`);
  await createSession(tech, 'Fiona Files');
  // Evidence and transfers come from other features; here their stored events are written as those features do.
  const database = new Database(path.join(server.dataDir, 'lifeline.sqlite'));
  const { id: sessionId } = database.prepare('select id from support_sessions where customer_name = ?').get('Fiona Files') as { id: string };
  const sha256 = 'a'.repeat(64);
  const md5 = 'b'.repeat(32);
  const transfer = { id: 'f1', name: 'driver-setup.exe', size: 52_428_800, state: 'done', ok: true, sha256, md5, peerSha256: sha256, peerMd5: md5, error: null };
  const events: [string, string, Record<string, unknown>][] = [
    ['technician', 'file_transferred', { ...transfer, direction: 'outgoing' }],
    ['customer', 'file_transferred', { ...transfer, direction: 'incoming' }],
    ['customer', 'file_transferred', { ...transfer, id: 'f2', name: 'photo.jpg', size: 1000, direction: 'outgoing', state: 'declined', ok: false, sha256: null, md5: null, peerSha256: null, peerMd5: null, error: 'declined' }],
    ['technician', 'screenshot_taken', { screenshotId: 'abcdefghijklmnop', width: 1280, height: 720, bytes: 4096 }],
    ['technician', 'recording_started', { recordingId: 'qrstuvwxyz234567' }],
    ['technician', 'recording_stopped', { recordingId: 'qrstuvwxyz234567', durationMs: 65_000, bytes: 3_500_000 }],
  ];
  const insert = database.prepare('insert into session_events (session_id, at, actor, type, data) values (?, ?, ?, ?, ?)');
  for (const [actor, type, data] of events) insert.run(sessionId, Date.now(), actor, type, JSON.stringify(data));
  database.close();

  await tech.goto(`${server.url}/console/log/${sessionId}`);
  await tech.waitForSelector(byId('timeline'));
  const types = await tech.$$eval(byId('timeline-event'), (els) => els.map((el) => el.getAttribute('data-type')));
  expect(types).toEqual(['created', 'file_transferred', 'file_transferred', 'file_transferred', 'screenshot_taken', 'recording_started', 'recording_stopped']);
  const files = await tech.$$eval(`${byId('timeline-event')}[data-type="file_transferred"]`, (els) => els.map((el) => (el as HTMLElement).innerText));
  expect(files[0]).toContain('sent the file driver-setup.exe (50.0 MB) Completed');
  expect(files[0]).toContain(sha256);
  expect(files[0]).toContain(md5);
  expect(files[0]).toContain('Both sides computed the same hashes.');
  expect(files[1]).toContain('received the file driver-setup.exe');
  expect(files[2]).toContain('sent the file photo.jpg (1000 B) Declined');
  expect(await tech.$eval(`${byId('timeline-event')}[data-type="screenshot_taken"] img`, (el) => ({ src: new URL((el as HTMLImageElement).src).pathname, link: new URL((el.parentElement as HTMLAnchorElement).href).pathname, alt: el.getAttribute('alt') }))).toEqual({
    src: `/api/sessions/${sessionId}/screenshots/abcdefghijklmnop`,
    link: `/api/sessions/${sessionId}/screenshots/abcdefghijklmnop`,
    alt: expect.stringContaining('Screenshot of Fiona Files\'s screen'),
  });
  const recording = await tech.$eval(`${byId('timeline-event')}[data-type="recording_stopped"]`, (el) => ({ src: new URL(el.querySelector('video')!.src).pathname, controls: el.querySelector('video')!.controls, text: (el as HTMLElement).innerText }));
  expect(recording).toMatchObject({ src: `/api/sessions/${sessionId}/recordings/qrstuvwxyz234567`, controls: true });
  expect(recording.text).toContain('stopped recording (1 min 05 s, 3.3 MB)');
  expect(await tech.$eval(byId('session-notes'), (el) => el.textContent)).toContain('No notes were taken.');
  expect(await accessibilityViolations(tech)).toEqual([]);
  await tech.evaluate(() => document.querySelector('[data-type="file_transferred"]')?.scrollIntoView());
  await screenshot(tech, 'log-timeline-evidence-dark');
  await tech.evaluate(() => localStorage.setItem('lifeline.theme', 'light'));
  await tech.reload();
  await tech.waitForSelector(byId('timeline'));
  await tech.evaluate(() => document.querySelector('[data-type="file_transferred"]')?.scrollIntoView());
  await screenshot(tech, 'log-timeline-evidence');

  // Sessions in progress are the log's first view, with a running duration only once a customer joined.
  await tech.goto(`${server.url}/console/log`);
  const row = (await tech.waitForSelector(`${byId('log-row')}[data-session-id="${sessionId}"]`))!;
  expect(await row.$$eval('td', (els) => els.map((el) => el.textContent!.trim()))).toEqual([OWNER.name, 'Waiting for customer', expect.any(String), '–', '0', '2']);
  expect(await accessibilityViolations(tech)).toEqual([]);
  // On a phone the table scrolls sideways inside its own region; the filters stack.
  await tech.setViewport({ width: 390, height: 844 });
  await tech.reload();
  await tech.waitForSelector(byId('log-row'));
  expect(await accessibilityViolations(tech)).toEqual([]);
  await screenshot(tech, 'log-list-phone');
  await tech.goto(`${server.url}/console/log/${sessionId}`);
  await tech.waitForSelector(byId('timeline'));
  await screenshot(tech, 'log-timeline-phone');
  await tech.setViewport({ width: 1280, height: 800 });
  await tech.goto(`${server.url}/console/log`);

  // Signed out, the log asks for a sign-in in place and comes back to itself.
  await tech.click(byId('sign-out'));
  await tech.waitForSelector(byId('login-email'));
  expect(new URL(tech.url()).pathname).toBe('/console/log');
  await typeInto(tech, 'login-email', OWNER.email);
  await typeInto(tech, 'login-password', OWNER.password);
  await tech.click(byId('login-submit'));
  await tech.waitForSelector(byId('log-view'));
  expect(pageErrors).toEqual([]);
});
