import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { totalKeys, type Totals } from './domain/kpis.js';
import type { Interval } from './domain/intervals.js';

/** Which contacts a report covers: a period (instants) and optional slices. */
export type Scope = {
  workspaceId: string;
  timezone: string;
  from: Date;
  to: Date;
  /** The same period as local dates (first and last day, inclusive). */
  fromDay: string;
  toDay: string;
  queueId?: string;
  agentId?: string;
  teamId?: string;
  channel?: string;
  reason?: string;
};

export const dimensions = ['none', 'queue', 'agent', 'team', 'channel', 'reason'] as const;
export type Dimension = (typeof dimensions)[number];

const col: Record<keyof Totals, string> = {
  offered: 'offered', answered: 'answered', answeredInSl: 'answered_in_sl', abandoned: 'abandoned', shortAbandoned: 'short_abandoned',
  answerWaitMs: 'answer_wait_ms', maxWaitMs: 'max_wait_ms', handled: 'handled', talkMs: 'talk_ms', holdMs: 'hold_ms', acwMs: 'acw_ms',
  transfers: 'transfers', escalations: 'escalations', resolved: 'resolved', fcrResolved: 'fcr_resolved', ratings: 'ratings',
  ratingSum: 'rating_sum', ratingsPositive: 'ratings_positive',
};

/** The sums of a set of bucket rows (alias `b`), named like `Totals`. */
const sums = sql.raw(totalKeys.map((k) => `${k === 'maxWaitMs' ? 'max' : 'sum'}(b.${col[k]})::float8 AS "${k}"`).join(', '));

export const toTotals = (r: Record<string, unknown>): Totals =>
  Object.fromEntries(totalKeys.map((k) => [k, Number(r[k] ?? 0)])) as Totals;

/** Conditions on bucket rows (`b`) for a scope. Period bounds are whole 15-minute buckets in any zone. */
export function bucketWhere(s: Scope, alias = 'b'): SQL {
  const a = sql.raw(alias);
  return sql`${a}.workspace_id = ${s.workspaceId} AND ${a}.bucket >= ${s.from.toISOString()}::timestamptz AND ${a}.bucket < ${s.to.toISOString()}::timestamptz AND ${filters(s, alias)}`;
}

/** The slice conditions of a scope (queue, agent, channel, reason, team) on rows aliased `alias`. */
function filters(s: Scope, alias: string): SQL {
  const a = sql.raw(alias);
  return sql.join([
    sql`TRUE`,
    s.queueId ? sql`${a}.queue_id = ${s.queueId}` : undefined,
    s.agentId ? sql`${a}.agent_id = ${s.agentId}` : undefined,
    s.channel ? sql`${a}.channel = ${s.channel}` : undefined,
    s.reason ? (s.reason === '-' ? sql`${a}.reason IS NULL` : sql`${a}.reason = ${s.reason}`) : undefined,
    s.teamId ? sql`${a}.agent_id IN (SELECT user_id FROM department_members WHERE department_id = ${s.teamId} AND workspace_id = ${s.workspaceId})` : undefined,
  ].filter((x): x is SQL => !!x), sql` AND `);
}

const keyExpr = (by: Dimension): SQL => {
  switch (by) {
    case 'none': return sql`''`;
    case 'queue': return sql`coalesce(b.queue_id::text, '')`;
    case 'agent': return sql`coalesce(b.agent_id::text, '')`;
    case 'team': return sql`coalesce(dm.department_id::text, '')`;
    case 'channel': return sql`b.channel`;
    case 'reason': return sql`coalesce(b.reason, '')`;
  }
};

