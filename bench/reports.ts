/**
 * bench:reports — seeds a year of contacts (1,000,000 by default, 100 agents, 20 queues, every channel)
 * with their events into a dedicated PostgreSQL database (embedded, or a new database on DATABASE_URL),
 * builds the metrics rollups from the event log, then times the report queries and the wallboard
 * snapshot. Prints one JSON line. Options: REPORTS_BENCH_INTERACTIONS, REPORTS_BENCH_RUNS.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Principal } from '../server/platform/auth/index.js';
import { connect, runMigrations, withDatabase } from '../server/platform/db/index.js';
import { startEmbeddedPostgres } from '../server/platform/db/embedded.js';
import { applyPendingRollups, MetricsService, wallboardSnapshot } from '../server/modules/metrics/index.js';
import { freePort } from '../test/support/ports.js';
import { percentile } from './lib/stats.js';

const N = Number(process.env.REPORTS_BENCH_INTERACTIONS ?? 1_000_000);
const RUNS = Number(process.env.REPORTS_BENCH_RUNS ?? 20);
const log = (m: string) => process.stderr.write(`${m}\n`);

async function database() {
  if (process.env.DATABASE_URL) {
    const name = `tawasul_bench_reports_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: withDatabase(process.env.DATABASE_URL, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    return {
      url: withDatabase(process.env.DATABASE_URL, name),
      stop: async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tawasul-bench-reports-'));
  let port = await freePort();
  while (port === 5432) port = await freePort();
  const pgdb = await startEmbeddedPostgres({ dataDir: dir, port, log });
  return { url: pgdb.url, stop: async () => { await pgdb.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

async function seed(client: pg.PoolClient, n: number) {
  const ws = (await client.query<{ id: string }>(`INSERT INTO workspaces (name, slug, timezone) VALUES ('Bench', 'bench-${Date.now()}', 'Asia/Baku') RETURNING id`)).rows[0]!.id;
  const q = (text: string) => client.query(text.replaceAll(':ws', `'${ws}'`));
  // Bulk load: no per-row triggers or foreign-key checks (the rollups are rebuilt from the log afterwards).
  await client.query(`SET session_replication_role = replica`).catch(() => client.query(`SET tawasul.metrics_off = 'on'`));
  await q(`INSERT INTO users (workspace_id, email, name, role) SELECT :ws, 'agent' || g || '-' || :ws || '@bench.test', 'Agent ' || g, 'agent' FROM generate_series(1, 100) g`);
  await q(`INSERT INTO departments (workspace_id, name, kind) SELECT :ws, 'Team ' || g, 'team' FROM generate_series(1, 10) g`);
  await q(`INSERT INTO department_members (workspace_id, department_id, user_id)
    SELECT :ws, d.id, u.id FROM (SELECT id, row_number() OVER (ORDER BY id) AS r FROM users WHERE workspace_id = :ws) u
    JOIN (SELECT id, row_number() OVER (ORDER BY id) AS r FROM departments WHERE workspace_id = :ws) d ON d.r = 1 + (u.r % 10)`);
  await q(`INSERT INTO queues (workspace_id, name, channels, settings) SELECT :ws, 'Queue ' || g, '{voice,email,chat,sms,whatsapp,telegram,messenger,form,walk_in}', '{"serviceLevel":{"percent":80,"seconds":20}}' FROM generate_series(1, 20) g`);
  await q(`INSERT INTO customers (workspace_id, name) SELECT :ws, 'Customer ' || g FROM generate_series(1, 100000) g`);
  await q(`CREATE TEMP TABLE bench_i AS
    SELECT gen_random_uuid() AS id, now() - random() * interval '365 days' AS t0,
      (ARRAY['voice','email','chat','sms','whatsapp','telegram','messenger','form','walk_in'])[1 + floor(random() * 9)::int] AS channel,
      a.queues[1 + floor(random() * 20)::int] AS queue_id, a.agents[1 + floor(random() * 100)::int] AS agent_id,
      a.customers[1 + floor(random() * a.nc)::int] AS customer_id,
      random() < 0.08 AS abandon, random() * 60 AS wait_s, 60 + random() * 400 AS talk_s, random() < 0.2 AS hold, 10 + random() * 60 AS acw_s,
      random() < 0.85 AS resolved, random() < 0.25 AS rated, 1 + floor(random() * 5)::int AS score,
      (ARRAY['billing','delivery','returns','order_status','technical','account','refund','cancel','complaint','pricing','login','other'])[1 + floor(random() * 12)::int] AS reason
    FROM generate_series(1, ${n}) g,
      (SELECT (SELECT array_agg(id) FROM queues WHERE workspace_id = :ws) AS queues, (SELECT array_agg(id) FROM users WHERE workspace_id = :ws) AS agents,
              (SELECT array_agg(id) FROM customers WHERE workspace_id = :ws) AS customers, 100000 AS nc) a`);
  await q(`INSERT INTO interactions (id, workspace_id, customer_id, channel, status, queue_id, assignee_id, reason, resolved, enqueued_at, created_at, updated_at, closed_at)
    SELECT id, :ws, customer_id, channel, CASE WHEN abandon THEN 'abandoned' ELSE 'closed' END, queue_id, CASE WHEN abandon THEN NULL ELSE agent_id END,
      CASE WHEN abandon THEN NULL ELSE reason END, CASE WHEN abandon THEN NULL ELSE resolved END, t0, t0, t0, t0 + make_interval(secs => wait_s + talk_s + acw_s)
    FROM bench_i`);
  await q(`INSERT INTO interaction_events (workspace_id, interaction_id, type, at, actor_type, queue_id, agent_id, data)
    SELECT :ws, i.id, v.type, i.t0 + make_interval(secs => v.s), 'system', i.queue_id, v.agent, v.data
    FROM bench_i i, LATERAL (VALUES
      (true, 'created', 0::float8, NULL::uuid, '{}'::jsonb),
      (true, 'queued', 0, NULL, '{}'),
      (i.abandon, 'abandoned', i.wait_s, NULL, '{}'),
      (NOT i.abandon, 'accepted', i.wait_s, i.agent_id, '{}'),
      (NOT i.abandon, 'answered', i.wait_s, i.agent_id, '{}'),
      (NOT i.abandon AND i.hold, 'held', i.wait_s + i.talk_s / 3, i.agent_id, '{}'),
      (NOT i.abandon AND i.hold, 'resumed', i.wait_s + i.talk_s / 3 + 30, i.agent_id, '{}'),
      (NOT i.abandon, 'wrap_up_started', i.wait_s + i.talk_s, i.agent_id, '{}'),
      (NOT i.abandon, 'wrap_up_ended', i.wait_s + i.talk_s + i.acw_s, i.agent_id, '{}'),
      (NOT i.abandon AND i.resolved, 'resolved', i.wait_s + i.talk_s + i.acw_s, i.agent_id, '{}'),
      (NOT i.abandon, 'closed', i.wait_s + i.talk_s + i.acw_s, i.agent_id, '{}'),
      (NOT i.abandon AND i.rated, 'rated', i.wait_s + i.talk_s + i.acw_s + 120, NULL, jsonb_build_object('score', i.score, 'comment', NULL, 'source', 'link'))
    ) v(ok, type, s, agent, data) WHERE v.ok`);
  // Agent states: each agent available 8 h a day with a break, a year long.
  await q(`INSERT INTO agent_state_log (workspace_id, user_id, state, reason, started_at, ended_at)
    SELECT :ws, u.id, v.state, v.reason, d + v.a, d + v.b
    FROM users u, generate_series(date_trunc('day', now()) - interval '365 days', date_trunc('day', now()) - interval '1 day', interval '1 day') d,
      (VALUES ('available', NULL, interval '5 hours', interval '9 hours'), ('away', 'lunch', interval '9 hours', interval '10 hours'),
              ('available', NULL, interval '10 hours', interval '14 hours'), ('offline', NULL, interval '14 hours', interval '29 hours')) v(state, reason, a, b)
    WHERE u.workspace_id = :ws`);
  await q(`INSERT INTO agent_presence (user_id, workspace_id, state, since) SELECT id, :ws, 'available', now() - interval '1 hour' FROM users WHERE workspace_id = :ws`);
  await client.query(`SET session_replication_role = origin`).catch(() => {});
  await client.query('ANALYZE');
  return ws;
}

async function time(runs: number, work: () => Promise<unknown>) {
  await work();
  await work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return Math.round(percentile(ms, 0.95)! * 10) / 10;
}

async function main() {
  const pgdb = await database();
  const db = connect(pgdb.url, 10);
  try {
    await runMigrations(db);
    const client = await db.pool.connect();
    const t0 = performance.now();
    let ws: string;
    try {
      ws = await seed(client, N);
    } finally {
      client.release();
    }
    const loaded = performance.now();
    log(`seeded ${N} contacts in ${((loaded - t0) / 1000).toFixed(1)} s; building rollups`);
    const contacts = Number((await db.db.execute<{ n: string }>(sql`SELECT metrics_rebuild(${ws}) AS n`)).rows[0]!.n);
    await db.db.execute(sql`ANALYZE metric_contacts; ANALYZE metric_buckets`);
    const seedS = (performance.now() - t0) / 1000;
    const rebuildS = (performance.now() - loaded) / 1000;
    const [{ events, buckets }] = (await db.db.execute<{ events: number; buckets: number }>(sql`
      SELECT (SELECT count(*) FROM interaction_events)::int AS events, (SELECT count(*) FROM metric_buckets)::int AS buckets`)).rows as [{ events: number; buckets: number }];
    log(`rollups: ${contacts} contacts, ${buckets} buckets from ${events} events in ${rebuildS.toFixed(1)} s`);

    const admin = (await db.db.execute<{ id: string }>(sql`SELECT id FROM users WHERE workspace_id = ${ws} LIMIT 1`)).rows[0]!.id;
    const agent = admin;
    const team = (await db.db.execute<{ id: string }>(sql`SELECT id FROM departments WHERE workspace_id = ${ws} LIMIT 1`)).rows[0]!.id;
    const queue = (await db.db.execute<{ id: string }>(sql`SELECT id FROM queues WHERE workspace_id = ${ws} LIMIT 1`)).rows[0]!.id;
    const p: Principal = { workspaceId: ws, userId: admin, role: 'admin', name: 'Bench', email: 'bench@bench.test' } as Principal;
    const svc = new MetricsService(db.db, { now: () => new Date() });
    const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    const month = new Date().toISOString().slice(0, 7);
    const reports: Record<string, () => Promise<unknown>> = {
      summary_30d: () => svc.summary(p, { from: day(29), to: day(0) }),
      volume_by_day_30d_by_queue: () => svc.series(p, { from: day(29), to: day(0), interval: 'day', by: 'queue' }),
      intervals_15m_7d: () => svc.series(p, { from: day(6), to: day(0), interval: '15m', by: 'none' }),
      year_by_month_by_channel: () => svc.series(p, { from: day(364), to: day(0), interval: 'month', by: 'channel' }),
      year_by_week_one_queue: () => svc.series(p, { from: day(364), to: day(0), interval: 'week', by: 'none', queueId: queue }),
      teams_quarter: () => svc.series(p, { from: day(89), to: day(0), interval: 'week', by: 'team' }),
      heatmap_90d: () => svc.heatmap(p, { from: day(89), to: day(0) }),
      agents_30d: () => svc.agents(p, { from: day(29), to: day(0) }),
      reasons_28d: () => svc.reasons(p, { from: day(27), to: day(0), interval: 'week' }),
      drill_abandoned_30d: () => svc.contacts(p, { from: day(29), to: day(0), measure: 'abandoned', limit: 50 }),
      scorecard_month: () => svc.scorecard(p, { month, agentId: agent }),
      team_summary_year: () => svc.summary(p, { from: day(364), to: day(0), teamId: team }),
    };
    const p95: Record<string, number> = {};
    for (const [name, work] of Object.entries(reports)) {
      p95[name] = await time(RUNS, work);
      log(`${name}: p95 ${p95[name]} ms`);
    }
    const wallboard = await time(RUNS * 5, () => wallboardSnapshot(db.db, ws, new Date()));
    log(`wallboard: p95 ${wallboard} ms`);
    // Cost of the rollup trigger on the write path (a note per statement): one contact's lifecycle of events, one statement each.
    const cust = (await db.db.execute<{ id: string }>(sql`SELECT id FROM customers WHERE workspace_id = ${ws} LIMIT 1`)).rows[0]!.id;
    const insertMs: number[] = [];
    const plainMs: number[] = [];
    const plain = await db.pool.connect();
    await plain.query(`SET tawasul.metrics_off = 'on'`);
    for (let i = 0; i < 100; i++) {
      const { rows: [r] } = await plain.query(`INSERT INTO interactions (workspace_id, customer_id, channel, status, queue_id) VALUES ($1, $2, 'chat', 'queued', $3) RETURNING id`, [ws, cust, queue]);
      for (const type of ['created', 'queued', 'accepted', 'answered', 'wrap_up_started', 'wrap_up_ended', 'closed']) {
        const t = performance.now();
        await plain.query(`INSERT INTO interaction_events (workspace_id, interaction_id, type, actor_type, queue_id, agent_id) VALUES ($1, $2, $3, 'system', $4, $5)`, [ws, r.id, type, queue, agent]);
        plainMs.push(performance.now() - t);
      }
    }
    plain.release();
    plainMs.sort((a, b) => a - b);
    for (let i = 0; i < 100; i++) {
      const [row] = (await db.db.execute<{ id: string }>(sql`INSERT INTO interactions (workspace_id, customer_id, channel, status, queue_id) VALUES (${ws}, ${cust}, 'chat', 'queued', ${queue}) RETURNING id`)).rows;
      for (const type of ['created', 'queued', 'accepted', 'answered', 'wrap_up_started', 'wrap_up_ended', 'closed']) {
        const t = performance.now();
        await db.db.execute(sql`INSERT INTO interaction_events (workspace_id, interaction_id, type, actor_type, queue_id, agent_id) VALUES (${ws}, ${row!.id}, ${type}, 'system', ${queue}, ${agent})`);
        insertMs.push(performance.now() - t);
      }
    }
    insertMs.sort((a, b) => a - b);
    // The writers above only noted their contacts; the applier's cost of bringing the rollups up to date.
    const applyStart = performance.now();
    const applied = await applyPendingRollups(db.db, ws);
    const applyMsPerContact = (performance.now() - applyStart) / Math.max(1, applied);
    const out = {
      bench: 'reports', interactions: N, events, buckets, seed_s: Math.round(seedS * 10) / 10, rollup_rebuild_s: Math.round(rebuildS * 10) / 10,
      report_p95_ms: Math.max(...Object.values(p95)), wallboard_p95_ms: wallboard,
      event_insert_p50_ms: Math.round(percentile(insertMs, 0.5)! * 100) / 100, event_insert_p95_ms: Math.round(percentile(insertMs, 0.95)! * 100) / 100,
      event_insert_without_rollups_p50_ms: Math.round(percentile(plainMs, 0.5)! * 100) / 100,
      rollup_apply_ms_per_contact: Math.round(applyMsPerContact * 100) / 100,
      ...Object.fromEntries(Object.entries(p95).map(([k, v]) => [`${k}_p95_ms`, v])),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await db.close();
    await pgdb.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
