/** Something that sends audio frames on the 20 ms clock. */
export interface Paced {
  tick(now: number): void;
}

/**
 * One timer for every paced sender in the process (prompt players, synthetic peers): each sends the
 * frames due by the wall clock, so a late timer catches up instead of drifting.
 */
export class FramePacer {
  private senders = new Set<Paced>();
  private timer?: NodeJS.Timeout;

  add(p: Paced) {
    this.senders.add(p);
    this.timer ??= setInterval(() => {
      const now = performance.now();
      for (const s of this.senders) s.tick(now);
    }, 5);
  }

  remove(p: Paced) {
    this.senders.delete(p);
    if (!this.senders.size && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

export const pacer = new FramePacer();
export const FRAME_MS = 20;
