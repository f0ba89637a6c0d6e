import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedactionPolicy } from './redaction';
import { MIRROR_WIRE_MAX_BYTES } from '../protocol/cobrowse';
import { type InputMessage, NO_MODIFIERS } from '../protocol/input';
import { utf8Length } from '../protocol/cobrowse-pieces';
import { type CobrowseRig, HOST_BODY, startCobrowseRig, withTimeout } from '../testing/cobrowse/rig';

/**
 * DOM co-browse from end to end in Chromium: the recorder and executor in a host page, the mirror in a console
 * page on another origin, every message relayed through this test (which so sees everything that leaves the
 * customer's page). What a technician does is done with real mouse and keyboard input on the console page, on
 * the mirror as scaled into its box.
 */
let rig: CobrowseRig;

beforeAll(async () => {
  rig = await startCobrowseRig('test');
}, 60_000);

afterAll(async () => {
  await rig?.close();
});

/** Where Things stood, for a wait that gave up. */
async function state(): Promise<unknown> {
  return {
    mirror: await rig.console.evaluate(() => window.lifelineConsole.state()).catch(String),
    consoleReports: await rig.console.evaluate(() => window.lifelineConsole.reports.slice(-5)).catch(String),
    hostReports: await rig.host.evaluate(() => window.lifelineHost.reports.slice(-5)).catch(String),
    hostErrors: await rig.host.evaluate(() => window.lifelineHost.errors).catch(String),
    toConsole: rig.toConsole.slice(-3).map((wire) => wire.slice(0, 160)),
    toHost: rig.toHost.slice(-3),
    pageErrors: rig.pageErrors,
  };
}

async function waitConsole<A>(what: string, check: (arg: A) => boolean, arg?: A, ms = 10_000): Promise<void> {
  await withTimeout(what, ms, rig.console.waitForFunction(check as (arg: unknown) => boolean, { timeout: ms + 1000, polling: 'raf' }, arg), state);
}

async function waitHost<A>(what: string, check: (arg: A) => boolean, arg?: A, ms = 10_000): Promise<void> {
  await withTimeout(what, ms, rig.host.waitForFunction(check as (arg: unknown) => boolean, { timeout: ms + 1000, polling: 50 }, arg), state);
}

/** Opens both pages, starts recording with `policy`, grants control and starts the mirror; resolves once it is live. */
async function begin(policy: RedactionPolicy = {}, hostBody?: string, hostClockSkewMs?: number): Promise<number> {
  await rig.open({ hostBody, hostClockSkewMs });
  await rig.host.evaluate((p) => window.lifelineHost.start(p), policy);
  const epoch = await rig.host.evaluate(() => window.lifelineHost.grant());
  // The mirror starts after the recording, as a console that connects late: it asks for a snapshot.
  await rig.console.evaluate((e) => {
    window.lifelineConsole.setEpoch(e);
    window.lifelineConsole.start();
  }, epoch);
  await waitConsole('the mirror to go live', () => window.lifelineConsole.state()?.status === 'live');
  return epoch;
}

const mirrorText = (selector: string) => rig.console.evaluate((s) => window.lifelineConsole.document()?.querySelector(s)?.textContent ?? null, selector);
const mirrorValue = (selector: string) => rig.console.evaluate((s) => (window.lifelineConsole.document()?.querySelector(s) as HTMLInputElement | null)?.value ?? null, selector);
const hostValue = (selector: string) => rig.host.evaluate((s) => (document.querySelector(s) as HTMLInputElement).value, selector);
const clicks = () => rig.host.evaluate(() => (window as unknown as { clicks: number }).clicks);
const reportsFor = async (count: number) => {
  await waitConsole('the page\'s reports', (n: number) => window.lifelineConsole.reports.length >= n, count);
  return rig.console.evaluate(() => window.lifelineConsole.reports);
};

/** A real click on the console page where the mirrored element shows, through the mirror's scaling. */
async function clickMirror(selector: string): Promise<void> {
  const point = await rig.console.evaluate((s) => {
    const doc = window.lifelineConsole.document()!;
    const element = doc.querySelector(s)!;
    const frame = doc.defaultView!.frameElement!.getBoundingClientRect();
    const scale = window.lifelineConsole.state()!.scale;
    const rect = element.getBoundingClientRect();
    return { x: frame.left + (rect.left + rect.width / 2) * scale, y: frame.top + (rect.top + rect.height / 2) * scale };
  }, selector);
  await rig.console.mouse.click(point.x, point.y);
}

