/**
 * Where large blobs live (screenshots, recordings): on disk under the data directory by default, behind this
 * interface so an object store can replace the disk. Keys are relative paths made by the domain, never by users.
 */
export interface BlobStore {
  write(key: string, data: Uint8Array): Promise<void>;
  /** Appends and returns the blob's new size. */
  append(key: string, data: Uint8Array): Promise<number>;
  size(key: string): Promise<number | null>;
  /** The whole blob as a web stream, or null when it does not exist. */
  read(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null>;
  /** Removes the blob (nothing when it does not exist). */
  remove(key: string): Promise<void>;
}

/** Keys are built from ids the domain drew; anything else is refused before it reaches a path. */
export function blobKey(...parts: string[]): string {
  for (const part of parts) {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(part) || part.includes('..')) throw new Error(`Unsafe storage key part: ${part}`);
  }
  return parts.join('/');
}
