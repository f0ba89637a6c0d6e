import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

/**
 * Compression for bodies our route handlers write themselves (Next compresses the pages it renders, not a route
 * handler's Response). A customer on a slow phone network pays for every byte: brotli when the browser takes it,
 * else gzip.
 */
export type Encoding = 'br' | 'gzip' | 'identity';

export function preferredEncoding(request: Request): Encoding {
  const accepted = (request.headers.get('accept-encoding') ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
    .map(([name]) => name.trim().toLowerCase());
  return accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : 'identity';
}

/** A body in every encoding, for one computed once and sent many times (a script): the smallest, at full effort. */
export function encodeAll(body: string): Record<Encoding, Uint8Array<ArrayBuffer>> {
  const identity = Buffer.from(body);
  return {
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
  };
}

/** The same, in zlib's thread pool: for a body compressed while the server is serving. */
export async function encodeAllOffThread(body: string): Promise<Record<Encoding, Uint8Array<ArrayBuffer>>> {
  const identity = Buffer.from(body);
  const [gzipped, brotli] = await Promise.all([
    promisify(gzip)(identity, { level: 9 }),
    promisify(brotliCompress)(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
  ]);
  return { identity, gzip: new Uint8Array(gzipped), br: new Uint8Array(brotli) };
}

/** One body for this request, compressed quickly (a page rendered for each request). */
export function encodeFor(encoding: Encoding, body: string): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.from(body);
  if (encoding === 'br') return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  if (encoding === 'gzip') return gzipSync(bytes, { level: 6 });
  return bytes;
}

/** The headers that go with an encoded body; caches must keep one copy per encoding. */
export function encodingHeaders(encoding: Encoding): Record<string, string> {
  return encoding === 'identity' ? { Vary: 'Accept-Encoding' } : { 'Content-Encoding': encoding, Vary: 'Accept-Encoding' };
}
