import { describe, expect, it } from 'vitest';
import { arrivals, exponential, logNormal, pick, seeded } from './sample.js';

describe('simulator sampling', () => {
  it('Poisson arrivals come at the asked rate', () => {
    const rand = seeded(7);
    const a = arrivals(60, 60 * 60_000, rand); // 60 per minute for an hour
    expect(a.length).toBeGreaterThan(3600 * 0.95);
    expect(a.length).toBeLessThan(3600 * 1.05);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
  });
  it('exponential and log-normal draws have the asked means', () => {
    const rand = seeded(11);
    const n = 20_000;
    const mean = (f: () => number) => Array.from({ length: n }, f).reduce((s, x) => s + x, 0) / n;
    expect(mean(() => exponential(30, rand))).toBeCloseTo(30, 0);
    expect(Math.abs(mean(() => logNormal(180, 0.6, rand)) - 180)).toBeLessThan(5);
  });
  it('picks by weight and repeats with the same seed', () => {
    const rand = seeded(3);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) counts[pick([{ value: 'a' as const, weight: 3 }, { value: 'b' as const, weight: 1 }], rand)]++;
    expect(counts.a / 10_000).toBeCloseTo(0.75, 1);
    expect(seeded(5)()).toBe(seeded(5)());
  });
});
