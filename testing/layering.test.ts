import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Which top-level folders each folder's production code may import (../shared/DESIGN.md, "Layout after the
 * moves"): arrows point down, never up. Tests, harnesses (testing/) and the e2e and bench suites may import
 * anything; everything else is held to this table, so the widget and the helper can bundle client/, cobrowse/,
 * input/ and protocol/ without pulling in Next, the server or a test harness.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  protocol: ['core'],
  input: ['protocol', 'core'],
  cobrowse: ['input', 'protocol', 'core'],
  client: ['cobrowse', 'input', 'protocol', 'core'],
  drizzle: ['core'],
  turn: ['protocol', 'core'],
  signaling: ['turn', 'protocol', 'core'],
  helper: ['input', 'protocol', 'core'],
  // Scripts for a company's page: the loader takes the postMessage protocol; the co-browse bundle, the recorder
  // and executor (widget/build.ts bundles each entry on its own).
  widget: ['cobrowse', 'input', 'protocol', 'core'],
  web: ['client', 'cobrowse', 'input', 'signaling', 'protocol', 'core'],
  server: ['web', 'widget', 'signaling', 'turn', 'drizzle', 'protocol', 'core'],
};

/** Development tools that live beside what they measure and start a test display. */
const TOOLS = new Set(['helper/measure-injection.ts']);

const root = path.resolve(__dirname, '..');

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === '.next') continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
    }
  };
  walk(path.join(root, folder));
  return out;
}

function importedFolders(file: string): { spec: string; folder: string }[] {
  const text = readFileSync(file, 'utf8');
  const found: { spec: string; folder: string }[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = path.relative(root, path.resolve(path.dirname(file), match[1]));
    found.push({ spec: match[1], folder: target.split(path.sep)[0] });
  }
  return found;
}

describe('layering', () => {
  for (const [folder, allowed] of Object.entries(MAY_IMPORT)) {
    it(`${folder}/ imports only ${allowed.length ? allowed.join(', ') : 'itself'}`, () => {
      const wrong: string[] = [];
      for (const file of sourceFiles(folder)) {
        const relative = path.relative(root, file);
        if (TOOLS.has(relative)) continue;
        for (const { spec, folder: target } of importedFolders(file)) {
          if (target === folder || target === 'package.json' || allowed.includes(target)) continue;
          wrong.push(`${relative} imports ${spec}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
