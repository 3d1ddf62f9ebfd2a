import { describe, expect, it } from 'vitest';
import { bestSkill } from './best-skill.js';
import type { EligibleAgent } from './types.js';

const e = (id: string, skillScore: number, idleSince: number): EligibleAgent => ({
  id,
  idleSince,
  lastOfferedAt: 0,
  loadRatio: 0,
  totalLoad: 0,
  skillScore,
});
const ctx = { queueId: 'q', now: 100, lastPicked: undefined };

describe('best skill first', () => {
  it('picks the highest skill score, then the longest idle', () => {
    expect(bestSkill.select([e('a', 3, 0), e('b', 5, 50), e('c', 5, 20)], { id: 'x', channel: 'voice' }, ctx)).toBe('c');
  });
});
