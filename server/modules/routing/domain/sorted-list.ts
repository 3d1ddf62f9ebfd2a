/**
 * A sorted array with a movable front, for waiting lines: appending at the back and taking from the
 * front are O(1) amortised (the common FIFO case); other inserts and removals are a binary search and
 * one splice.
 */
export class SortedList<T> {
  private a: (T | undefined)[] = [];
  private start = 0;

  constructor(private readonly compare: (x: T, y: T) => number) {}

  get size() {
    return this.a.length - this.start;
  }

  at(i: number): T | undefined {
    return this.a[this.start + i];
  }

  first(): T | undefined {
    return this.a[this.start];
  }

  /** Number of items strictly before `item` (its 0-based position once inserted). */
  rank(item: T): number {
    return this.lowerBound(item) - this.start;
  }

  insert(item: T): void {
    const a = this.a;
    // Fast paths: after the last item (FIFO arrival) or before the first when the front has room.
    if (a.length === this.start || this.compare(a[a.length - 1] as T, item) < 0) {
      a.push(item);
      return;
    }
    if (this.start > 0 && !(this.compare(a[this.start] as T, item) < 0)) {
      a[--this.start] = item;
      return;
    }
    const i = this.lowerBound(item);
    if (i === this.a.length) this.a.push(item);
    else if (i === this.start && this.start > 0) this.a[--this.start] = item;
    else this.a.splice(i, 0, item);
  }

  /** Removes `item` (found by its sort key); false when absent. */
  remove(item: T): boolean {
    // The head and the tail are the usual removals (offers take the head); no search for those.
    const last = this.a.length - 1;
    const i = this.a[this.start] === item ? this.start : this.a[last] === item ? last : this.lowerBound(item);
    if (i >= this.a.length || this.a[i] !== item) return false;
    if (i === this.start) {
      this.a[this.start++] = undefined;
      if (this.start === this.a.length) {
        this.a = [];
        this.start = 0;
      } else if (this.start > 1024 && this.start * 2 > this.a.length) {
        this.a = this.a.slice(this.start);
        this.start = 0;
      }
    } else this.a.splice(i, 1);
    return true;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.start; i < this.a.length; i++) yield this.a[i] as T;
  }

  private lowerBound(item: T): number {
    let lo = this.start;
    let hi = this.a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.a[mid] as T, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