/**
 * Everything relayed so far has arrived: a marker written last on the host page shows in the mirror. A class,
 * because masking keeps classes (the page's look) and drops data attributes of masked elements.
 */
async function drain(marker: string): Promise<void> {
  await rig.host.evaluate((m) => {
    document.getElementById('live')!.className = m;
  }, marker);
  await waitConsole('the marker in the mirror', (m: string) => window.lifelineConsole.document()?.getElementById('live')?.className === m, marker);
}

/** All that left the host page and all the mirror holds, as text to search for secrets. */
async function everythingSeen(): Promise<string> {
  const mirror = await rig.console.evaluate(() => {
    const doc = window.lifelineConsole.document()!;
    const values = [...doc.querySelectorAll('input, textarea, select')].map((field) => (field as HTMLInputElement).value);
    return doc.documentElement.outerHTML + values.join('\n');
  });
  return rig.toConsole.join('\n') + mirror;
}

describe('DOM co-browse, relayed through the test', () => {
  it('shows the page, then text the page writes after recording started', async () => {
    await begin();
    expect(await mirrorText('#title')).toBe('Northwind Outfitters');
    await rig.host.evaluate(() => {
      document.getElementById('live')!.textContent = 'Written after the start';
    });
    await waitConsole('the new text in the mirror', () => window.lifelineConsole.document()?.getElementById('live')?.textContent === 'Written after the start');
    // The mirror fits its 640x480 box: the host's viewport is wider, so it is scaled down.
    const { scale, width } = (await rig.console.evaluate(() => window.lifelineConsole.state()))!;
    expect(width).toBeGreaterThan(640);
    expect(scale).toBeCloseTo(Math.min(640 / width, 480 / (await rig.host.evaluate(() => innerHeight))), 2);
    expect(rig.pageErrors).toEqual([]);
  });

  it('follows the page at once whatever the customer\'s clock says', async () => {
    // rrweb's live mode times events by the recorder's clock: ahead, the mirror would lag by the difference;
    // behind, it would freeze (events "from the past" go to a virtual DOM that live mode never flushes).
    for (const skew of [5000, -5000]) {
      await begin({}, undefined, skew);
      await rig.host.evaluate((s) => {
        document.getElementById('live')!.textContent = `Clock off by ${s}`;
      }, skew);
      await waitConsole(`the change in the mirror with the host's clock off by ${skew} ms`, (s: number) => window.lifelineConsole.document()?.getElementById('live')?.textContent === `Clock off by ${s}`, skew, 2000);
    }
  });

  it('never lets a password, a private element\'s text and attributes, a private list or a hidden token leave the page', async () => {
    await begin();
    // In the snapshot: a masked field shows stars of a fixed length (its length is not told either).
    expect(await mirrorValue('#secret')).toBe('********');
    // The customer types into the password field (real keys), shows it as text, types more; the page rewrites private text.
    await rig.host.evaluate(() => {
      const secret = document.getElementById('secret') as HTMLInputElement;
      secret.focus();
      secret.setSelectionRange(secret.value.length, secret.value.length);
    });
    await rig.host.keyboard.type('typedpw99');
    await rig.host.evaluate(() => {
      document.getElementById('secret')!.setAttribute('type', 'text');
    });
    await rig.host.keyboard.type('shownpw77');
    await rig.host.evaluate(() => {
      document.querySelector('#account b')!.textContent = 'ACCOUNT-NEW-SECRET';
      document.getElementById('account')!.setAttribute('title', 'TITLE-NEW-SECRET');
      (document.getElementById('plan') as HTMLSelectElement).value = 'basic';
      (document.getElementById('csrf') as HTMLInputElement).value = 'CSRF-NEW-0xbeef';
    });
    await drain('after-secrets');
    expect(await hostValue('#secret')).toBe('hunter2hunter2typedpw99shownpw77');
    const seen = await everythingSeen();
    for (const secret of ['hunter2', 'typedpw99', 'shownpw77', 'ACCOUNT-4242-SECRET', 'IBAN-SECRET-9911', 'ACCOUNT-NEW-SECRET', 'TITLE-SECRET-4242', 'TITLE-NEW-SECRET', 'GOLD-PLAN-SECRET', 'CSRF-TOKEN-0xfeed', 'CSRF-NEW-0xbeef', 'OWN-UI-STOP-BUTTON']) {
      expect(seen, secret).not.toContain(secret);
    }
    // Masked, not missing: the mirror keeps the shape of the text.
    expect(await mirrorText('#account')).toMatch(/^\*+ \*+ \*+$/);
    expect(await mirrorValue('#secret')).toBe('********');
    // What is not private arrives as it is.
    expect(seen).toContain('NOTE-SECRET-77');
    expect(await mirrorValue('#coupon')).toBe('COUPON-PUBLIC-5');
  });

  it('masks what a channel lists, and refuses a list it cannot read', async () => {
    await begin({ privateSelectors: ['.customer-notes'] });
    await rig.host.evaluate(() => {
      document.querySelector('.customer-notes')!.append(' NOTE-ADDED-SECRET');
    });
    await drain('after-notes');
    const seen = await everythingSeen();
    expect(seen).not.toContain('NOTE-SECRET-77');
    expect(seen).not.toContain('NOTE-ADDED-SECRET');
    expect(await mirrorText('.customer-notes')).toMatch(/^[* ]+$/);
    // Private for input too.
    const node = await rig.host.evaluate(() => window.lifelineHost.nodeId('.customer-notes'));
    await rig.console.evaluate((n) => window.lifelineConsole.act({ type: 'dom-click', node: n, button: 'left', modifiers: { alt: false, ctrl: false, meta: false, shift: false }, detail: 1 }), node);
    expect((await reportsFor(1)).at(-1)).toMatchObject({ type: 'dom-refused', reason: 'private' });

    await rig.open();
    await expect(rig.host.evaluate(() => window.lifelineHost.start({ privateSelectors: ['div[[['] }))).rejects.toThrow(/not a valid CSS selector/);
  });

  it('a click on a host-page button in the mirror runs the button\'s handler on the host page', async () => {
    await begin();
    await clickMirror('#press');
    await waitHost('the click on the host page', () => (window as unknown as { clicks: number }).clicks === 1);
    expect((await reportsFor(1))[0]).toMatchObject({ type: 'dom-done', seq: 0 });
    // And the page's answer comes back through the recording.
    await waitConsole('the click count in the mirror', () => window.lifelineConsole.document()?.getElementById('clicks')?.textContent === '1');
  });

  it('only a person\'s input acts: the customer\'s own clicks replayed in the mirror and events a console script makes never reach the page', async () => {
    await begin();
    await rig.host.evaluate(() => {
      const w = window as unknown as { menus: number };
      w.menus = 0;
      document.getElementById('press')!.addEventListener('contextmenu', (event) => {
        event.preventDefault();
        w.menus++;
      });
    });
    const box = (await (await rig.host.$('#press'))!.boundingBox())!;
    await rig.host.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
    await rig.host.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { count: 2 });
    await waitHost('the customer\'s clicks', () => (window as unknown as { clicks: number }).clicks === 2);
    // rrweb replays a recorded right click and double click as events on the mirror's element: those are the
    // page's, not the technician's, and a mirror that sent them back would click the page in an endless echo.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rig.host.evaluate(() => (window as unknown as { menus: number }).menus)).toBe(1);
    expect(await clicks()).toBe(2);
    expect(rig.toHost.filter((wire) => wire.includes('"dom-click"'))).toEqual([]);

    // Nor does any event a script makes in the console: only a person's input acts on the page.
    await rig.console.evaluate(() => {
      const doc = window.lifelineConsole.document()!;
      doc.getElementById('press')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      doc.getElementById('name')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', code: 'KeyA', bubbles: true }));
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rig.toHost.filter((wire) => wire.includes('"dom-'))).toEqual([]);
    expect(await clicks()).toBe(2);
  });

  it('typing into a host-page field through the mirror puts the text there', async () => {
    await begin();
    await clickMirror('#name');
    await waitHost('the name field focused', () => document.activeElement?.id === 'name');
    await rig.console.keyboard.type('Hello, Welt é!');
    await rig.console.keyboard.press('Backspace');
    await waitHost('the typed text on the host page', () => (document.getElementById('name') as HTMLInputElement).value === 'Hello, Welt é');
    await waitConsole('the typed text in the mirror', () => (window.lifelineConsole.document()?.getElementById('name') as HTMLInputElement | null)?.value === 'Hello, Welt é');
    const reports = await rig.console.evaluate(() => window.lifelineConsole.reports);
    expect(reports.every((report) => report.type === 'dom-done')).toBe(true);
  });

  it('input to a private field or to Lifeline\'s own controls is refused with a report and changes nothing', async () => {
    await begin();
    await clickMirror('#secret');
    expect((await reportsFor(1))[0]).toMatchObject({ type: 'dom-refused', reason: 'private' });
    const secret = await rig.host.evaluate(() => window.lifelineHost.nodeId('#secret'));
    await rig.console.evaluate((n) => window.lifelineConsole.act({ type: 'dom-text', node: n, mode: 'insert', text: 'typed-by-tech' }), secret);
    await rig.console.evaluate((n) => window.lifelineConsole.act({ type: 'dom-text', node: n, mode: 'set', text: 'set-by-tech' }), secret);
    expect((await reportsFor(3)).slice(1).map((report) => report.type === 'dom-refused' && report.reason)).toEqual(['private', 'private']);
    expect(await hostValue('#secret')).toBe('hunter2hunter2');

    // Lifeline's panel shows as an empty box in the mirror (rrweb keeps a blocked element's class only); a click on it is refused.
    expect(await mirrorText('.lifeline-panel')).toBe('');
    await clickMirror('.lifeline-panel');
    expect((await reportsFor(4))[3]).toMatchObject({ type: 'dom-refused', reason: 'lifeline-own' });
    expect(await rig.host.evaluate(() => (window as unknown as { ownClicks: number }).ownClicks)).toBe(0);
  });

  it('input under a revoked epoch is refused, and stays refused once control is granted anew', async () => {
    const epoch = await begin();
    await rig.host.evaluate(() => window.lifelineHost.revoke());
    await clickMirror('#press');
    expect((await reportsFor(1))[0]).toMatchObject({ type: 'dom-refused', reason: 'revoked', epoch });
    const next = await rig.host.evaluate(() => window.lifelineHost.grant());
    await clickMirror('#press');
    expect((await reportsFor(2))[1]).toMatchObject({ type: 'dom-refused', reason: 'revoked', epoch });
    expect(await clicks()).toBe(0);
    await rig.console.evaluate((e) => window.lifelineConsole.setEpoch(e), next);
    await clickMirror('#press');
    expect((await reportsFor(3))[2]).toMatchObject({ type: 'dom-done', epoch: next });
    expect(await clicks()).toBe(1);
  });

  it('private by default masks all text and fields except the allow-list', async () => {
    await begin({ privateByDefault: { allow: ['.public'] } });
    await rig.host.click('#name');
    await rig.host.keyboard.type('Carla');
    await drain('after-typing');
    expect(await mirrorText('#public-title')).toBe('Today\'s offers');
    expect(await mirrorValue('#coupon')).toBe('COUPON-PUBLIC-5');
    expect(await mirrorText('#title')).toBe('********* **********');
    expect(await mirrorValue('#name')).toBe('********');
    expect(await mirrorValue('#message')).toBe('********');
    const seen = await everythingSeen();
    for (const hidden of ['Northwind', 'Before recording', 'MESSAGE-DEFAULT-TEXT', 'Carla', 'NOTE-SECRET-77', 'Press me']) expect(seen, hidden).not.toContain(hidden);
    // Private inside the allowed part stays private.
    await rig.host.evaluate(() => {
      const span = document.createElement('span');
      span.dataset.lifelinePrivate = '';
      span.textContent = 'PRIVATE-IN-PUBLIC';
      document.querySelector('.public')!.append(span);
    });
    await drain('after-private-in-public');
    expect(await everythingSeen()).not.toContain('PRIVATE-IN-PUBLIC');
  });

  it('a link to another origin is refused and the page stays', async () => {
    await begin();
    await clickMirror('#away');
    expect((await reportsFor(1))[0]).toMatchObject({ type: 'dom-refused', reason: 'navigation' });
    expect(new URL(rig.host.url()).origin).toBe(rig.hostOrigin);
  });

  it('the laser pointer outlines the element on the host page and in the mirror for a moment, and clicks nothing', async () => {
    await begin();
    await rig.console.evaluate(() => window.lifelineConsole.setPointer('laser'));
    await clickMirror('#press');
    await waitHost('the outline on the host page', () => document.getElementById('press')!.hasAttribute('data-lifeline-highlight'));
    await waitConsole('the outline in the mirror', () => window.lifelineConsole.document()?.getElementById('press')?.hasAttribute('data-lifeline-highlight') === true);
    expect(await clicks()).toBe(0);
    await waitHost('the outline gone', () => !document.getElementById('press')!.hasAttribute('data-lifeline-highlight'), undefined, 4000);
  });

  it('the wheel over the mirror scrolls the host page, and the mirror follows', async () => {
    await begin();
    await clickMirror('#title');
    await rig.console.mouse.wheel({ deltaY: 400 });
    await waitHost('the host page scrolled', () => scrollY > 100);
    await waitConsole('the mirror scrolled', () => (window.lifelineConsole.document()?.scrollingElement?.scrollTop ?? 0) > 100);
  });

  it('input by coordinates still works on the same executor, guards and all', async () => {
    const epoch = await begin();
    const centre = (selector: string) =>
      rig.host.evaluate((s) => {
        const rect = document.querySelector(s)!.getBoundingClientRect();
        return { x: (rect.left + rect.width / 2) / innerWidth, y: (rect.top + rect.height / 2) / innerHeight };
      }, selector);
    const press = async (selector: string, seq: number) => {
      const { x, y } = await centre(selector);
      for (const [action, offset] of [['down', 0], ['up', 1]] as const) {
        await rig.host.evaluate(
          (m) => window.lifelineHost.executeInput(m),
          { type: 'button', action, button: 'left', x, y, modifiers: NO_MODIFIERS, seq: seq + offset, sentAt: 1, epoch } satisfies InputMessage,
        );
      }
    };
    await press('#press', 0);
    expect(await clicks()).toBe(1);
    await press('#secret', 2);
    const reports = await rig.host.evaluate(() => window.lifelineHost.inputReports);
    expect(reports.map((report) => report.type === 'input-refused' ? report.reason : report.type)).toEqual(['input-executed', 'input-executed', 'private-field', 'private-field']);
  });

  it('a large page travels in pieces of at most 64 KiB, and a console that reconnects gets a fresh snapshot', async () => {
    const big = `<p id="big">${'Lorem ipsum dolor sit amet — ünïcödé 😀 '.repeat(12_000)}</p>`;
    await begin({}, HOST_BODY + big);
    const pieces = rig.toConsole.filter((wire) => wire.startsWith('{"type":"mirror-piece"'));
    expect(pieces.length).toBeGreaterThan(5);
    expect(Math.max(...rig.toConsole.map(utf8Length))).toBeLessThanOrEqual(MIRROR_WIRE_MAX_BYTES);
    const length = await rig.host.evaluate(() => document.getElementById('big')!.textContent!.length);
    expect((await mirrorText('#big'))?.length).toBe(length);

    // The console goes away and comes back: a new mirror asks, and gets the page as it is now.
    await rig.console.evaluate(() => window.lifelineConsole.dispose());
    await rig.host.evaluate(() => {
      document.getElementById('live')!.textContent = 'Changed while nobody watched';
    });
    const requests = await rig.console.evaluate(() => window.lifelineConsole.snapshotRequests);
    await rig.console.evaluate(() => window.lifelineConsole.start());
    await waitConsole('the new mirror live', () => window.lifelineConsole.state()?.status === 'live');
    expect(await rig.console.evaluate(() => window.lifelineConsole.snapshotRequests)).toBe(requests + 1);
    expect(await mirrorText('#live')).toBe('Changed while nobody watched');
  });
});

