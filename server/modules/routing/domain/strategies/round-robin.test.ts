import { describe, expect, it } from 'vitest';
import { roundRobin } from './round-robin.js';
import type { EligibleAgent } from './types.js';

const e = (id: string): EligibleAgent => ({ id, idleSince: 0, lastOfferedAt: 0, loadRatio: 0, totalLoad: 0, skillScore: 0 });
const c = { id: 'x', channel: 'chat' } as const;

describe('round robin', () => {
  it('takes turns in id order and wraps around', () => {
    const all = [e('c'), e('a'), e('b')];
    let last: string | undefined;
    const picks: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      last = roundRobin.select(all, c, { queueId: 'q', now: 0, lastPicked: last });
      picks.push(last);
    }
    expect(picks).toEqual(['a', 'b', 'c', 'a']);
  });

  it('skips agents that are not candidates this time', () => {
    expect(roundRobin.select([e('a'), e('d')], c, { queueId: 'q', now: 0, lastPicked: 'b' })).toBe('d');
  });
});
