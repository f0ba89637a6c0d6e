/** How long without an answer a message is given up on: after that, waiting longer for it holds nothing back. */
export const SETTLE_MS = 1000;
/** Answers waited for at most; beyond that the path is treated as one that lost them. */
const MAX_PENDING = 512;

/**
 * Which of two ordered connections input takes (the page's own input connection, or the screen's). Two ordered
 * channels are not ordered with each other: switching while a key sent on one is still on its way could let the
 * next key, sent on the other, overtake it (a key-up before its key-down is a stuck key). So a switch to the
 * preferred path waits until every ordered message sent on the current one was answered (executed or refused),
 * or until none was sent for a while; leaving a path that is no longer usable happens at once.
 */
export class PathSwitch<P extends string> {
  private readonly pending = new Set<number>();
  private lastSentAt = -Infinity;

  constructor(
    private path: P,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get current(): P {
    return this.path;
  }

  /** The path for the next message, given the one preferred now and whether the current one still works. */
  choose(preferred: P, currentUsable: boolean): P {
    if (preferred !== this.path && (!currentUsable || this.settled())) {
      this.path = preferred;
      this.pending.clear();
    }
    return this.path;
  }

  /** An ordered message (not a move) went out on the current path. */
  sent(seq: number): void {
    if (this.pending.size >= MAX_PENDING) this.pending.clear();
    this.pending.add(seq);
    this.lastSentAt = this.now();
  }

  /** The executor answered for this message. */
  answered(seq: number): void {
    this.pending.delete(seq);
  }

  private settled(): boolean {
    return this.pending.size === 0 || this.now() - this.lastSentAt >= SETTLE_MS;
  }
}
