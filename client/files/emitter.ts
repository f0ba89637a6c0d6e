/**
 * Typed events whose listeners cannot hurt the emitter: one that throws is logged and the others still run, so a
 * broken UI handler never stops a transfer half way (as mediasoup-client's enhancedEvents does).
 */
export class SafeEmitter<Events extends { [K in keyof Events]: unknown }> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        console.error(`Lifeline: a "${String(event)}" listener failed`, error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
