/** Time in each agent state, split at interval boundaries, and occupancy. */

export type StatePeriod = { agentId: string; state: string; startedAt: number; endedAt: number | null };

/** Milliseconds per state of the periods' overlap with [from, to); an open period runs until `now`. */
export function timeInStates(periods: StatePeriod[], from: number, to: number, now: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of periods) {
    const ms = Math.min(p.endedAt ?? now, to) - Math.max(p.startedAt, from);
    if (ms > 0) out[p.state] = (out[p.state] ?? 0) + ms;
  }
  return out;
}

/**
 * Occupancy: handling time ÷ staffed time, where staffed is time signed in and not away
 * (available + after-contact work); an agent handling contacts stays "available" for routing.
 */
export function occupancy(handleMs: number, states: Record<string, number>): number | null {
  const staffed = (states.available ?? 0) + (states.after_contact_work ?? 0);
  if (staffed <= 0) return null;
  return Math.round(Math.min(1, handleMs / staffed) * 1000) / 10;
}
