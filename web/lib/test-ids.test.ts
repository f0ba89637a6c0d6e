import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_IDS } from './test-ids';

const webDir = path.join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === '.next' || entry.name === 'node_modules') return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.tsx') || (full.includes(`${path.sep}widget${path.sep}`) && entry.name.endsWith('.ts')) ? [full] : [];
  });
}

/** Every literal test id in the pages: data-testid="x", testId="x", and string literals inside data-testid={...}. */
function usedIds(): Set<string> {
  const used = new Set<string>();
  for (const file of [...sources(webDir), ...sources(path.join(webDir, '..', 'widget'))]) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:data-testid|testId|TestId)="([^"]+)"/g)) used.add(match[1]);
    // Ids kept in a table of links or in props spread on an element: `testId: 'x'`, `'data-testid': 'x'`.
    for (const match of text.matchAll(/(?:testId|'data-testid'): '([a-z-]+)'/g)) used.add(match[1]);
    // The widget's loader builds its elements by hand: `dataset.testid = 'x'`.
    for (const match of text.matchAll(/dataset\.testid = '([a-z-]+)'/g)) used.add(match[1]);
    for (const match of text.matchAll(/data-testid=\{([^}]*)\}/g)) {
      for (const literal of match[1].matchAll(/'([a-z-]+)'/g)) used.add(literal[1]);
      const template = /^`([a-z-]+)-\$\{/.exec(match[1]);
      if (template) used.add(`${template[1]}-*`);
    }
    // A family named by its prefix (web/components/Tabs.tsx: `testIdPrefix="panel-tab"`, or its default).
    for (const match of text.matchAll(/testIdPrefix(?:=| = )['"]([a-z-]+)['"]/g)) used.add(`${match[1]}-*`);
    // The timeline's note of a transfer or a resolution: `${event.type}-note` for those two event types.
    if (text.includes('data-testid={`${event.type}-note`}')) ['transferred-note', 'resolved-note'].forEach((id) => used.add(id));
    // Ids chosen by a variable (the file input of each side).
    for (const match of text.matchAll(/const inputId = [^;]+/g)) for (const literal of match[0].matchAll(/'([a-z-]+-input)'/g)) used.add(literal[1]);
  }
  return used;
}

describe('test ids', () => {
  const listed = new Set<string>(Object.values(TEST_IDS).flat());

  it('every id a page uses is listed in web/lib/test-ids.ts', () => {
    expect([...usedIds()].filter((id) => !listed.has(id)).sort()).toEqual([]);
  });

  it('every listed id is used by a page', () => {
    const used = usedIds();
    expect([...listed].filter((id) => !used.has(id)).sort()).toEqual([]);
  });

  it('lists each id once', () => {
    const all = Object.values(TEST_IDS).flat();
    expect(all.length).toBe(new Set(all).size);
  });
});
