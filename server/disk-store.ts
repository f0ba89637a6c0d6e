import { createReadStream } from 'node:fs';
import { appendFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { BlobStore } from '../core/storage';

/** BlobStore on the local disk, under `<DATA_DIR>/blobs`. */
export function diskStore(dataDir: string): BlobStore {
  const root = path.resolve(dataDir, 'blobs');
  const file = (key: string) => {
    const resolved = path.resolve(root, key);
    if (!resolved.startsWith(root + path.sep)) throw new Error(`Storage key escapes the store: ${key}`);
    return resolved;
  };
  const sizeOf = async (key: string) => {
    try {
      return (await stat(file(key))).size;
    } catch {
      return null;
    }
  };
  return {
    async write(key, data) {
      await mkdir(path.dirname(file(key)), { recursive: true });
      await writeFile(file(key), data);
    },
    async append(key, data) {
      await mkdir(path.dirname(file(key)), { recursive: true });
      await appendFile(file(key), data);
      return (await sizeOf(key)) ?? 0;
    },
    size: sizeOf,
    async read(key) {
      const size = await sizeOf(key);
      if (size === null) return null;
      return { stream: Readable.toWeb(createReadStream(file(key))) as ReadableStream<Uint8Array>, size };
    },
    async remove(key) {
      await rm(file(key), { force: true });
    },
  };
}
