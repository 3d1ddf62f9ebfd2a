import { sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { forbidden, invalid } from '../../platform/errors/index.js';
import { occupancy } from './domain/agent-time.js';
import { emptyTotals, kpis, type Totals } from './domain/kpis.js';
import type { Interval } from './domain/intervals.js';
import { applyPendingRollups } from './rollups.js';
import * as store from './store.js';

export type ReportQuery = {
  from: string; to: string; queueId?: string; agentId?: string; teamId?: string; channel?: string; reason?: string;
};

const MAX_DAYS = 400;

/** Reports, drill-downs and scorecards over the pre-aggregated buckets, in the workspace's time zone. */
export class MetricsService {
  constructor(private db: Db, private clock: Clock) {}

  /** Turns local dates (`from` … `to`, both inclusive) into a scope of instants, once the rollups have caught up. */
  async scope(p: Principal, q: ReportQuery): Promise<store.Scope> {
    if (q.to < q.from) throw invalid('invalid_period', '`to` is before `from`');
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
    if (days > MAX_DAYS) throw invalid('invalid_period', `A report covers at most ${MAX_DAYS} days`);
    const [{ timezone, from, to }] = await Promise.all([store.localPeriod(this.db, p.workspaceId, q.from, q.to), this.checkRefs(p, q), applyPendingRollups(this.db, p.workspaceId)]);
    return { workspaceId: p.workspaceId, timezone, from, to, fromDay: q.from, toDay: q.to, queueId: q.queueId, agentId: q.agentId, teamId: q.teamId, channel: q.channel, reason: q.reason };
  }

  private async checkRefs(p: Principal, q: ReportQuery) {
    const check = async (table: string, id: string | undefined, code: string) => {
      if (!id) return;
      const r = await this.db.execute(sql`SELECT 1 FROM ${sql.raw(table)} WHERE id = ${id} AND workspace_id = ${p.workspaceId}`);
      if (!r.rows.length) throw invalid(code, 'Not found in this workspace');
    };
    await Promise.all([check('queues', q.queueId, 'invalid_queue'), check('users', q.agentId, 'invalid_agent'), check('departments', q.teamId, 'invalid_team')]);
  }

  /** KPIs over the scope, with occupancy and time per agent state. */
  async summary(p: Principal, q: ReportQuery) {
    const s = await this.scope(p, q);
    const [[row], states, settings] = await Promise.all([store.series(this.db, s, 'all', 'none'), store.stateTime(this.db, s, this.clock.now()), store.readSettings(this.db, p.workspaceId)]);
    const totals = row?.totals ?? emptyTotals();
    const stateMs: Record<string, number> = {};
    for (const r of states) stateMs[r.state] = (stateMs[r.state] ?? 0) + r.ms;
    return {
      period: { from: s.from.toISOString(), to: s.to.toISOString(), timezone: s.timezone },
      kpis: kpis(totals),
      occupancy: occupancy(totals.talkMs + totals.holdMs + totals.acwMs, stateMs),
      stateSeconds: Object.fromEntries(Object.entries(stateMs).map(([k, v]) => [k, Math.round(v / 1000)])),
      settings,
    };
  }

  /** KPIs per interval and slice. */
  async series(p: Principal, q: ReportQuery & { interval: Interval | 'all'; by: store.Dimension }) {
    const s = await this.scope(p, q);
    const rows = await store.series(this.db, s, q.interval, q.by);
    const labels = await this.labels(p, q.by, rows.map((r) => r.key));
    return {
      period: { from: s.from.toISOString(), to: s.to.toISOString(), timezone: s.timezone },
      interval: q.interval, by: q.by,
      items: rows.map((r) => ({ period: r.period, key: r.key || null, label: labels.get(r.key) ?? null, ...kpis(r.totals) })),
    };
  }

  async heatmap(p: Principal, q: ReportQuery) {
    const s = await this.scope(p, q);
    return { timezone: s.timezone, items: await store.heatmap(this.db, s) };
  }

  /** Per agent: KPIs, occupancy and time in each state. */
  async agents(p: Principal, q: ReportQuery) {
    const s = await this.scope(p, q);
    const [rows, states, userRows] = await Promise.all([store.series(this.db, s, 'all', 'agent'), store.stateTime(this.db, s, this.clock.now()), this.db.execute<{ id: string; name: string }>(sql`
      SELECT id, name FROM users WHERE workspace_id = ${p.workspaceId} AND role IN ('agent', 'supervisor') AND active
      ${q.agentId ? sql`AND id = ${q.agentId}` : sql``}
      ${q.teamId ? sql`AND id IN (SELECT user_id FROM department_members WHERE department_id = ${q.teamId})` : sql``}
      ORDER BY name`)]);
    const users = userRows.rows;
    return {
      items: users.map((u) => {
        const totals = rows.find((r) => r.key === u.id)?.totals ?? emptyTotals();
        const st: Record<string, number> = {};
        for (const r of states) if (r.agentId === u.id) st[r.state] = r.ms;
        return {
          agentId: u.id, name: u.name, ...kpis(totals),
          occupancy: occupancy(totals.talkMs + totals.holdMs + totals.acwMs, st),
          stateSeconds: Object.fromEntries(Object.entries(st).map(([k, v]) => [k, Math.round(v / 1000)])),
        };
      }),
    };
  }

  /** The contacts behind a number, oldest first. */
  async contacts(p: Principal, q: ReportQuery & { measure?: store.DrillMeasure; cursor?: string; limit: number }) {
    const s = await this.scope(p, q);
    const settings = await store.readSettings(this.db, p.workspaceId);
    let after: { at: Date; id: string } | undefined;
    if (q.cursor) {
      const [at, id] = Buffer.from(q.cursor, 'base64url').toString().split('|');
      if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw invalid('invalid_cursor', 'Bad cursor');
      after = { at: new Date(at), id };
    }
    const rows = await store.contacts(this.db, s, q.measure, settings.csatPositiveMin, q.limit + 1, after);
    const items = rows.slice(0, q.limit).map(contactRow);
    const last = rows.length > q.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? Buffer.from(`${last.arrivedAt}|${last.interactionId}`).toString('base64url') : null };
  }

  /** Every contact of the scope as rows (for CSV), in pages. */
  async *allContacts(p: Principal, q: ReportQuery) {
    const s = await this.scope(p, q);
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const rows = (await store.contacts(this.db, s, undefined, 4, 5000, after)).map(contactRow);
      yield rows;
      if (rows.length < 5000) return;
      const last = rows[rows.length - 1]!;
      after = { at: new Date(last.arrivedAt), id: last.interactionId };
    }
  }

  /** Contact reasons: volume now vs the previous period of the same length, trend per interval, example messages. */
  async reasons(p: Principal, q: ReportQuery & { interval: Interval }) {
    const s = await this.scope(p, q);
    const len = s.to.getTime() - s.from.getTime();
    const days = Math.round((Date.parse(s.toDay) - Date.parse(s.fromDay)) / 86_400_000) + 1;
    const dayBefore = (d: string, n: number) => new Date(Date.parse(d) - n * 86_400_000).toISOString().slice(0, 10);
    const prev = { ...s, from: new Date(s.from.getTime() - len), to: s.from, fromDay: dayBefore(s.fromDay, days), toDay: dayBefore(s.fromDay, 1) };
    const [now, before, trend] = await Promise.all([store.series(this.db, s, 'all', 'reason'), store.series(this.db, prev, 'all', 'reason'), store.series(this.db, s, q.interval, 'reason')]);
    const volume = (t: Totals) => t.offered || t.handled;
    const items = now.filter((r) => r.key).map((r) => {
      const was = before.find((b) => b.key === r.key);
      const count = volume(r.totals), previous = was ? volume(was.totals) : 0;
      return {
        reason: r.key, contacts: count, previous, change: previous ? Math.round(((count - previous) / previous) * 1000) / 10 : null,
        ...pick(kpis(r.totals), ['aht', 'fcr', 'csat', 'csatMean', 'abandonRate']),
        trend: trend.filter((t) => t.key === r.key).map((t) => ({ period: t.period, contacts: volume(t.totals) })),
      };
    }).sort((a, b) => b.contacts - a.contacts);
    const examples = await this.examples(s, items.slice(0, 10).map((i) => i.reason));
    const rising = [...items].filter((i) => i.contacts >= 3 && (i.previous === 0 || (i.change ?? 0) >= 20))
      .sort((a, b) => (b.contacts - b.previous) - (a.contacts - a.previous)).slice(0, 5).map((i) => i.reason);
    return {
      period: { from: s.from.toISOString(), to: s.to.toISOString(), timezone: s.timezone },
      total: now.reduce((n, r) => n + volume(r.totals), 0),
      unclassified: volume(now.find((r) => !r.key)?.totals ?? emptyTotals()),
      items: items.map((i) => ({ ...i, examples: examples.get(i.reason) ?? [] })),
      rising,
    };
  }

  private async examples(s: store.Scope, reasons: string[]) {
    const out = new Map<string, string[]>();
    if (!reasons.length) return out;
    // Per reason, the first customer message of its latest contacts (at most 200 looked at, 3 kept).
    const rows = (await this.db.execute<{ reason: string; body: string }>(sql`
      SELECT r.reason, x.body FROM unnest(ARRAY[${sql.join(reasons.map((r) => sql`${r}`), sql`, `)}]::text[]) AS r(reason)
      CROSS JOIN LATERAL (
        SELECT m.body FROM (
          SELECT c.interaction_id, c.arrived_at FROM metric_contacts c
          WHERE c.workspace_id = ${s.workspaceId} AND c.reason = r.reason
            AND c.arrived_at >= ${s.from.toISOString()}::timestamptz AND c.arrived_at < ${s.to.toISOString()}::timestamptz
          ORDER BY c.arrived_at DESC LIMIT 200
        ) c
        JOIN LATERAL (SELECT body FROM messages WHERE interaction_id = c.interaction_id AND direction = 'inbound' AND kind = 'message' ORDER BY created_at LIMIT 1) m ON TRUE
        ORDER BY c.arrived_at DESC LIMIT 3
      ) x`)).rows;
    for (const r of rows) out.set(r.reason, [...(out.get(r.reason) ?? []), r.body.slice(0, 300)]);
    return out;
  }

  /** An agent's own KPIs for a month against their team's (or everyone's, without a team). */
  async scorecard(p: Principal, q: { month: string; agentId?: string }) {
    const agentId = q.agentId ?? p.userId;
    if (agentId !== p.userId && p.role === 'agent') throw forbidden('Agents see their own scorecard');
    const [y, m] = q.month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const base = { from: `${q.month}-01`, to: last };
    const team = (await this.db.execute<{ id: string; name: string }>(sql`
      SELECT d.id, d.name FROM department_members dm JOIN departments d ON d.id = dm.department_id
      WHERE dm.user_id = ${agentId} AND dm.workspace_id = ${p.workspaceId} ORDER BY d.kind = 'team' DESC, d.name LIMIT 1`)).rows[0];
    const mine = await this.agents({ ...p }, { ...base, agentId });
    const s = await this.scope(p, { ...base, teamId: team?.id });
    const [teamRow] = await store.series(this.db, s, 'all', 'none');
    const teamStates = await store.stateTime(this.db, s, this.clock.now());
    const teamTotals = teamRow?.totals ?? emptyTotals();
    const agentsInScope = new Set(teamStates.map((r) => r.agentId));
    const stateMs: Record<string, number> = {};
    for (const r of teamStates) stateMs[r.state] = (stateMs[r.state] ?? 0) + r.ms;
    const me = mine.items[0];
    if (!me) throw invalid('invalid_agent', 'No such agent in this workspace');
    const weekly = await store.series(this.db, { ...s, teamId: undefined, agentId }, 'week', 'none');
    return {
      month: q.month, agent: me, team: team ? { id: team.id, name: team.name } : null,
      teamKpis: { ...kpis(teamTotals), occupancy: occupancy(teamTotals.talkMs + teamTotals.holdMs + teamTotals.acwMs, stateMs), agents: agentsInScope.size },
      weeks: weekly.map((w) => ({ period: w.period, ...pick(kpis(w.totals), ['handled', 'aht', 'fcr', 'csat']) })),
    };
  }

  settings(p: Principal) {
    return store.readSettings(this.db, p.workspaceId);
  }

  /** New thresholds apply to history too: the workspace's numbers are rebuilt from the event log. */
  async setSettings(p: Principal, s: store.MetricsSettings) {
    await this.db.transaction(async (tx) => {
      await store.writeSettings(tx, p.workspaceId, s);
      await store.rebuild(tx, p.workspaceId);
    });
    return s;
  }

  async rebuild(p: Principal) {
    return { contacts: await this.db.transaction((tx) => store.rebuild(tx, p.workspaceId)) };
  }

  private async labels(p: Principal, by: store.Dimension, keys: string[]) {
    const ids = keys.filter((k) => /^[0-9a-f-]{36}$/.test(k));
    const out = new Map<string, string>();
    if (!ids.length) return out;
    const table = by === 'queue' ? 'queues' : by === 'agent' ? 'users' : by === 'team' ? 'departments' : null;
    if (!table) return out;
    const rows = (await this.db.execute<{ id: string; name: string }>(sql`
      SELECT id, name FROM ${sql.raw(table)} WHERE workspace_id = ${p.workspaceId} AND id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`)).rows;
    for (const r of rows) out.set(r.id, r.name);
    return out;
  }
}

