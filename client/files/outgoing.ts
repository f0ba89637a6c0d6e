import { type HashSnapshot, StreamHashes } from './hashing';

/**
 * The sending side of one file: reads it slice by slice (Blob.slice().arrayBuffer(), never the whole file) and
 * hashes as it goes. It keeps the hash state at every chunk boundary the receiver has not acknowledged yet, so
 * after a drop it restores the state at the receiver's offset instead of reading the file again from the start.
 */
export class OutgoingFile {
  private hashes: StreamHashes | null = null;
  /** Hash state by offset: every chunk end above the last acknowledged offset, and the one at it. */
  private readonly snapshots = new Map<number, HashSnapshot>();

  constructor(
    readonly file: Blob,
    private readonly readSize: number,
  ) {}

  get size(): number {
    return this.file.size;
  }

  /** Gets the hashers to the state they had after `offset` bytes. */
  async restore(offset: number): Promise<void> {
    const hashes = (this.hashes ??= await StreamHashes.create());
    let base = -1;
    for (const key of this.snapshots.keys()) if (key <= offset && key > base) base = key;
    if (base === -1) {
      hashes.reset();
      base = 0;
      this.snapshots.set(0, hashes.save());
    } else {
      hashes.load(this.snapshots.get(base)!);
    }
    // Only when the receiver names an offset we did not keep (it lost its state, or lies): hash the gap again.
    for (let at = base; at < offset; ) {
      const block = await this.read(at, Math.min(offset, at + this.readSize));
      hashes.update(block);
      at += block.byteLength;
      this.snapshots.set(at, hashes.save());
    }
  }

  read(start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
    return this.file
      .slice(start, end)
      .arrayBuffer()
      .then((buffer) => new Uint8Array(buffer));
  }

  /** Feeds the chunk that ends at `end` to the hashers and keeps their state there. */
  hash(bytes: Uint8Array, end: number): void {
    const hashes = this.requireHashes();
    hashes.update(bytes);
    this.snapshots.set(end, hashes.save());
  }

  /** The receiver has everything before `offset`: states below it are no longer needed. */
  acknowledge(offset: number): void {
    let keep = -1;
    for (const key of this.snapshots.keys()) if (key <= offset && key > keep) keep = key;
    for (const key of [...this.snapshots.keys()]) if (key < keep) this.snapshots.delete(key);
  }

  /** The transfer is over: drop the hashers and their saved states. */
  release(): void {
    this.hashes = null;
    this.snapshots.clear();
  }

  digest() {
    return this.requireHashes().digest();
  }

  private requireHashes(): StreamHashes {
    if (!this.hashes) throw new Error('restore() first');
    return this.hashes;
  }
}
