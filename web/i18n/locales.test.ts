import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionEventType } from '../../core/model';
import { ChainBreak } from '../../core/support/event-chain';
import { AREAS } from '../messages/catalogue';
import { LOCALES, negotiateLocale } from './locales';

const keysOf = (value: unknown, prefix = ''): string[] =>
  value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
const area = (locale: string, name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'messages', locale, `${name}.json`), 'utf8')) as Record<string, unknown>;
const catalogue = (locale: string) => Object.assign({}, ...AREAS.map((name) => area(locale, name))) as unknown;
/** The ICU arguments a message uses ({name}, {count, plural, …}), to check translations keep them. */
const argumentsOf = (message: string): string[] => {
  // The top-level {…} blocks: their first word is an argument; plural/select branch bodies are text with
  // arguments of their own inside (looked at recursively).
  const found = new Set<string>();
  const walk = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      if (text[i] !== '{') continue;
      let depth = 1;
      let j = i + 1;
      for (; j < text.length && depth > 0; j++) depth += text[j] === '{' ? 1 : text[j] === '}' ? -1 : 0;
      const inner = text.slice(i + 1, j - 1);
      const name = /^\s*(\w+)\s*(,|$)/.exec(inner);
      if (name) found.add(name[1]);
      const branches = /^\s*\w+\s*,\s*(plural|select|selectordinal)\s*,(.*)$/s.exec(inner);
      if (branches) for (const body of branches[2].matchAll(/\{((?:[^{}]|\{[^{}]*\})*)\}/g)) walk(body[1]);
      i = j - 1;
    }
  };
  walk(message);
  return [...found].sort();
};

describe('languages', () => {
  it('follows the browser: quality first, region ignored, English for the rest', () => {
    expect(negotiateLocale('nl-BE,nl;q=0.9,en;q=0.8')).toBe('nl');
    expect(negotiateLocale('de-DE,de;q=0.9,fr;q=0.8')).toBe('fr');
    expect(negotiateLocale('en;q=0.5,fr;q=0.9')).toBe('fr');
    expect(negotiateLocale('de')).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
    expect(negotiateLocale('fr;q=0,nl')).toBe('nl');
  });

  it('each namespace lives in one area only, so a page that loads an area gets all of it', () => {
    const owners = new Map<string, string>();
    for (const name of AREAS) {
      for (const namespace of Object.keys(area('en', name))) {
        expect(owners.get(namespace), `${namespace} in ${name}`).toBeUndefined();
        owners.set(namespace, name);
      }
      for (const locale of LOCALES) expect(Object.keys(area(locale, name)).sort(), `${locale}/${name}`).toEqual(Object.keys(area('en', name)).sort());
    }
  });

  it('every language has every message, with the same arguments as English', () => {
    const english = catalogue('en');
    const keys = keysOf(english).sort();
    for (const locale of LOCALES) {
      const other = catalogue(locale);
      expect(keysOf(other).sort(), locale).toEqual(keys);
      for (const key of keys) {
        const get = (root: unknown) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], root) as string;
        expect(argumentsOf(get(other)), `${locale} ${key}`).toEqual(argumentsOf(get(english)));
      }
    }
  });

  it('the log\'s verification has words for every kind of event and every way a chain breaks', () => {
    // The branch names of a select: `name {` at the top level of the message.
    const branches = (message: string) => new Set([...message.matchAll(/(\w+) \{/g)].map((m) => m[1]));
    for (const locale of LOCALES) {
      const verify = (area(locale, 'console').sessionLog as { verify: Record<string, string> }).verify;
      for (const type of [...Object.values(SessionEventType), 'other']) expect(branches(verify.kind), `${locale} ${type}`).toContain(type);
      // hash_mismatch is the "other" branch: a changed event, the case the sentence is written for.
      for (const reason of [...Object.values(ChainBreak).filter((r) => r !== ChainBreak.changed), 'other']) expect(branches(verify.broken), `${locale} ${reason}`).toContain(reason);
    }
  });

  it('every reason the server gives for a refused field has words in the catalogue', () => {
    const root = path.join(import.meta.dirname, '..', '..', 'core');
    const sources = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const keys = new Set(sources.flatMap((file) => [...readFileSync(path.join(root, file), 'utf8').matchAll(/\{ key: '(\w+)'/g)].map((m) => m[1])));
    expect(keys.size).toBeGreaterThan(10);
    const reasons = (area('en', 'console').formErrors as { reasons: Record<string, string> }).reasons;
    for (const key of keys) expect(reasons[key], key).toBeTypeOf('string');
  });

  it('every problem a CSV import can name has words in the admin center\'s catalogue', () => {
    const source = readFileSync(path.join(import.meta.dirname, '..', '..', 'core', 'organisation', 'csv-import.ts'), 'utf8');
    const keys = [...source.matchAll(/csvProblem\('(\w+)'/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(10);
    const problems = (area('en', 'admin').csvImport as { problems: Record<string, string> }).problems;
    for (const key of keys) expect(problems[key], key).toBeTypeOf('string');
  });
});
