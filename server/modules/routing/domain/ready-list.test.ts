import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agent } from './model.js';
import { ReadyList } from './router-state.js';

describe('ReadyList', () => {
  it('behaves as a set under any sequence of adds and deletes, keeping positions right', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(7))), (ops) => {
        const entries = Array.from({ length: 8 }, (_, i) => ({ agent: { id: `a${i}` } as Agent, pos: -1 }));
        const list = new ReadyList();
        const model = new Set<number>();
        for (const [add, i] of ops) {
          if (add) {
            list.add(entries[i]);
            model.add(i);
          } else {
            list.delete(entries[i]);
            model.delete(i);
          }
          expect(list.size).toBe(model.size);
          expect(new Set([...list].map((a) => a.id))).toEqual(new Set([...model].map((i) => `a${i}`)));
          list.entries.forEach((e, k) => expect(e.pos).toBe(k));
          entries.forEach((e, k) => expect(e.pos >= 0).toBe(model.has(k)));
        }
      }),
    );
  });
});
