import type { Agent, Channel } from './model.js';

/** Whether a busy channel of the agent (assigned or offered) blocks new work on `ch`. */
export function blocked(a: Agent, ch: Channel): boolean {
  for (const [busy, n] of a.load) {
    if (n > 0 && busy !== ch && a.blocks[busy]?.includes(ch)) return true;
  }
  return false;
}

/** Whether the agent can take one more contact on `ch` right now: available, below capacity, not blocked. */
export function hasRoom(a: Agent, ch: Channel): boolean {
  if (a.state !== 'available') return false;
  const cap = a.capacity[ch] ?? 0;
  return (a.load.get(ch) ?? 0) < cap && !blocked(a, ch);
}

/** Whether the agent could take anything at all right now (the "ready" index). */
export function isReady(a: Agent): boolean {
  if (a.state !== 'available') return false;
  for (const ch in a.capacity) if (hasRoom(a, ch as Channel)) return true;
  return false;
}

/** Load on `ch` over capacity on `ch` (1 when it has none). */
export const loadRatio = (a: Agent, ch: Channel) => {
  const cap = a.capacity[ch] ?? 0;
  return cap > 0 ? (a.load.get(ch) ?? 0) / cap : 1;
};
