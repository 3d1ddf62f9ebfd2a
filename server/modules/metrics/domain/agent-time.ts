/** Time in each agent state, split at interval boundaries, and occupancy. */
import { bucketOf, intervalLabel, type Interval } from './intervals.js';

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

/**
 * Milliseconds per state per report interval (labels as `intervalLabel` gives them, in `tz`) of the
 * periods' overlap with [from, to); an open period runs until `now`. Periods are cut at 15-minute
 * boundaries, which every local interval boundary is one of. `offline` is left out (never staffed).
 */
export function timeInStatesByInterval(periods: StatePeriod[], from: number, to: number, now: number, interval: Interval, tz: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const labels = new Map<number, string>();
  const labelOf = (bucket: number) => {
    let l = labels.get(bucket);
    if (l === undefined) labels.set(bucket, (l = intervalLabel(bucket, interval, tz)));
    return l;
  };
  for (const p of periods) {
    if (p.state === 'offline') continue;
    let a = Math.max(p.startedAt, from);
    const b = Math.min(p.endedAt ?? now, to);
    while (a < b) {
      const bucket = bucketOf(a);
      const next = Math.min(b, bucket + 15 * 60_000);
      const label = labelOf(bucket);
      const row = out.get(label) ?? {};
      row[p.state] = (row[p.state] ?? 0) + (next - a);
      out.set(label, row);
      a = next;
    }
  }
  return out;
}