const periodExpr = (interval: Interval | 'all', tz: string): SQL => {
  if (interval === 'all') return sql`''`;
  const local = sql`(b.bucket AT TIME ZONE ${tz})`;
  switch (interval) {
    case '15m': return sql`to_char(${local}, 'YYYY-MM-DD"T"HH24:MI')`;
    case 'hour': return sql`to_char(date_trunc('hour', ${local}), 'YYYY-MM-DD"T"HH24:MI')`;
    case 'day': return sql`to_char(${local}, 'YYYY-MM-DD')`;
    case 'week': return sql`to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')`;
    case 'month': return sql`to_char(${local}, 'YYYY-MM')`;
  }
};

/**
 * Which daily rollup answers a slice over whole days, if any: each keeps fewer dimensions
 * ('qc' = queue × channel, 'agent', 'reason'); other combinations sum the 15-minute buckets.
 */
export function dailyRollup(s: Scope, interval: Interval | 'all', by: Dimension): 'qc' | 'agent' | 'reason' | null {
  if (interval === '15m' || interval === 'hour') return null;
  const qc = !!(s.queueId || s.channel), ag = !!(s.agentId || s.teamId), re = !!s.reason;
  if ((by === 'none' || by === 'queue' || by === 'channel') && !ag && !re) return 'qc';
  if ((by === 'none' || by === 'agent' || by === 'team') && !qc && !re) return 'agent';
  if ((by === 'none' || by === 'reason') && !qc && !ag) return 'reason';
  return null;
}

const dayPeriod = (interval: Interval | 'all'): SQL => {
  switch (interval) {
    case 'week': return sql`to_char(date_trunc('week', b.day), 'YYYY-MM-DD')`;
    case 'month': return sql`to_char(b.day, 'YYYY-MM')`;
    case 'all': return sql`''`;
    default: return sql`to_char(b.day, 'YYYY-MM-DD')`;
  }
};

/** Summed counters per (period, slice key). */
export async function series(db: Tx, s: Scope, interval: Interval | 'all', by: Dimension) {
  const teamJoin = by === 'team' ? sql`JOIN department_members dm ON dm.user_id = b.agent_id AND dm.workspace_id = b.workspace_id` : sql``;
  const dim = dailyRollup(s, interval, by);
  const rows = (await db.execute<Record<string, unknown>>(dim
    ? sql`
      SELECT ${dayPeriod(interval)} AS period, ${keyExpr(by)} AS key, ${sums}
      FROM metric_days b ${teamJoin}
      WHERE b.workspace_id = ${s.workspaceId} AND b.dim = ${dim} AND b.day >= ${s.fromDay}::date AND b.day <= ${s.toDay}::date
        AND ${filters(s, 'b')}
      GROUP BY 1, 2 ORDER BY 1, 2`
    : sql`
      SELECT ${periodExpr(interval, s.timezone)} AS period, ${keyExpr(by)} AS key, ${sums}
      FROM metric_buckets b ${teamJoin}
      WHERE ${bucketWhere(s)}
      GROUP BY 1, 2 ORDER BY 1, 2`)).rows;
  return rows.map((r) => ({ period: String(r.period), key: String(r.key), totals: toTotals(r) }));
}

/** Offered contacts by local weekday (0 = Sunday) and hour. */
export async function heatmap(db: Tx, s: Scope) {
  if (!s.queueId && !s.channel && !s.agentId && !s.teamId && !s.reason) {
    return (await db.execute<{ weekday: number; hour: number; offered: number }>(sql`
      SELECT extract(dow FROM b.day)::int AS weekday, b.hour::int AS hour, sum(b.offered)::int AS offered
      FROM metric_days b WHERE b.workspace_id = ${s.workspaceId} AND b.dim = 'hour' AND b.day >= ${s.fromDay}::date AND b.day <= ${s.toDay}::date
      GROUP BY 1, 2 ORDER BY 1, 2`)).rows;
  }
  return (await db.execute<{ weekday: number; hour: number; offered: number }>(sql`
    SELECT extract(dow FROM b.bucket AT TIME ZONE ${s.timezone})::int AS weekday, extract(hour FROM b.bucket AT TIME ZONE ${s.timezone})::int AS hour,
      sum(b.offered)::int AS offered
    FROM metric_buckets b WHERE ${bucketWhere(s)} GROUP BY 1, 2 ORDER BY 1, 2`)).rows;
}

