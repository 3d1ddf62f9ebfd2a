import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.js';

describe('FailureLimiter', () => {
  it('blocks a key after max failures until the window ends', () => {
    const l = new FailureLimiter(3, 1000);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('a', 0)).toBe(0);
      l.fail('a', 0);
    }
    expect(l.retryAfter('a', 10)).toBe(990);
    expect(l.retryAfter('b', 10)).toBe(0);
    expect(l.retryAfter('a', 1000)).toBe(0);
  });

  it('forgets a key on reset', () => {
    const l = new FailureLimiter(1, 1000);
    l.fail('a', 0);
    expect(l.retryAfter('a', 1)).toBeGreaterThan(0);
    l.reset('a');
    expect(l.retryAfter('a', 1)).toBe(0);
  });
});