describe('DOM co-browse over a WebRTC data channel', () => {
  let webrtc: CobrowseRig;

  beforeAll(async () => {
    webrtc = await startCobrowseRig('webrtc', { browser: rig.browser });
  }, 60_000);

  afterAll(async () => {
    await webrtc?.close();
  });

  it('mirrors the page and carries a click back', async () => {
    await webrtc.open();
    await webrtc.host.evaluate(() => window.lifelineHost.start({}));
    const epoch = await webrtc.host.evaluate(() => window.lifelineHost.grant());
    await webrtc.console.evaluate((e) => {
      window.lifelineConsole.setEpoch(e);
      window.lifelineConsole.start();
    }, epoch);
    const describe = async () => ({ console: await webrtc.console.evaluate(() => ({ state: window.lifelineConsole.state(), link: window.lifelineConsole.describeLink() })), errors: webrtc.pageErrors });
    await withTimeout('the mirror live over the data channel', 10_000, webrtc.console.waitForFunction(() => window.lifelineConsole.state()?.status === 'live', { timeout: 11_000 }), describe);
    const node = await webrtc.host.evaluate(() => window.lifelineHost.nodeId('#press'));
    await webrtc.console.evaluate((n) => window.lifelineConsole.act({ type: 'dom-click', node: n, button: 'left', modifiers: { alt: false, ctrl: false, meta: false, shift: false }, detail: 1 }), node);
    await withTimeout('the click count in the mirror', 10_000, webrtc.console.waitForFunction(() => window.lifelineConsole.document()?.getElementById('clicks')?.textContent === '1', { timeout: 11_000 }), describe);
    // Nothing went through the test's relay.
    expect(webrtc.toConsole).toEqual([]);
    expect(webrtc.pageErrors).toEqual([]);
  });
});
