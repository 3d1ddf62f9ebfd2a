/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export type Bucket = { burst: number; perSecond: number };

/**
 * In-memory token buckets per key (visitor, IP address). Per process: with several server copies a
 * client gets up to that many times the budget, which is still a bound.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private now: () => number = Date.now, private maxKeys = 50_000) {}

  /** Takes one token from `key`'s bucket; answers false (and takes nothing) when it is empty. */
  take(key: string, b: Bucket, cost = 1): boolean {
    const t = this.now();
    const s = this.buckets.get(key) ?? { tokens: b.burst, at: t };
    s.tokens = Math.min(b.burst, s.tokens + ((t - s.at) / 1000) * b.perSecond);
    s.at = t;
    const ok = s.tokens >= cost;
    if (ok) s.tokens -= cost;
    this.buckets.delete(key);
    this.buckets.set(key, s);
    // Oldest-touched keys go first once the map is full (Map keeps insertion order).
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return ok;
  }

  /** Seconds until `key` has a token again. */
  retryAfter(key: string, b: Bucket) {
    const s = this.buckets.get(key);
    return s ? Math.max(1, Math.ceil((1 - s.tokens) / b.perSecond)) : 1;
  }
}
