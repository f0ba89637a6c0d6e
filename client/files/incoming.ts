import type { FileHashes, StreamHashes } from './hashing';

/** Chunks are gathered into one Blob part per this many bytes (fewer parts; browsers may page big Blobs to disk). */
const PART_BYTES = 4 * 1024 * 1024;

/**
 * What the receiving side keeps of one file: the bytes processed so far as Blob parts, and the running hashes of
 * exactly those bytes. It survives a channel drop untouched; `processed` is where the sender resumes.
 */
export class IncomingFile {
  private parts: Blob[] = [];
  private pending: Uint8Array<ArrayBuffer>[] = [];
  private pendingBytes = 0;
  private processedBytes = 0;

  constructor(
    readonly size: number,
    private readonly hashes: StreamHashes,
  ) {}

  get processed(): number {
    return this.processedBytes;
  }

  append(bytes: Uint8Array<ArrayBuffer>): void {
    this.hashes.update(bytes);
    this.pending.push(bytes);
    this.pendingBytes += bytes.byteLength;
    this.processedBytes += bytes.byteLength;
    if (this.pendingBytes >= PART_BYTES) this.flush();
  }

  digest(): FileHashes {
    return this.hashes.digest();
  }

  /** The whole file; only called once its hashes matched the sender's. */
  blob(mime: string): Blob {
    this.flush();
    return new Blob(this.parts, { type: mime });
  }

  discard(): void {
    this.parts = [];
    this.pending = [];
    this.pendingBytes = 0;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    // The Blob copies the views, so the message buffers they point into can be collected.
    this.parts.push(new Blob(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
}
