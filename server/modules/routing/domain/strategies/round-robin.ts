import type { Strategy } from './types.js';

/** Takes turns in agent id order: the first id after the queue's last pick, wrapping around. */
export const roundRobin: Strategy = {
  name: 'round_robin',
  select: (candidates, _contact, ctx) => {
    let next: string | undefined;
    let first: string | undefined;
    for (const { id } of candidates) {
      if (first === undefined || id < first) first = id;
      if (ctx.lastPicked !== undefined && id > ctx.lastPicked && (next === undefined || id < next)) next = id;
    }
    return next ?? first;
  },
};