const pick = <T extends object, K extends keyof T>(o: T, keys: K[]) => Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** One contact as reports show and export it. */
export function contactRow(r: Record<string, unknown>) {
  return {
    interactionId: String(r.interaction_id), channel: String(r.channel), status: String(r.status ?? ''), customerId: String(r.customer_id),
    customerName: (r.customer_name as string | null) ?? null, queueId: (r.queue_id as string | null) ?? null, queueName: (r.queue_name as string | null) ?? null,
    agentId: (r.agent_id as string | null) ?? null, agentName: (r.agent_name as string | null) ?? null, reason: (r.reason as string | null) ?? null,
    language: (r.language as string | null) ?? null, caseId: (r.case_id as string | null) ?? null,
    createdAt: iso(r.created_at)!, arrivedAt: iso(r.arrived_at)!, queuedAt: iso(r.queued_at), answeredAt: iso(r.answered_at), closedAt: iso(r.closed_at),
    waitSeconds: r.wait_ms === null ? null : Number(r.wait_ms) / 1000,
    talkSeconds: Number(r.talk_ms) / 1000, holdSeconds: Number(r.hold_ms) / 1000, acwSeconds: Number(r.acw_ms) / 1000,
    answered: Number(r.answered) === 1, answeredInSl: Number(r.answered_in_sl) === 1, abandoned: Number(r.abandoned) === 1, shortAbandoned: Number(r.short_abandoned) === 1,
    transfers: Number(r.transfers), escalations: Number(r.escalations), resolved: Number(r.resolved) === 1, repeated: Number(r.repeated) === 1,
    rating: num(r.rating),
  };
}
export type ContactRow = ReturnType<typeof contactRow>;
