import { describe, expect, it } from 'vitest';
import { estimateWaitMs, HandleTimes } from './ewt.js';

describe('estimated wait', () => {
  it('is (ahead + 1) × AHT ÷ slots, unknown without staffed slots', () => {
    expect(estimateWaitMs(0, 120_000, 4)).toBe(30_000);
    expect(estimateWaitMs(3, 120_000, 4)).toBe(120_000);
    expect(estimateWaitMs(3, 120_000, 0)).toBeUndefined();
  });

  it('averages a window of recent handle times, with a default before any', () => {
    const h = new HandleTimes(300_000, 3);
    expect(h.mean('q|voice')).toBe(300_000);
    [10, 20, 30, 40].forEach((ms) => h.record('q|voice', ms));
    expect(h.mean('q|voice')).toBe(30);
    expect(h.mean('q|chat')).toBe(300_000);
  });
});
