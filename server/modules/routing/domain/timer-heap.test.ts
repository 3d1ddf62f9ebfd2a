import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerHeap } from './timer-heap.js';

describe('TimerHeap', () => {
  it('pops only what is due, earliest first, equal times in insertion order', () => {
    const h = new TimerHeap<string>();
    h.push(30, 'c');
    h.push(10, 'a1');
    h.push(20, 'b');
    h.push(10, 'a2');
    expect(h.peekAt()).toBe(10);
    expect(h.popDue(5)).toBeUndefined();
    expect(h.popDue(10)?.value).toBe('a1');
    expect(h.popDue(10)?.value).toBe('a2');
    expect(h.popDue(10)).toBeUndefined();
    expect(h.popDue(100)?.value).toBe('b');
    expect(h.popDue(100)?.value).toBe('c');
    expect(h.size).toBe(0);
  });

  it('drains in sorted order for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 })), (ats) => {
        const h = new TimerHeap<number>();
        ats.forEach((at, i) => h.push(at, i));
        const out: [number, number][] = [];
        for (let t = h.popDue(Infinity); t; t = h.popDue(Infinity)) out.push([t.at, t.value]);
        const expected = ats.map((at, i) => [at, i] as [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('prune drops dead timers and keeps the rest in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean())), (items) => {
        const h = new TimerHeap<{ i: number; dead: boolean }>();
        items.forEach(([at, dead], i) => h.push(at, { i, dead }));
        h.prune((v) => v.dead);
        const out: number[] = [];
        for (let t = h.popDue(Infinity); t; t = h.popDue(Infinity)) out.push(t.value.i);
        const expected = items.map(([at, dead], i) => ({ at, dead, i })).filter((x) => !x.dead).sort((x, y) => x.at - y.at || x.i - y.i).map((x) => x.i);
        expect(out).toEqual(expected);
      }),
    );
  });
});
