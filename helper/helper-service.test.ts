import { describe, expect, it } from 'vitest';
import type { HelperRights } from '../protocol/helper';
import { info, setup } from '../testing/helper-service';

const all: HelperRights = { systemInfo: true, clipboardSync: true, reboot: true };
const none: HelperRights = { systemInfo: false, clipboardSync: false, reboot: false };

describe('helper channel rights', () => {
  it('answers a system information request only with the right', async () => {
    const allowed = setup(all);
    await allowed.receive({ type: 'system-info-request', id: 'req1' });
    expect(allowed.sent).toEqual([{ type: 'system-info', id: 'req1', info }]);
    const denied = setup(none);
    await denied.receive({ type: 'system-info-request', id: 'req1' });
    expect(denied.sent).toEqual([{ type: 'refused', id: 'req1', reason: 'not-allowed' }]);
  });

  it('sets the local clipboard from the technician only with the right', async () => {
    const allowed = setup(all);
    await allowed.receive({ type: 'clipboard', text: 'hello' });
    expect(allowed.clipboard.writes).toEqual(['hello']);
    const denied = setup(none);
    await denied.receive({ type: 'clipboard', text: 'hello' });
    expect(denied.clipboard.writes).toEqual([]);
  });

  it('watches the local clipboard only while the channel is open and the right is given', async () => {
    const denied = setup(none);
    denied.service.setChannelOpen(true);
    expect(denied.sync.running).toBe(false);
    const allowed = setup(all);
    allowed.service.setChannelOpen(true);
    expect(allowed.sync.running).toBe(true);
    allowed.service.setChannelOpen(false);
    expect(allowed.sync.running).toBe(false);
  });

  it('takes the technician\'s quality caps for its screen without a right, and refuses caps out of bounds', async () => {
    const t = setup(none);
    await t.receive({ type: 'screen-quality', maxBitrate: 2_000_000, maxFramerate: 30 });
    expect(t.qualities).toEqual([{ maxBitrate: 2_000_000, maxFramerate: 30 }]);
    await t.receive({ type: 'screen-quality', maxBitrate: 2_000_000, maxFramerate: 1000 });
    await t.receive({ type: 'screen-quality', maxBitrate: 10, maxFramerate: 30 });
    expect(t.qualities).toHaveLength(1);
    expect(t.sent).toEqual([]);
  });

  it('passes the console\'s request for the screen again to the stream, without a right and without an answer', async () => {
    const t = setup(none);
    await t.receive({ type: 'screen-refresh' });
    expect(t.refreshes()).toBe(1);
    expect(t.sent).toEqual([]);
  });

  it('refuses a reboot without the right, before writing anything', async () => {
    const t = setup(none);
    await t.receive({ type: 'reboot-request', id: 'boot1' });
    expect(t.sent).toEqual([{ type: 'refused', id: 'boot1', reason: 'not-allowed' }]);
    expect(t.steps).toEqual([]);
  });

  it('registers the restart before announcing and running the reboot', async () => {
    const t = setup(all);
    await t.receive({ type: 'reboot-request', id: 'boot1' });
    expect(t.steps).toEqual(['prepare', 'run']);
    expect(t.sent).toEqual([{ type: 'reboot-starting', id: 'boot1' }]);
  });

  it('takes the registration back and says so when the reboot command fails', async () => {
    const t = setup(all, { rebootFails: true });
    await t.receive({ type: 'reboot-request', id: 'boot1' });
    expect(t.steps).toEqual(['prepare', 'run', 'abort']);
    expect(t.sent).toEqual([{ type: 'reboot-starting', id: 'boot1' }, { type: 'refused', id: 'boot1', reason: 'failed', detail: 'not permitted' }]);
  });

  it('does not reboot when the restart cannot be registered', async () => {
    const t = setup(all, { autostartFails: true });
    await t.receive({ type: 'reboot-request', id: 'boot1' });
    expect(t.steps).toEqual(['prepare']);
    expect(t.sent).toEqual([{ type: 'refused', id: 'boot1', reason: 'failed', detail: 'read-only home' }]);
  });

  it('ignores invalid messages and those meant for the technician', async () => {
    const t = setup(all);
    await t.service.receive('{');
    await t.receive({ type: 'system-info-request', id: 'NOT VALID' });
    await t.receive({ type: 'reboot-starting', id: 'boot1' });
    expect(t.sent).toEqual([]);
    expect(t.steps).toEqual([]);
  });
});

describe('clipboard sync', () => {
  it('sends local changes but not what it was already holding, nor the text the technician just sent', async () => {
    const t = setup(all);
    t.clipboard.text = 'before';
    await t.sync.start();
    await t.sync.poll();
    expect(t.sent).toEqual([]);
    t.clipboard.text = 'copied here';
    await t.sync.poll();
    await t.receive({ type: 'clipboard', text: 'from technician' });
    await t.sync.poll();
    expect(t.sent).toEqual([{ type: 'clipboard', text: 'copied here' }]);
    t.sync.stop();
  });
});
