import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue';

/** A promise the test settles by hand, so ordering is decided by the test and not by timers. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedQueue', () => {
  it('runs tasks of the same key in arrival order, never two at once', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const gates = [deferred(), deferred(), deferred()];
    const results = gates.map((gate, index) =>
      queue.run('session', async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        log.push(`start ${index}`);
        await gate.promise;
        log.push(`end ${index}`);
        running--;
        return index;
      }),
    );

    await settle();
    expect(log).toEqual(['start 0']);
    // Releasing a later task first must not let it start before the earlier ones finish.
    gates[2].resolve();
    gates[1].resolve();
    await settle();
    expect(log).toEqual(['start 0']);
    gates[0].resolve();

    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    expect(maxRunning).toBe(1);
  });

  it('runs tasks of different keys concurrently', async () => {
    const queue = new KeyedQueue();
    const started: string[] = [];
    const gateA = deferred();
    const gateB = deferred();
    const a = queue.run('a', async () => {
      started.push('a');
      await gateA.promise;
      return 'a';
    });
    const b = queue.run('b', async () => {
      started.push('b');
      await gateB.promise;
      return 'b';
    });

    await settle();
    expect(started).toEqual(['a', 'b']);
    // b finishes while a is still blocked: keys do not wait for each other.
    gateB.resolve();
    await expect(b).resolves.toBe('b');
    gateA.resolve();
    await expect(a).resolves.toBe('a');
  });

  it('a rejected task rejects its own caller and does not block the next task of its key', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const failing = queue.run('session', async () => {
      await gate.promise;
      throw new Error('boom');
    });
    const next = queue.run('session', async () => 'after');

    gate.resolve();
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
  });

  it('a task that throws synchronously does not block the next task of its key', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('session', () => {
      throw new Error('sync boom');
    });
    await expect(failing).rejects.toThrow('sync boom');
    await expect(queue.run('session', async () => 42)).resolves.toBe(42);
  });

  it('a key whose queue drained accepts new tasks straight away', async () => {
    const queue = new KeyedQueue();
    await queue.run('session', async () => 1);
    await settle();
    const log: string[] = [];
    const result = queue.run('session', async () => {
      log.push('ran');
      return 2;
    });
    await expect(result).resolves.toBe(2);
    expect(log).toEqual(['ran']);
  });
});
