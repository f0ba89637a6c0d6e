/**
 * Runs tasks one at a time per key, in arrival order; different keys run concurrently. State changes of one
 * support session go through it so a consent and an end arriving together cannot interleave their reads and
 * writes (the repository is async, so await points would otherwise let them).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
