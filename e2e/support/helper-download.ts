import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/**
 * Downloads the Lifeline Helper from a link of the customer's page into `downloads`, as a browser saves it (not
 * executable), under the name the server gives it; checks the server answered with a file.
 */
export async function downloadHelper(href: string, downloads: string): Promise<{ file: string; fileName: string; bytes: Buffer }> {
  const response = await fetch(href);
  expect(response.status).toBe(200);
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? '';
  const bytes = Buffer.from(await response.arrayBuffer());
  const file = path.join(downloads, fileName);
  mkdirSync(downloads, { recursive: true });
  writeFileSync(file, bytes, { mode: 0o644 });
  return { file, fileName, bytes };
}

/** The exit code of a helper process, once it has exited (at once if it already has). */
export const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
