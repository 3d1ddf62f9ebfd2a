/**
 * A binary min-heap of timers ordered by due time, then insertion order (so equal times fire FIFO).
 * Timers are never removed: the owner stamps each with a token and ignores stale ones when they fire,
 * which keeps every operation O(log n).
 *
 * Stored as three parallel arrays (due time, insertion number, value) so sifting compares plain
 * numbers laid out side by side, and pushing or popping allocates nothing per timer.
 */
export interface Timer<T> {
  at: number;
  seq: number;
  value: T;
}

export class TimerHeap<T> {
  private readonly ats: number[] = [];
  private readonly seqs: number[] = [];
  private readonly vals: T[] = [];
  private nextSeq = 0;

  get size() {
    return this.ats.length;
  }

  push(at: number, value: T): void {
    const ats = this.ats;
    const seqs = this.seqs;
    const vals = this.vals;
    const seq = this.nextSeq++;
    let i = ats.length;
    ats.push(at);
    seqs.push(seq);
    vals.push(value);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pa = ats[p];
      if (!(at < pa || (at === pa && seq < seqs[p]))) break;
      ats[i] = pa;
      seqs[i] = seqs[p];
      vals[i] = vals[p];
      i = p;
    }
    ats[i] = at;
    seqs[i] = seq;
    vals[i] = value;
  }

  /**
   * Drops every timer whose value `dead` says is no longer wanted and rebuilds the heap in O(n), so
   * timers that were cancelled (an accepted offer's timeout, a finished contact's overflow steps) stop
   * weighing on every push and pop.
   */
  prune(dead: (value: T) => boolean): void {
    const ats = this.ats;
    const seqs = this.seqs;
    const vals = this.vals;
    let n = 0;
    for (let i = 0; i < ats.length; i++) {
      if (dead(vals[i])) continue;
      ats[n] = ats[i];
      seqs[n] = seqs[i];
      vals[n] = vals[i];
      n++;
    }
    ats.length = n;
    seqs.length = n;
    vals.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(i: number): void {
    const ats = this.ats;
    const seqs = this.seqs;
    const vals = this.vals;
    const n = ats.length;
    const at = ats[i];
    const seq = seqs[i];
    const val = vals[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && (ats[r] < ats[l] || (ats[r] === ats[l] && seqs[r] < seqs[l]))) c = r;
      if (!(ats[c] < at || (ats[c] === at && seqs[c] < seq))) break;
      ats[i] = ats[c];
      seqs[i] = seqs[c];
      vals[i] = vals[c];
      i = c;
    }
    ats[i] = at;
    seqs[i] = seq;
    vals[i] = val;
  }

  /** The earliest due time, or undefined when empty. */
  peekAt(): number | undefined {
    return this.ats.length > 0 ? this.ats[0] : undefined;
  }

  /** Removes and returns the earliest timer if it is due at `now`. */
  popDue(now: number): Timer<T> | undefined {
    if (this.ats.length === 0 || this.ats[0] > now) return undefined;
    const at = this.ats[0];
    const seq = this.seqs[0];
    return { at, seq, value: this.popDueValue(now) as T };
  }

  /** Removes and returns the value of the earliest timer if it is due at `now` (allocation-free `popDue`). */
  popDueValue(now: number): T | undefined {
    const ats = this.ats;
    const n0 = ats.length;
    if (n0 === 0 || ats[0] > now) return undefined;
    const seqs = this.seqs;
    const vals = this.vals;
    const top = vals[0];
    const lastAt = ats.pop()!;
    const lastSeq = seqs.pop()!;
    const lastVal = vals.pop()!;
    const n = n0 - 1;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n) {
          const ra = ats[r];
          const la = ats[l];
          if (ra < la || (ra === la && seqs[r] < seqs[l])) c = r;
        }
        const ca = ats[c];
        if (!(ca < lastAt || (ca === lastAt && seqs[c] < lastSeq))) break;
        ats[i] = ca;
        seqs[i] = seqs[c];
        vals[i] = vals[c];
        i = c;
      }
      ats[i] = lastAt;
      seqs[i] = lastSeq;
      vals[i] = lastVal;
    }
    return top;
  }
}
