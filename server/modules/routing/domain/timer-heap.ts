/**
 * A binary min-heap of timers ordered by due time, then insertion order (so equal times fire FIFO).
 * Timers are never removed: the owner stamps each with a token and ignores stale ones when they fire,
 * which keeps every operation O(log n).
 */
export interface Timer<T> {
  at: number;
  seq: number;
  value: T;
}

export class TimerHeap<T> {
  private items: Timer<T>[] = [];
  private nextSeq = 0;

  get size() {
    return this.items.length;
  }

  push(at: number, value: T): void {
    const t: Timer<T> = { at, seq: this.nextSeq++, value };
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(t, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = t;
  }

  /** The earliest due time, or undefined when empty. */
  peekAt(): number | undefined {
    return this.items[0]?.at;
  }

  /** Removes and returns the earliest timer if it is due at `now`. */
  popDue(now: number): Timer<T> | undefined {
    const a = this.items;
    if (a.length === 0 || a[0].at > now) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(a[r], a[l]) ? r : l;
        if (!before(a[c], last)) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

const before = <T>(x: Timer<T>, y: Timer<T>) => x.at < y.at || (x.at === y.at && x.seq < y.seq);
