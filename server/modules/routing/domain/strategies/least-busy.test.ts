import { describe, expect, it } from 'vitest';
import { leastBusy } from './least-busy.js';
import type { EligibleAgent } from './types.js';

const e = (id: string, loadRatio: number, totalLoad: number, idleSince = 0): EligibleAgent => ({
  id,
  idleSince,
  lastOfferedAt: 0,
  loadRatio,
  totalLoad,
  skillScore: 0,
});
const ctx = { queueId: 'q', now: 100, lastPicked: undefined };

describe('least busy', () => {
  it('picks the lowest load ratio, then fewest contacts, then longest idle', () => {
    expect(leastBusy.select([e('a', 2 / 3, 2), e('b', 1 / 3, 1), e('c', 1 / 3, 3)], { id: 'x', channel: 'chat' }, ctx)).toBe('b');
    expect(leastBusy.select([e('a', 0, 1, 5), e('b', 0, 1, 2)], { id: 'x', channel: 'chat' }, ctx)).toBe('b');
  });
});
