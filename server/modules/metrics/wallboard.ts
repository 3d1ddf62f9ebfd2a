import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { EventBus } from '../../platform/realtime/index.js';
import { readQueueSettings } from '../queues/index.js';
import { kpis } from './domain/kpis.js';
import { applyPendingRollups } from './rollups.js';
import * as store from './store.js';

export const WALLBOARD_TOPIC = 'wallboard';
export const WALLBOARD_EVENT = 'wallboard.snapshot';
const NOTIFY_CHANNEL = 'tawasul_metrics';
/** At most one snapshot per workspace per this many ms; the first change after a quiet spell goes out at once. */
const MIN_GAP_MS = 700;

type AgentState = 'available' | 'after_contact_work' | 'away' | 'offline' | 'busy';

/** The supervisor's floor now: queues (live + today) and agents. Today is the workspace's local day. */
export async function wallboardSnapshot(db: Db, workspaceId: string, now: Date) {
  const [{ timezone: tz, dayStart, day }] = await Promise.all([store.localToday(db, workspaceId, now), applyPendingRollups(db, workspaceId)]);
  const today: store.Scope = { workspaceId, timezone: tz, from: dayStart, to: new Date(dayStart.getTime() + 36 * 3600_000), fromDay: day, toDay: day };
  const [queues, waiting, perQueue, perAgent, agents, skills, current] = await Promise.all([
    db.execute<{ id: string; name: string; settings: unknown }>(sql`SELECT id, name, settings FROM queues WHERE workspace_id = ${workspaceId} ORDER BY name`),
    db.execute<{ queue_id: string; waiting: number; oldest: Date }>(sql`
      SELECT queue_id, count(*)::int AS waiting, min(coalesce(enqueued_at, created_at)) AS oldest FROM interactions
      WHERE workspace_id = ${workspaceId} AND status = 'queued' GROUP BY queue_id`),
    store.series(db, today, 'all', 'queue'),
    store.series(db, today, 'all', 'agent'),
    db.execute<{ id: string; name: string; state: string | null; reason: string | null; since: Date | null }>(sql`
      SELECT u.id, u.name, p.state, p.reason, p.since FROM users u LEFT JOIN agent_presence p ON p.user_id = u.id
      WHERE u.workspace_id = ${workspaceId} AND u.active AND u.role IN ('agent', 'supervisor') ORDER BY u.name`),
    db.execute<{ user_id: string; skill: string; level: number }>(sql`SELECT user_id, skill, level FROM user_skills WHERE workspace_id = ${workspaceId}`),
    db.execute<{ assignee_id: string; n: number; channels: string[] }>(sql`
      SELECT assignee_id, count(*)::int AS n, array_agg(DISTINCT channel) AS channels FROM interactions
      WHERE workspace_id = ${workspaceId} AND status IN ('active', 'wrap_up') AND assignee_id IS NOT NULL GROUP BY assignee_id`),
  ]);
  const skillOf = new Map<string, Map<string, number>>();
  for (const s of skills.rows) skillOf.set(s.user_id, (skillOf.get(s.user_id) ?? new Map()).set(s.skill, s.level));
  const load = new Map(current.rows.map((r) => [r.assignee_id, r]));
  const agentRows = agents.rows.map((a) => {
    const t = perAgent.find((r) => r.key === a.id)?.totals;
    const k = t ? kpis(t) : null;
    const base = (a.state ?? 'offline') as AgentState;
    const contacts = load.get(a.id)?.n ?? 0;
    return {
      agentId: a.id, name: a.name, state: base === 'available' && contacts > 0 ? 'busy' as const : base, reason: a.reason,
      since: (a.since ? new Date(a.since) : now).toISOString(), contacts, channels: load.get(a.id)?.channels ?? [],
      handledToday: t?.handled ?? 0, aht: k?.aht ?? null,
    };
  });
  const queueRows = queues.rows.map((q) => {
    const settings = readQueueSettings(q.settings);
    const w = waiting.rows.find((r) => r.queue_id === q.id);
    const t = perQueue.find((r) => r.key === q.id)?.totals;
    const k = t ? kpis(t) : null;
    const serving = agentRows.filter((a) => settings.requiredSkills.every((r) => (skillOf.get(a.agentId)?.get(r.skill) ?? 0) >= r.minLevel));
    const byState: Record<AgentState, number> = { available: 0, busy: 0, after_contact_work: 0, away: 0, offline: 0 };
    for (const a of serving) byState[a.state] += 1;
    const oldest = w?.oldest ? new Date(w.oldest) : null;
    return {
      queueId: q.id, name: q.name, waiting: w?.waiting ?? 0, oldestQueuedAt: oldest?.toISOString() ?? null,
      longestWaitSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : 0,
      offeredToday: t?.offered ?? 0, answeredToday: t?.answered ?? 0, abandonedToday: t?.abandoned ?? 0, shortAbandonedToday: t?.shortAbandoned ?? 0,
      asaToday: k?.asa ?? null, serviceLevelToday: k?.serviceLevel ?? null, ahtToday: k?.aht ?? null,
      target: settings.serviceLevel, agents: byState,
    };
  });
  return { at: now.toISOString(), timezone: tz, dayStart: dayStart.toISOString(), queues: queueRows, agents: agentRows };
}
export type WallboardSnapshot = Awaited<ReturnType<typeof wallboardSnapshot>>;

