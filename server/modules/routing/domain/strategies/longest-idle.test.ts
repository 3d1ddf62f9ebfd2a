import { describe, expect, it } from 'vitest';
import { longestIdle } from './longest-idle.js';
import type { EligibleAgent } from './types.js';

const e = (id: string, idleSince: number): EligibleAgent => ({ id, idleSince, lastOfferedAt: 0, loadRatio: 0, totalLoad: 0, skillScore: 0 });
const ctx = { queueId: 'q', now: 100, lastPicked: undefined };

describe('longest idle', () => {
  it('picks the earliest idleSince', () => {
    expect(longestIdle.select([e('a', 50), e('b', 10), e('c', 30)], { id: 'x', channel: 'voice' }, ctx)).toBe('b');
  });
});
