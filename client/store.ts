/**
 * A minimal observable value for React's useSyncExternalStore. Listeners that throw are isolated: one broken
 * subscriber must not stop the session logic or the other subscribers.
 */
export class Store<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  get = (): T => this.value;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(change: Partial<T> | ((current: T) => T)): void {
    this.value = typeof change === 'function' ? change(this.value) : { ...this.value, ...change };
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        console.error('Lifeline: a state listener failed', error);
      }
    }
  }
}