/** Time per agent state in the period (periods clipped to it; an open one runs until now). */
export async function stateTime(db: Tx, s: Scope, now: Date) {
  return (await db.execute<{ agent_id: string; state: string; ms: number }>(sql`
    SELECT l.user_id AS agent_id, l.state,
      sum(extract(epoch FROM least(coalesce(l.ended_at, ${now.toISOString()}::timestamptz), ${s.to.toISOString()}::timestamptz)
        - greatest(l.started_at, ${s.from.toISOString()}::timestamptz)) * 1000)::float8 AS ms
    FROM agent_state_log l
    WHERE l.workspace_id = ${s.workspaceId} AND l.started_at < ${s.to.toISOString()}::timestamptz
      AND coalesce(l.ended_at, 'infinity'::timestamptz) > ${s.from.toISOString()}::timestamptz
      ${s.agentId ? sql`AND l.user_id = ${s.agentId}` : sql``}
      ${s.teamId ? sql`AND l.user_id IN (SELECT user_id FROM department_members WHERE department_id = ${s.teamId})` : sql``}
    GROUP BY 1, 2`)).rows.map((r) => ({ agentId: r.agent_id, state: r.state, ms: Number(r.ms) }));
}

export const drillMeasures = [
  'offered', 'answered', 'answered_in_sl', 'abandoned', 'short_abandoned', 'handled', 'transferred', 'escalated', 'resolved', 'fcr', 'repeated', 'rated', 'positive',
] as const;
export type DrillMeasure = (typeof drillMeasures)[number];

const measureWhere = (m: DrillMeasure | undefined, positiveMin: number): SQL => {
  switch (m) {
    case undefined: return sql`TRUE`;
    case 'offered': return sql`c.offered = 1`;
    case 'answered': return sql`c.answered = 1`;
    case 'answered_in_sl': return sql`c.answered_in_sl = 1`;
    case 'abandoned': return sql`c.abandoned = 1`;
    case 'short_abandoned': return sql`c.short_abandoned = 1`;
    case 'handled': return sql`c.handled = 1`;
    case 'transferred': return sql`c.transfers > 0`;
    case 'escalated': return sql`c.escalations > 0`;
    case 'resolved': return sql`c.resolved = 1`;
    case 'fcr': return sql`c.resolved = 1 AND c.repeated = 0`;
    case 'repeated': return sql`c.resolved = 1 AND c.repeated = 1`;
    case 'rated': return sql`c.rating IS NOT NULL`;
    case 'positive': return sql`c.rating >= ${positiveMin}`;
  }
};

/**
 * The contacts behind a number, oldest first. A contact's bucket holds its arrival and period bounds are
 * whole 15-minute buckets, so `arrived_at` in the period selects exactly the contacts the buckets summed.
 */
