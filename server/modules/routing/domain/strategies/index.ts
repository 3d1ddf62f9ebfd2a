import type { StrategyName } from '../model.js';
import { bestSkill } from './best-skill.js';
import { leastBusy } from './least-busy.js';
import { longestIdle } from './longest-idle.js';
import { roundRobin } from './round-robin.js';
import type { Strategy } from './types.js';

export type { EligibleAgent, SelectorContact, Strategy, StrategyContext } from './types.js';
export { bestSkill, leastBusy, longestIdle, roundRobin };

export const strategies: Readonly<Record<StrategyName, Strategy>> = {
  longest_idle: longestIdle,
  least_busy: leastBusy,
  round_robin: roundRobin,
  best_skill: bestSkill,
};