/**
 * Pushes a fresh snapshot to the `wallboard` topic soon after anything moves: any realtime event of the
 * workspace (agent states, contacts), and the rollup applier's NOTIFY `tawasul_metrics` when it has
 * recomputed contacts. One process publishes (an advisory
 * lock held by its listening connection); the others stand by and take over if it goes.
 */
export class WallboardPublisher {
  private client?: pg.Client;
  private leader = false;
  private timers = new Map<string, NodeJS.Timeout>();
  private last = new Map<string, number>();
  private retry?: NodeJS.Timeout;
  private stopped = false;
  private stopAnnounce?: () => void;

  constructor(private deps: { db: Db; bus: EventBus; clock: Clock; log: Logger }, private url: string) {}

  async start() {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', () => {});
    await client.connect();
    this.client = client;
    client.on('notification', (n) => {
      if (n.channel === NOTIFY_CHANNEL && n.payload && this.leader) this.schedule(n.payload);
    });
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    // Agent state changes and new contacts show on the floor at once, before their rollups are applied.
    this.stopAnnounce = this.deps.bus.onAnnounce((ws, topics) => {
      if (this.leader && [...topics].some((t) => t !== WALLBOARD_TOPIC)) this.schedule(ws);
    });
    await this.elect();
  }

  private async elect() {
    if (this.stopped || !this.client) return;
    try {
      const r = await this.client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('tawasul:wallboard')) AS ok`);
      this.leader = !!r.rows[0]?.ok;
    } catch {
      this.leader = false;
    }
    if (!this.leader) {
      this.retry = setTimeout(() => void this.elect(), 5000);
      this.retry.unref();
    }
  }

  private schedule(workspaceId: string) {
    if (this.timers.has(workspaceId)) return;
    const wait = Math.max(0, (this.last.get(workspaceId) ?? 0) + MIN_GAP_MS - Date.now());
    const t = setTimeout(() => {
      this.timers.delete(workspaceId);
      this.last.set(workspaceId, Date.now());
      this.publish(workspaceId).catch((err) => this.deps.log.warn({ err, workspaceId }, 'wallboard snapshot failed'));
    }, wait);
    this.timers.set(workspaceId, t);
  }

  async publish(workspaceId: string) {
    const payload = await wallboardSnapshot(this.deps.db, workspaceId, this.deps.clock.now());
    await this.deps.bus.publish({ workspaceId, topic: WALLBOARD_TOPIC, type: WALLBOARD_EVENT, payload });
  }

  async stop() {
    this.stopped = true;
    this.stopAnnounce?.();
    clearTimeout(this.retry);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await this.client?.end().catch(() => {});
  }
}
