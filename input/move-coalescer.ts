/**
 * Pointer moves as the console sends them: at most one per animation frame, the latest. A mouse reports
 * moves faster than the screen refreshes (up to 1000 Hz); sending each would queue stale positions behind
 * fresh ones. A click or key flushes the pending move first, so the click lands where the pointer was shown.
 */
export class MoveCoalescer<M> {
  private pending: M | null = null;
  private scheduled = false;

  constructor(
    private readonly send: (move: M) => void,
    private readonly nextFrame: (callback: () => void) => void = (cb) => requestAnimationFrame(() => cb()),
  ) {}

  push(move: M): void {
    this.pending = move;
    if (this.scheduled) return;
    this.scheduled = true;
    this.nextFrame(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends the pending move now, if any (before a click, a key or a stop). */
  flush(): void {
    const move = this.pending;
    this.pending = null;
    if (move !== null) this.send(move);
  }

  /** Forgets the pending move (control stopped: nothing more is sent). */
  drop(): void {
    this.pending = null;
  }
}
