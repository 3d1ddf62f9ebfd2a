import { byId, minBy, type Strategy } from './types.js';

/** Highest levels on the queue's skills first, then longest idle. */
export const bestSkill: Strategy = {
  name: 'best_skill',
  select: (candidates) => minBy(candidates, (a, b) => b.skillScore - a.skillScore || a.idleSince - b.idleSince || byId(a, b)),
};
