import type { OverflowStep, Queue, SkillRequirement } from './model.js';

/** The first `level` relax_skills steps of a queue's overflow, in time order. */
const relaxSteps = (q: Queue) =>
  q.overflow.filter((s): s is Extract<OverflowStep, { action: 'relax_skills' }> => s.action === 'relax_skills');

/**
 * The skills a contact needs after `level` relax_skills steps: each step lowers every minimum by `by`
 * (default 1) and/or drops the named skills; a minimum that reaches 0 is no longer required.
 */
export function relaxedSkills(q: Queue, level: number): SkillRequirement[] {
  let reqs = q.requiredSkills.map((r) => ({ ...r }));
  for (const step of relaxSteps(q).slice(0, level)) {
    const drop = new Set(step.dropSkills ?? []);
    const by = step.by ?? (step.dropSkills ? 0 : 1);
    reqs = reqs.filter((r) => !drop.has(r.skill)).map((r) => ({ skill: r.skill, minLevel: r.minLevel - by }));
    reqs = reqs.filter((r) => r.minLevel > 0);
  }
  return reqs;
}

/** Whether an agent's skill levels meet every requirement. */
export function meetsSkills(skills: ReadonlyMap<string, number>, reqs: readonly SkillRequirement[]): boolean {
  for (const r of reqs) if ((skills.get(r.skill) ?? 0) < r.minLevel) return false;
  return true;
}

/** Sum of the agent's levels on the queue's skills: the best-skill strategy's score. */
export function skillScore(skills: ReadonlyMap<string, number>, reqs: readonly SkillRequirement[]): number {
  let s = 0;
  for (const r of reqs) s += skills.get(r.skill) ?? 0;
  return s;
}
