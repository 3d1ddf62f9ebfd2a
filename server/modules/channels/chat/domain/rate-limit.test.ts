import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows the burst, refuses the next, and refills over time', () => {
    let now = 0;
    const r = new RateLimiter(() => now);
    const b = { burst: 3, perSecond: 1 };
    expect([1, 2, 3, 4].map(() => r.take('v', b))).toEqual([true, true, true, false]);
    expect(r.retryAfter('v', b)).toBe(1);
    now = 1000;
    expect(r.take('v', b)).toBe(true);
    expect(r.take('v', b)).toBe(false);
    now = 60_000;
    expect([1, 2, 3, 4].map(() => r.take('v', b))).toEqual([true, true, true, false]);
  });

  it('keeps keys apart and forgets the oldest when full', () => {
    const r = new RateLimiter(() => 0, 2);
    const b = { burst: 1, perSecond: 0.001 };
    expect(r.take('a', b)).toBe(true);
    expect(r.take('b', b)).toBe(true);
    expect(r.take('a', b)).toBe(false);
    expect(r.take('c', b)).toBe(true);
    // 'b' was touched least recently and is gone: it starts with a full bucket again.
    expect(r.take('b', b)).toBe(true);
  });
});
