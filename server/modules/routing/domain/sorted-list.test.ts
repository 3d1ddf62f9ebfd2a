import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedList } from './sorted-list.js';

type Item = { k: number; id: number };
const cmp = (x: Item, y: Item) => x.k - y.k || x.id - y.id;

describe('SortedList', () => {
  it('keeps order, ranks and removes from the front cheaply', () => {
    const l = new SortedList<Item>(cmp);
    const items = [3, 1, 2, 1].map((k, id) => ({ k, id }));
    items.forEach((i) => l.insert(i));
    expect([...l].map((i) => i.id)).toEqual([1, 3, 2, 0]);
    expect(l.rank(items[2])).toBe(2);
    expect(l.remove(items[1])).toBe(true);
    expect(l.remove(items[1])).toBe(false);
    expect(l.first()).toBe(items[3]);
    l.insert({ k: 0, id: 9 });
    expect(l.first()?.id).toBe(9);
    expect(l.size).toBe(4);
  });

  it('behaves like a sorted array under random inserts and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 }), fc.nat(40))), (ops) => {
        const l = new SortedList<Item>(cmp);
        let model: Item[] = [];
        ops.forEach(([add, k, pick], id) => {
          if (add || model.length === 0) {
            const it = { k, id };
            l.insert(it);
            model.push(it);
            model.sort(cmp);
          } else {
            const it = model[pick % model.length];
            expect(l.remove(it)).toBe(true);
            model = model.filter((m) => m !== it);
          }
          expect([...l]).toEqual(model);
          expect(l.size).toBe(model.length);
        });
      }),
    );
  });

  it('compacts after many front removals', () => {
    const l = new SortedList<Item>(cmp);
    const items = Array.from({ length: 5000 }, (_, id) => ({ k: id, id }));
    items.forEach((i) => l.insert(i));
    for (let i = 0; i < 4000; i++) l.remove(items[i]);
    expect(l.size).toBe(1000);
    expect(l.first()).toBe(items[4000]);
    expect(l.at(999)).toBe(items[4999]);
    expect(l.rank(items[4500])).toBe(500);
  });
});
