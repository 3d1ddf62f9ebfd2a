import { byId, minBy, type Strategy } from './types.js';

/** Lowest load ratio on the contact's channel, then fewest contacts overall, then longest idle. */
export const leastBusy: Strategy = {
  name: 'least_busy',
  select: (candidates) =>
    minBy(candidates, (a, b) => a.loadRatio - b.loadRatio || a.totalLoad - b.totalLoad || a.idleSince - b.idleSince || byId(a, b)),
};
