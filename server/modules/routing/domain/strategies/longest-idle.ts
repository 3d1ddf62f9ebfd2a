import { byId, minBy, type Strategy } from './types.js';

/** The agent idle the longest (earliest idleSince) gets the contact. */
export const longestIdle: Strategy = {
  name: 'longest_idle',
  select: (candidates) => minBy(candidates, (a, b) => a.idleSince - b.idleSince || byId(a, b)),
};