export async function contacts(db: Tx, s: Scope, measure: DrillMeasure | undefined, positiveMin: number, limit: number, after?: { at: Date; id: string }) {
  return (await db.execute<Record<string, unknown>>(sql`
    SELECT c.*, i.status, i.subject, i.direction, i.created_at AS interaction_created_at, cu.name AS customer_name, q.name AS queue_name, u.name AS agent_name
    FROM (
      SELECT c.* FROM metric_contacts c
      WHERE c.workspace_id = ${s.workspaceId} AND c.arrived_at >= ${s.from.toISOString()}::timestamptz AND c.arrived_at < ${s.to.toISOString()}::timestamptz
        AND ${filters(s, 'c')} AND ${measureWhere(measure, positiveMin)}
        ${after ? sql`AND (c.arrived_at, c.interaction_id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
      ORDER BY c.arrived_at, c.interaction_id LIMIT ${limit}
    ) c
    JOIN interactions i ON i.id = c.interaction_id
    LEFT JOIN customers cu ON cu.id = c.customer_id
    LEFT JOIN queues q ON q.id = c.queue_id
    LEFT JOIN users u ON u.id = c.agent_id
    ORDER BY c.arrived_at, c.interaction_id`)).rows;
}

/** Per-contact facts straight from the event log (the view), for checks and rebuilds. */
export async function factsFromLog(db: Tx, workspaceId: string) {
  return (await db.execute<Record<string, unknown>>(sql`SELECT * FROM metrics_fact_source WHERE workspace_id = ${workspaceId}`)).rows;
}

export async function rebuild(db: Tx, workspaceId: string) {
  const [r] = (await db.execute<{ n: string }>(sql`SELECT metrics_rebuild(${workspaceId}) AS n`)).rows;
  return Number(r?.n ?? 0);
}

export type MetricsSettings = { shortAbandonSeconds: number; fcrDays: number; csatPositiveMin: number };
export const defaultSettings: MetricsSettings = { shortAbandonSeconds: 5, fcrDays: 7, csatPositiveMin: 4 };

export async function readSettings(db: Tx, workspaceId: string): Promise<MetricsSettings> {
  const [r] = (await db.execute<{ short_abandon_seconds: number; fcr_days: number; csat_positive_min: number }>(sql`
    SELECT short_abandon_seconds, fcr_days, csat_positive_min FROM metrics_settings WHERE workspace_id = ${workspaceId}`)).rows;
  return r ? { shortAbandonSeconds: r.short_abandon_seconds, fcrDays: r.fcr_days, csatPositiveMin: r.csat_positive_min } : defaultSettings;
}

export async function writeSettings(db: Tx, workspaceId: string, s: MetricsSettings) {
  await db.execute(sql`
    INSERT INTO metrics_settings (workspace_id, short_abandon_seconds, fcr_days, csat_positive_min)
    VALUES (${workspaceId}, ${s.shortAbandonSeconds}, ${s.fcrDays}, ${s.csatPositiveMin})
    ON CONFLICT (workspace_id) DO UPDATE SET short_abandon_seconds = EXCLUDED.short_abandon_seconds, fcr_days = EXCLUDED.fcr_days, csat_positive_min = EXCLUDED.csat_positive_min`);
}

/** The workspace's zone and the instants of local midnight starting `fromDay` and ending `toDay` (inclusive), in one round trip. */
export async function localPeriod(db: Tx, workspaceId: string, fromDay: string, toDay: string) {
  const [r] = (await db.execute<{ timezone: string; f: string; t: string }>(sql`
    SELECT w.timezone, (${fromDay}::date::timestamp AT TIME ZONE w.timezone) AS f, ((${toDay}::date + 1)::timestamp AT TIME ZONE w.timezone) AS t
    FROM workspaces w WHERE w.id = ${workspaceId}`)).rows;
  if (!r) throw new Error('workspace not found');
  return { timezone: r.timezone, from: new Date(r.f), to: new Date(r.t), fromDay, toDay };
}

/** The workspace's zone and the start of its local day at `now`. */
export async function localToday(db: Tx, workspaceId: string, now: Date) {
  const [r] = (await db.execute<{ timezone: string; d: string; day: string }>(sql`
    SELECT w.timezone, ((${now.toISOString()}::timestamptz AT TIME ZONE w.timezone)::date::timestamp AT TIME ZONE w.timezone) AS d,
      to_char((${now.toISOString()}::timestamptz AT TIME ZONE w.timezone)::date, 'YYYY-MM-DD') AS day
    FROM workspaces w WHERE w.id = ${workspaceId}`)).rows;
  return { timezone: r?.timezone ?? 'UTC', dayStart: new Date(r?.d ?? now), day: r?.day ?? now.toISOString().slice(0, 10) };
}
