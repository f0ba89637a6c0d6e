import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HelperMessage, helperMessageSchema, type HelperRights } from '../protocol/helper';
import { anyPayload, fuzzSeed, mutationsOf } from '../testing/fuzz';
import { info, setup } from '../testing/helper-service';

/**
 * Issue 13, "Trust": the `helper` channel as the Lifeline Helper on the customer's desktop reads it, driven with
 * generated and mutated messages under every mix of the technician group's rights. Nothing throws, nothing runs
 * that the rights do not allow, and every answer is a valid helper message.
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx vitest run helper/helper-channel.fuzz.test.ts
 */

const MESSAGES = 10_000;
const BATCH = 100;

const valid: HelperMessage[] = [
  { type: 'system-info-request', id: 'req1' },
  { type: 'clipboard', text: 'copied text' },
  { type: 'reboot-request', id: 'req2' },
  { type: 'screen-quality', maxBitrate: 8_000_000, maxFramerate: 30 },
  { type: 'screen-refresh' },
  { type: 'refused', id: 'req1', reason: 'failed' },
  { type: 'system-info', id: 'req3', info },
];
const message = fc.oneof(
  { arbitrary: anyPayload.map((v) => JSON.stringify(v) ?? 'undefined'), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>(...valid).chain((m) => mutationsOf(m)).map((m) => JSON.stringify(m) ?? ''), weight: 4 },
  { arbitrary: fc.constantFrom<unknown>(...valid).map((m) => JSON.stringify(m)), weight: 2 },
  { arbitrary: fc.oneof(fc.uint8Array({ maxLength: 16 }), fc.constant('x'.repeat(200_001))), weight: 1 },
);
const rights: fc.Arbitrary<HelperRights> = fc.record({ systemInfo: fc.boolean(), clipboardSync: fc.boolean(), reboot: fc.boolean() });

describe('fuzzing the helper channel (issue 13)', () => {
  it('runs nothing the rights do not allow, answers only in protocol and never throws', { timeout: 60_000 }, async () => {
    const seed = fuzzSeed();
    const started = performance.now();
    let payloads = 0;
    await fc.assert(
      fc.asyncProperty(rights, fc.array(message, { minLength: BATCH, maxLength: BATCH }), async (granted, messages) => {
        const { service, sent, steps, clipboard } = setup(granted);
        service.setChannelOpen(true);
        for (const data of messages) await service.receive(data);
        service.stop();
        payloads += messages.length;
        for (const m of sent) expect(helperMessageSchema.safeParse(m).success).toBe(true);
        if (!granted.reboot) expect(steps).toEqual([]);
        if (!granted.clipboardSync) expect(clipboard.writes).toEqual([]);
        if (!granted.systemInfo) expect(sent.filter((m) => m.type === 'system-info')).toEqual([]);
      }),
      { seed, numRuns: MESSAGES / BATCH, endOnFailure: true },
    );
    console.log(`helper channel fuzz: seed ${seed} (replay with FUZZ_SEED=${seed}); ${payloads} payloads in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(payloads).toBe(MESSAGES);
  });
});
