import { createMD5, createSHA256, type IHasher } from 'hash-wasm';

export interface FileHashes {
  sha256: string;
  md5: string;
}

/** Both hashers' internal state at one offset (hash-wasm `save()`), to carry on from there after a drop. */
export interface HashSnapshot {
  sha256: Uint8Array;
  md5: Uint8Array;
}

/** SHA-256 (what we trust) and MD5 (what users compare with their tools), fed together chunk by chunk. */
export class StreamHashes {
  private constructor(
    private readonly sha256: IHasher,
    private readonly md5: IHasher,
  ) {}

  static async create(): Promise<StreamHashes> {
    const [sha256, md5] = await Promise.all([createSHA256(), createMD5()]);
    return new StreamHashes(sha256.init(), md5.init());
  }

  update(bytes: Uint8Array): void {
    this.sha256.update(bytes);
    this.md5.update(bytes);
  }

  reset(): void {
    this.sha256.init();
    this.md5.init();
  }

  save(): HashSnapshot {
    return { sha256: this.sha256.save(), md5: this.md5.save() };
  }

  load(snapshot: HashSnapshot): void {
    this.sha256.load(snapshot.sha256);
    this.md5.load(snapshot.md5);
  }

  /** The hashes of everything so far; the state is kept, so a resumed transfer can still be finished. */
  digest(): FileHashes {
    const state = this.save();
    const hashes = { sha256: this.sha256.digest('hex'), md5: this.md5.digest('hex') };
    this.load(state);
    return hashes;
  }
}
