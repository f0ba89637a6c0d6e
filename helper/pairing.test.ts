import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePairing, encodePairing, type PairingData, pairingTrailer, readPairing, TRAILER_SEARCH_BYTES } from '../protocol/helper-pairing';
import { readPairingFromFile } from './pairing';

const pairing: PairingData = { v: 1, server: 'https://support.example.org:8443', sessionId: 'abcdefghijklmnopqrstuv23', token: 'abcdefghijklmnopqrstuvwxyz234567' };
const other: PairingData = { ...pairing, sessionId: 'zzzzzzzzzzzzzzzzzzzzzzzz', token: '22222222222222222222222222222222' };
const executable = Buffer.from('\x7fELF\0\0binary bytes\nwith lines\n'.repeat(100), 'latin1');
const directory = mkdtempSync(join(tmpdir(), 'pairing-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('pairing trailer', () => {
  it('is one line the server appends, and reads back to the same pairing', () => {
    const trailer = pairingTrailer(pairing);
    expect(trailer.toString('ascii')).toMatch(/^\nLIFELINE-PAIRING:[A-Za-z0-9_-]+\n$/);
    expect(readPairing(Buffer.concat([executable, trailer]))).toEqual(pairing);
  });

  it('uses the last trailer when a binary was served twice', () => {
    expect(readPairing(Buffer.concat([executable, pairingTrailer(other), pairingTrailer(pairing)]))).toEqual(pairing);
  });

  it('finds nothing in a binary without a trailer, or in garbage', () => {
    expect(readPairing(executable)).toBeNull();
    expect(readPairing(Buffer.alloc(0))).toBeNull();
    expect(readPairing(Buffer.from('\nLIFELINE-PAIRING:\n'))).toBeNull();
    expect(readPairing(Buffer.from('\nLIFELINE-PAIRING:!!!not base64!!!\n'))).toBeNull();
    // No closing newline: a truncated download.
    expect(readPairing(pairingTrailer(pairing).subarray(0, -1))).toBeNull();
  });

  it('refuses a tampered trailer instead of falling back to an earlier one', () => {
    const json = JSON.stringify({ ...pairing, token: 'NOT-A-TOKEN' });
    const tampered = Buffer.from(`\nLIFELINE-PAIRING:${Buffer.from(json).toString('base64url')}\n`);
    expect(readPairing(Buffer.concat([executable, pairingTrailer(other), tampered]))).toBeNull();
    const notJson = Buffer.from(`\nLIFELINE-PAIRING:${Buffer.from('{"v":1,').toString('base64url')}\n`);
    expect(readPairing(Buffer.concat([executable, notJson]))).toBeNull();
    const wrongVersion = Buffer.from(`\nLIFELINE-PAIRING:${Buffer.from(JSON.stringify({ ...pairing, v: 2 })).toString('base64url')}\n`);
    expect(readPairing(wrongVersion)).toBeNull();
    const ftp = Buffer.from(`\nLIFELINE-PAIRING:${Buffer.from(JSON.stringify({ ...pairing, server: 'ftp://x.org' })).toString('base64url')}\n`);
    expect(readPairing(ftp)).toBeNull();
  });

  it('will not build a trailer from invalid data', () => {
    expect(() => pairingTrailer({ ...pairing, sessionId: 'short' })).toThrow();
  });

  it('takes the same encoding on the command line', () => {
    expect(decodePairing(encodePairing(pairing))).toEqual(pairing);
    expect(decodePairing('')).toBeNull();
    expect(decodePairing('a b')).toBeNull();
  });

  it('reads the trailer from the end of a large executable file', async () => {
    const file = join(directory, 'helper');
    writeFileSync(file, Buffer.concat([Buffer.alloc(TRAILER_SEARCH_BYTES * 3, 7), pairingTrailer(pairing)]));
    await expect(readPairingFromFile(file)).resolves.toEqual(pairing);
    writeFileSync(file, Buffer.alloc(1000, 7));
    await expect(readPairingFromFile(file)).resolves.toBeNull();
  });
});
