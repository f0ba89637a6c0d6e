import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../core/audit/audit-log';
import { SessionEventType } from '../../core/model';
import { LOCALES } from '../i18n/locales';
import { TIMELINE_SENTENCES } from './event-sentences';

const area = (locale: string, name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'messages', locale, `${name}.json`), 'utf8')) as Record<string, Record<string, unknown>>;
const at = (tree: unknown, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);

/** People read sentences, never the names events and actions are stored under ("Video call started", not `call_started`). */
describe('every recorded event has a sentence in every language', () => {
  const timeline = readFileSync(path.join(import.meta.dirname, '..', 'app', 'console', 'log', '[sessionId]', 'Timeline.tsx'), 'utf8');

  it.each(Object.values(SessionEventType))('the session timeline says %s in words', (type) => {
    // Handled by its own case, not by the fallback that shows the stored name.
    expect(timeline).toContain(`case '${type}':`);
    const keys = TIMELINE_SENTENCES[type];
    expect(keys.length).toBeGreaterThan(0);
    for (const locale of LOCALES) {
      for (const key of keys) {
        const sentence = at(area(locale, 'console').timeline, key);
        expect(typeof sentence, `${locale} timeline.${key}`).toBe('string');
        expect((sentence as string).length).toBeGreaterThan(0);
      }
    }
  });

  it('every sentence listed for an event is one the timeline says', () => {
    // Some keys are put together ("fileSent" + "WithSize"): their parts are in the source.
    for (const key of new Set(Object.values(TIMELINE_SENTENCES).flat())) expect(timeline, key).toContain(key.replace(/WithSize$/, ''));
  });

  it.each([...AUDIT_ACTIONS])('the activity log says %s in words', (action) => {
    for (const locale of LOCALES) {
      const sentence = at(area(locale, 'admin').audit, `actions.${action}`);
      expect(typeof sentence, `${locale} audit.actions.${action}`).toBe('string');
      expect((sentence as string).length).toBeGreaterThan(0);
    }
  });
});
