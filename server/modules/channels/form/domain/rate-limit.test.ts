import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('form submission rate limit', () => {
  it('allows the limit per window and key, then refuses until the window ends', () => {
    let now = 0;
    const r = new RateLimiter(3, 60_000, () => now);
    expect([r.take('a'), r.take('a'), r.take('a'), r.take('a')]).toEqual([true, true, true, false]);
    expect(r.take('b')).toBe(true);
    now = 30_000;
    expect(r.take('a')).toBe(false);
    expect(r.retryAfter('a')).toBe(30);
    now = 60_000;
    expect(r.take('a')).toBe(true);
  });
});
