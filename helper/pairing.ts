import { open } from 'node:fs/promises';
import { type PairingData, readPairing, TRAILER_SEARCH_BYTES } from '../protocol/helper-pairing';

/** The pairing appended to an executable file (the helper passes its own `process.execPath`). */
export async function readPairingFromFile(path: string): Promise<PairingData | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TRAILER_SEARCH_BYTES);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    return readPairing(buffer);
  } finally {
    await file.close();
  }
}
