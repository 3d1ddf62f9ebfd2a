import { describe, expect, it } from 'vitest';
import { normalizeQueue } from './model.js';
import { meetsSkills, relaxedSkills, skillScore } from './skills.js';

const q = normalizeQueue({
  id: 'q',
  channels: ['voice'],
  requiredSkills: [
    { skill: 'billing', minLevel: 3 },
    { skill: 'arabic', minLevel: 1 },
  ],
  overflow: [
    { afterSeconds: 120, action: 'relax_skills', dropSkills: ['arabic'] },
    { afterSeconds: 30, action: 'relax_skills' },
    { afterSeconds: 60, action: 'callback' },
  ],
});

describe('skills', () => {
  it('relaxes in time order: lower minimums first (dropping those at 0), then drop named skills', () => {
    expect(relaxedSkills(q, 0)).toEqual([
      { skill: 'billing', minLevel: 3 },
      { skill: 'arabic', minLevel: 1 },
    ]);
    expect(relaxedSkills(q, 1)).toEqual([{ skill: 'billing', minLevel: 2 }]);
    expect(relaxedSkills(q, 2)).toEqual([{ skill: 'billing', minLevel: 2 }]);
  });

  it('checks and scores levels', () => {
    const s = new Map([['billing', 2]]);
    expect(meetsSkills(s, relaxedSkills(q, 0))).toBe(false);
    expect(meetsSkills(s, relaxedSkills(q, 1))).toBe(true);
    expect(skillScore(new Map([['billing', 4], ['arabic', 2]]), q.requiredSkills)).toBe(6);
  });
});
