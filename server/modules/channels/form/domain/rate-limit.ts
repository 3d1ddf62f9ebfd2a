/**
 * A fixed-window counter per key (an IP address): `take` answers false once `limit` hits happened in the
 * current window. Kept in memory per server process; old windows are dropped as keys come back or by sweep.
 */
export class RateLimiter {
  private hits = new Map<string, { start: number; n: number }>();

  constructor(private limit: number, private windowMs: number, private now: () => number = Date.now) {}

  take(key: string) {
    const t = this.now();
    const h = this.hits.get(key);
    if (!h || t - h.start >= this.windowMs) {
      if (this.hits.size > 50_000) this.sweep(t);
      this.hits.set(key, { start: t, n: 1 });
      return true;
    }
    if (h.n >= this.limit) return false;
    h.n++;
    return true;
  }

  /** Seconds until the key may try again. */
  retryAfter(key: string) {
    const h = this.hits.get(key);
    return h ? Math.max(1, Math.ceil((h.start + this.windowMs - this.now()) / 1000)) : 0;
  }

  private sweep(t: number) {
    for (const [k, h] of this.hits) if (t - h.start >= this.windowMs) this.hits.delete(k);
  }
}
