import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { occupancy, timeInStatesByInterval } from './domain/agent-time.js';
import type { Interval } from './domain/intervals.js';
import * as store from './store.js';

/**
 * Occupancy per report interval: handling time of the interval's contacts (talk + hold + after-contact
 * work, from the rollups) ÷ the agents' staffed time in it (available + after-contact work, from the
 * agent state log cut at the interval's local boundaries). Agent and team filters apply to both.
 */
export async function occupancySeries(db: Tx, s: store.Scope, interval: Interval, now: Date) {
  const [rows, periods] = await Promise.all([
    store.series(db, s, interval, 'none'),
    db.execute<{ agent_id: string; state: string; started_at: Date; ended_at: Date | null }>(sql`
      SELECT l.user_id AS agent_id, l.state, l.started_at, l.ended_at FROM agent_state_log l
      WHERE l.workspace_id = ${s.workspaceId} AND l.state <> 'offline' AND l.started_at < ${s.to.toISOString()}::timestamptz
        AND coalesce(l.ended_at, 'infinity'::timestamptz) > ${s.from.toISOString()}::timestamptz
        ${s.agentId ? sql`AND l.user_id = ${s.agentId}` : sql``}
        ${s.teamId ? sql`AND l.user_id IN (SELECT user_id FROM department_members WHERE department_id = ${s.teamId} AND workspace_id = ${s.workspaceId})` : sql``}`),
  ]);
  const states = timeInStatesByInterval(
    periods.rows.map((p) => ({ agentId: p.agent_id, state: p.state, startedAt: new Date(p.started_at).getTime(), endedAt: p.ended_at ? new Date(p.ended_at).getTime() : null })),
    s.from.getTime(), s.to.getTime(), now.getTime(), interval, s.timezone,
  );
  const handle = new Map(rows.map((r) => [r.period, r.totals.talkMs + r.totals.holdMs + r.totals.acwMs]));
  const labels = [...new Set([...handle.keys(), ...states.keys()])].sort();
  return labels.map((period) => {
    const st = states.get(period) ?? {};
    const handleMs = handle.get(period) ?? 0;
    return {
      period, occupancy: occupancy(handleMs, st), handleSeconds: Math.round(handleMs / 1000),
      staffedSeconds: Math.round(((st.available ?? 0) + (st.after_contact_work ?? 0)) / 1000),
      stateSeconds: Object.fromEntries(Object.entries(st).map(([k, v]) => [k, Math.round(v / 1000)])),
    };
  });
}
