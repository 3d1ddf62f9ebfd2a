// Estimated wait time (EWT).
//
//   EWT = (ahead + 1) × AHT ÷ slots
//
// ahead  = waiting contacts of the same queue and channel ordered before this one;
// AHT    = mean handle time (accept -> complete) of the last `window` contacts of that queue and channel,
//          or a default until there is history;
// slots  = capacity on that channel summed over the queue's staffed agents (available or in
//          after-contact work; away and offline agents do not count).
// A waiting contact only exists when those slots are busy, so on average one frees every AHT ÷ slots
// and the contact needs ahead + 1 of them. No staffed slot: the wait is unknown (undefined).

/** The formula above, in milliseconds. */
export function estimateWaitMs(ahead: number, ahtMs: number, slots: number): number | undefined {
  if (slots <= 0) return undefined;
  return Math.round(((ahead + 1) * ahtMs) / slots);
}

/** Recent handle times per key (queue + channel), a fixed window of the newest samples. */
export class HandleTimes {
  private readonly samples = new Map<string, { xs: number[]; next: number; sum: number }>();

  constructor(
    private readonly defaultMs: number,
    private readonly window = 50,
  ) {}

  record(key: string, ms: number): void {
    let s = this.samples.get(key);
    if (!s) this.samples.set(key, (s = { xs: [], next: 0, sum: 0 }));
    if (s.xs.length < this.window) s.xs.push(ms);
    else {
      s.sum -= s.xs[s.next];
      s.xs[s.next] = ms;
      s.next = (s.next + 1) % this.window;
    }
    s.sum += ms;
  }

  /** Mean of the recent samples, or the default when there are none. */
  mean(key: string): number {
    const s = this.samples.get(key);
    return s && s.xs.length > 0 ? s.sum / s.xs.length : this.defaultMs;
  }
}
