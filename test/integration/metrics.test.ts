import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFacts, isRepeated, type ContactFact, type MetricEvent } from '../../server/modules/metrics/domain/facts.js';
import { addTotals, contribution, emptyTotals, kpis, type Totals } from '../../server/modules/metrics/domain/kpis.js';
import { intervalLabel } from '../../server/modules/metrics/domain/intervals.js';
import { applyPendingRollups } from '../../server/modules/metrics/index.js';
import { interactionEvents, interactions, messages } from '../../server/modules/interactions/schema.js';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

// Scripted contacts on the night Europe/Berlin springs forward (2025-03-30, 02:00 local = 01:00 UTC).
const TZ = 'Europe/Berlin';
const at = (iso: string, plusSeconds = 0) => new Date(Date.parse(iso) + plusSeconds * 1000);

let t: TestServer;
let w: TestWorkspace;
let q1: string, q2: string, cust1: string, cust2: string, a1: string, a2: string;
type Script = { id?: string; customer: () => string; channel: 'voice' | 'chat' | 'email'; reason?: string; events: [string, Date, Partial<{ queueId: string | null; agentId: string | null; data: Record<string, unknown> }>?][] };
const scripts: Script[] = [];
const ids: string[] = [];

async function play(s: Script) {
  const db = t.database.db;
  const [i] = await db.insert(interactions).values({
    workspaceId: w.id, customerId: s.customer(), channel: s.channel, createdAt: s.events[0]![1], updatedAt: s.events[0]![1], status: 'closed',
  }).returning();
  s.id = i!.id;
  ids.push(i!.id);
  for (const [type, when, extra] of s.events) {
    // The reason is written with the close, as the interactions service does.
    if (type === 'closed' && s.reason) await db.update(interactions).set({ reason: s.reason }).where(sql`id = ${i!.id}`);
    await db.insert(interactionEvents).values({ workspaceId: w.id, interactionId: i!.id, type, at: when, actorType: 'system', queueId: null, agentId: null, data: {}, ...extra });
  }
}

beforeAll(async () => {
  t = await createTestServer();
  w = await t.workspace('Metrics');
  await t.database.db.execute(sql`UPDATE workspaces SET timezone = ${TZ} WHERE id = ${w.id}`);
  const mk = async (name: string, seconds: number) => (await w.admin.post('/api/queues', { name, channels: ['voice', 'chat', 'email'], settings: { serviceLevel: { percent: 80, seconds } } })).json().queue.id as string;
  q1 = await mk('Billing', 20);
  q2 = await mk('Retention', 30);
  cust1 = (await w.admin.post('/api/customers', { name: 'Leyla' })).json().customer.id;
  cust2 = (await w.admin.post('/api/customers', { name: 'Murad' })).json().customer.id;
  a1 = (await w.user('agent')).userId;
  a2 = (await w.user('agent')).userId;
  const Q = (queueId: string, agentId: string | null = null) => ({ queueId, agentId });
  scripts.push(
    // 1. Queued 01:59:50 local, answered after the clocks jumped to 03:00:05: 15 s wait across the DST gap; hold 30 s; ACW 20 s.
    { customer: () => cust1, channel: 'voice', reason: 'billing', events: [
      ['created', at('2025-03-30T00:59:50Z'), Q(q1)], ['queued', at('2025-03-30T00:59:50Z'), Q(q1)],
      ['offered', at('2025-03-30T01:00:00Z'), Q(q1, a1)], ['accepted', at('2025-03-30T01:00:05Z'), Q(q1, a1)], ['answered', at('2025-03-30T01:00:05Z'), Q(q1, a1)],
      ['held', at('2025-03-30T01:01:00Z'), Q(q1, a1)], ['resumed', at('2025-03-30T01:01:30Z'), Q(q1, a1)],
      ['wrap_up_started', at('2025-03-30T01:03:05Z'), Q(q1, a1)], ['wrap_up_ended', at('2025-03-30T01:03:25Z'), Q(q1, a1)],
      ['resolved', at('2025-03-30T01:03:25Z'), Q(q1, a1)], ['closed', at('2025-03-30T01:03:25Z'), Q(q1, a1)],
      ['rated', at('2025-03-30T01:05:00Z'), { queueId: q1, data: { score: 5, comment: null, source: 'link' } }],
    ] },
    // 2. Short abandon (3 s), queued 14:58 into its quarter hour.
    { customer: () => cust2, channel: 'chat', events: [['created', at('2025-03-30T01:14:58Z'), Q(q1)], ['queued', at('2025-03-30T01:14:58Z'), Q(q1)], ['abandoned', at('2025-03-30T01:15:01Z'), Q(q1)]] },
    // 3. Abandon after 40 s.
    { customer: () => cust2, channel: 'chat', events: [['created', at('2025-03-30T01:20:00Z'), Q(q1)], ['queued', at('2025-03-30T01:20:00Z'), Q(q1)], ['abandoned', at('2025-03-30T01:20:40Z'), Q(q1)]] },
    // 4. Same customer and reason as 1 (so 1 is not first-contact resolved). Answered after 25 s by a1, transferred to Retention
    //    after 100 s, 30 s back in queue, a2 talks 170 s, ACW 20 s. Counted in Billing (first queue), for a2 (who finished it).
    { customer: () => cust1, channel: 'voice', reason: 'billing', events: [
      ['created', at('2025-03-30T07:00:00Z'), Q(q1)], ['queued', at('2025-03-30T07:00:00Z'), Q(q1)],
      ['accepted', at('2025-03-30T07:00:25Z'), Q(q1, a1)], ['answered', at('2025-03-30T07:00:25Z'), Q(q1, a1)],
      ['transferred', at('2025-03-30T07:02:05Z'), { queueId: q2, agentId: a1, data: { fromQueueId: q1, toQueueId: q2 } }],
      ['offered', at('2025-03-30T07:02:30Z'), Q(q2, a2)], ['accepted', at('2025-03-30T07:02:35Z'), Q(q2, a2)],
      ['wrap_up_started', at('2025-03-30T07:05:25Z'), Q(q2, a2)], ['wrap_up_ended', at('2025-03-30T07:05:45Z'), Q(q2, a2)],
      ['resolved', at('2025-03-30T07:05:45Z'), Q(q2, a2)], ['closed', at('2025-03-30T07:05:45Z'), Q(q2, a2)],
      ['rated', at('2025-03-30T07:10:00Z'), { queueId: q2, data: { score: 2, comment: 'slow', source: 'chat' } }],
    ] },
    // 5. An email taken directly (never queued): handled, not offered.
    { customer: () => cust2, channel: 'email', reason: 'delivery', events: [
      ['created', at('2025-03-30T09:00:00Z')], ['assigned', at('2025-03-30T09:10:00Z'), { agentId: a2 }], ['answered', at('2025-03-30T09:10:00Z'), { agentId: a2 }],
      ['escalated', at('2025-03-30T09:12:00Z'), { agentId: a2 }], ['resolved', at('2025-03-30T09:20:00Z'), { agentId: a2 }], ['closed', at('2025-03-30T09:20:00Z'), { agentId: a2 }],
    ] },
    // 6. Chat answered in Retention after 29 s (within its 30 s), resolved, late on the local day (23:50 local = 21:50 UTC).
    { customer: () => cust2, channel: 'chat', reason: 'cancel', events: [
      ['created', at('2025-03-30T21:50:00Z'), Q(q2)], ['queued', at('2025-03-30T21:50:00Z'), Q(q2)],
      ['accepted', at('2025-03-30T21:50:29Z'), Q(q2, a1)], ['answered', at('2025-03-30T21:50:29Z'), Q(q2, a1)],
      ['resolved', at('2025-03-30T22:00:29Z'), Q(q2, a1)], ['closed', at('2025-03-30T22:00:29Z'), Q(q2, a1)],
    ] },
    // 7. Next local day (00:10 local): must not count on the 30th.
    { customer: () => cust2, channel: 'chat', events: [['created', at('2025-03-30T22:10:00Z'), Q(q2)], ['queued', at('2025-03-30T22:10:00Z'), Q(q2)]] },
  );
  for (const s of scripts) await play(s);
});

afterAll(async () => t?.close());

const slOf = (s: Script) => (s.events.find((e) => e[0] === 'queued')?.[2]?.queueId === q2 ? 30 : s.channel === 'voice' || s.events.some((e) => e[0] === 'queued') ? 20 : 60);

function domainFacts(): { fact: ContactFact; repeated: boolean }[] {
  const facts = scripts.map((s) => contactFacts(
    { id: s.id!, channel: s.channel, customerId: s.customer(), caseId: null, reason: s.reason ?? null, createdAt: s.events[0]![1].getTime() },
    s.events.map(([type, when, extra]): MetricEvent => ({ type, at: when.getTime(), queueId: extra?.queueId ?? null, agentId: extra?.agentId ?? null, data: extra?.data ?? {} })),
    { shortAbandonSeconds: 5, slSeconds: slOf(s) },
  ));
  return facts.map((f) => ({ fact: f, repeated: isRepeated(f, facts, 7) }));
}

const sum = (rows: { fact: ContactFact; repeated: boolean }[]): Totals => rows.map((r) => contribution(r.fact, r.repeated, 4)).reduce(addTotals, emptyTotals());
const ofDay = <T extends { fact: ContactFact }>(rows: T[], day: string) => rows.filter((r) => intervalLabel(r.fact.arrivedAt, 'day', TZ) === day);
const kpiKeys = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'handled', 'asa', 'serviceLevel', 'abandonRate', 'aht', 'avgTalk', 'avgHold', 'avgAcw', 'longestWait', 'fcr', 'csat', 'csatMean', 'transfers', 'escalations'] as const;
const pickKpis = (k: Record<string, unknown>) => Object.fromEntries(kpiKeys.map((x) => [x, k[x]]));

describe('metrics from the event log', () => {
  it('the database facts equal the domain facts for every scripted contact', async () => {
    await applyPendingRollups(t.database.db, w.id);
    const rows = (await t.database.db.execute<Record<string, unknown>>(sql`SELECT * FROM metric_contacts WHERE workspace_id = ${w.id}`)).rows;
    expect(rows).toHaveLength(scripts.length);
    for (const { fact, repeated } of domainFacts()) {
      const r = rows.find((x) => x.interaction_id === fact.interactionId)!;
      const ms = (v: unknown) => (v === null ? null : new Date(v as string).getTime());
      expect({
        queueId: r.queue_id, agentId: r.agent_id, arrivedAt: ms(r.arrived_at), offered: r.offered, answered: r.answered, answeredInSl: r.answered_in_sl,
        abandoned: r.abandoned, shortAbandoned: r.short_abandoned, answerWaitMs: r.answer_wait_ms, waitMs: r.wait_ms, handled: r.handled,
        talkMs: r.talk_ms, holdMs: r.hold_ms, acwMs: r.acw_ms, transfers: r.transfers, escalations: r.escalations, resolved: r.resolved, rating: r.rating, repeated: r.repeated === 1,
      }, `contact ${scripts.findIndex((s) => s.id === fact.interactionId) + 1}`).toEqual({
        queueId: fact.queueId, agentId: fact.agentId, arrivedAt: fact.arrivedAt, offered: fact.offered, answered: fact.answered, answeredInSl: fact.answeredInSl,
        abandoned: fact.abandoned, shortAbandoned: fact.shortAbandoned, answerWaitMs: fact.answerWaitMs, waitMs: fact.waitMs, handled: fact.handled,
        talkMs: fact.talkMs, holdMs: fact.holdMs, acwMs: fact.acwMs, transfers: fact.transfers, escalations: fact.escalations, resolved: fact.resolved, rating: fact.rating, repeated,
      });
    }
  });

  it('the day’s KPIs from the rollups equal the domain’s and the hand-computed numbers', async () => {
    const r = await w.supervisor.get('/api/metrics/summary?from=2025-03-30&to=2025-03-30');
    expect(r.statusCode, r.body).toBe(200);
    const api = r.json().kpis;
    const expected = kpis(sum(ofDay(domainFacts(), '2025-03-30')));
    expect(pickKpis(api)).toEqual(pickKpis(expected));
    // By hand: offered 1,2,3,4,6 = 5; answered 1,4,6 = 3; abandoned 3 (short: 2).
    expect(api).toMatchObject({ offered: 5, answered: 3, abandoned: 1, shortAbandoned: 1, handled: 4, transfers: 1, escalations: 1 });
    expect(api.asa).toBe(23); // (15 + 25 + 29) / 3
    expect(api.serviceLevel).toBe(50); // 1 (15 s) and 6 (29 s ≤ 30 s) of 3 answered + 1 abandoned
    expect(api.abandonRate).toBe(25); // 1 ÷ (5 − 1 short)
    // handle: 1 = 150 talk + 30 hold + 20 ACW; 4 = (300 − 30 back in queue) talk + 20 ACW; 5 = 600 talk; 6 = 600 talk
    expect(api.aht).toBe(Math.round(((200 + 290 + 600 + 600) / 4) * 10) / 10);
    expect(api.fcr).toBe(75); // 1 was repeated by 4 (same customer, same reason): 3 of 4 resolved
    expect(api).toMatchObject({ csat: 50, csatMean: 3.5, longestWait: 40 });
  });

  it('hours follow the local clock across the DST jump, and slices split the same contacts', async () => {
    const r = await w.supervisor.get('/api/metrics/series?from=2025-03-30&to=2025-03-30&interval=hour&by=queue');
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { period: string; key: string; offered: number; answered: number; asa: number | null; aht: number | null }[];
    const expected = new Map<string, Totals>();
    for (const f of ofDay(domainFacts(), '2025-03-30')) {
      const k = `${intervalLabel(f.fact.arrivedAt, 'hour', TZ)}|${f.fact.queueId ?? ''}`;
      expected.set(k, addTotals(expected.get(k) ?? emptyTotals(), contribution(f.fact, f.repeated, 4)));
    }
    expect(items.map((i) => `${i.period}|${i.key ?? ''}`).sort()).toEqual([...expected.keys()].sort());
    for (const i of items) {
      const e = kpis(expected.get(`${i.period}|${i.key ?? ''}`)!);
      expect({ offered: i.offered, answered: i.answered, asa: i.asa, aht: i.aht }).toEqual({ offered: e.offered, answered: e.answered, asa: e.asa, aht: e.aht });
    }
    // Contact 1 queued at 01:59:50 local: in the 01:00 hour although answered at 03:00:05.
    expect(items.find((i) => i.period === '2025-03-30T01:00')).toMatchObject({ key: q1, offered: 1, answered: 1 });
    expect(items.find((i) => i.period === '2025-03-30T03:00')).toMatchObject({ key: q1, offered: 2, answered: 0 }); // 2 and 3, 01:1x UTC
    expect(items.some((i) => i.period.startsWith('2025-03-30T02'))).toBe(false); // that hour does not exist in Berlin
    const byAgent = (await w.supervisor.get('/api/metrics/series?from=2025-03-30&to=2025-03-30&interval=day&by=agent')).json().items;
    expect(byAgent.find((x: { key: string }) => x.key === a2)).toMatchObject({ handled: 2, transfers: 1 });
    // The daily rollups and the 15-minute buckets give the same day.
    const daily = (await w.supervisor.get('/api/metrics/series?from=2025-03-30&to=2025-03-30&interval=day&by=channel')).json().items;
    const quarterHours = (await w.supervisor.get('/api/metrics/series?from=2025-03-30&to=2025-03-30&interval=15m&by=channel')).json().items;
    for (const d of daily) {
      const parts = quarterHours.filter((x: { key: string }) => x.key === d.key);
      expect(parts.reduce((n: number, x: { offered: number }) => n + x.offered, 0)).toBe(d.offered);
      expect(parts.reduce((n: number, x: { handled: number }) => n + x.handled, 0)).toBe(d.handled);
    }
    const whole = (await w.supervisor.get('/api/metrics/series?from=2025-03-30&to=2025-03-30&interval=all&by=queue')).json().items;
    expect(whole.find((x: { key: string }) => x.key === q1)).toMatchObject({ label: 'Billing', offered: 4, answered: 2, transfers: 1 });
    const heat = (await w.supervisor.get('/api/metrics/heatmap?from=2025-03-30&to=2025-03-30')).json().items;
    expect(heat).toEqual(expect.arrayContaining([{ weekday: 0, hour: 1, offered: 1 }, { weekday: 0, hour: 3, offered: 2 }, { weekday: 0, hour: 23, offered: 1 }]));
    const utcDay = (await w.supervisor.get('/api/metrics/summary?from=2025-03-31&to=2025-03-31')).json().kpis;
    expect(utcDay.offered).toBe(1); // contact 7, 00:10 local on the 31st
  });

  it('drill-down lists the contacts behind a number; the CSV has one row per contact', async () => {
    const list = async (m: string) => (await w.supervisor.get(`/api/metrics/contacts?from=2025-03-30&to=2025-03-30&measure=${m}`)).json().items.map((i: { interactionId: string }) => i.interactionId);
    expect(await list('abandoned')).toEqual([scripts[2]!.id]);
    expect(await list('short_abandoned')).toEqual([scripts[1]!.id]);
    expect(await list('repeated')).toEqual([scripts[0]!.id]);
    expect((await list('answered')).sort()).toEqual([scripts[0]!.id, scripts[3]!.id, scripts[5]!.id].sort());
    const csv = await w.supervisor.get('/api/metrics/contacts.csv?from=2025-03-30&to=2025-03-30');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toContain('interaction_id');
    expect(lines[0]).toContain('answered_at');
    expect(lines[0]).toContain('rating');
    expect(lines).toHaveLength(1 + 6);
    const agentsCsv = await w.supervisor.get('/api/metrics/agents.csv?from=2025-03-30&to=2025-03-30');
    expect(agentsCsv.body.split('\n')[0]).toContain('aht');
  });

  it('contact reasons: volume, change against the previous period, and what customers wrote', async () => {
    await t.database.db.insert(messages).values({ workspaceId: w.id, interactionId: scripts[0]!.id!, kind: 'message', direction: 'inbound', authorType: 'customer', body: 'My bill is twice what it should be' });
    const r = await w.supervisor.get('/api/metrics/reasons?from=2025-03-30&to=2025-03-30&interval=day');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    const billing = body.items.find((i: { reason: string }) => i.reason === 'billing');
    expect(billing).toMatchObject({ contacts: 2, previous: 0, change: null, examples: ['My bill is twice what it should be'] });
    expect(body.items.map((i: { reason: string }) => i.reason)).toEqual(['billing', 'cancel', 'delivery']);
    expect(body.unclassified).toBe(2); // contacts 2 and 3
    const csv = await w.supervisor.get('/api/metrics/reasons.csv?from=2025-03-30&to=2025-03-30');
    expect(csv.body.split('\n')[0]).toContain('reason');
    expect(csv.body).toContain('My bill is twice what it should be');
  });

  it('a rebuild from the log gives the same rollups as the triggers did', async () => {
    const buckets = async () => (await t.database.db.execute(sql`
      SELECT * FROM metric_buckets WHERE workspace_id = ${w.id} AND (offered, answered, handled, ratings, resolved) <> (0, 0, 0, 0, 0)
      ORDER BY bucket, queue_id NULLS FIRST, agent_id NULLS FIRST, channel, reason NULLS FIRST`)).rows;
    const days = async () => (await t.database.db.execute(sql`
      SELECT * FROM metric_days WHERE workspace_id = ${w.id} AND (offered, answered, handled, ratings, resolved) <> (0, 0, 0, 0, 0)
      ORDER BY dim, day, queue_id NULLS FIRST, channel NULLS FIRST, agent_id NULLS FIRST, reason NULLS FIRST, hour NULLS FIRST`)).rows;
    await applyPendingRollups(t.database.db, w.id);
    const before = await buckets();
    const daysBefore = await days();
    expect(before.length).toBeGreaterThan(3);
    expect(daysBefore.filter((d) => d.dim === 'hour').length).toBeGreaterThan(3);
    const r = await w.admin.post('/api/metrics/rebuild');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().contacts).toBe(scripts.length);
    expect(await buckets()).toEqual(before);
    expect(await days()).toEqual(daysBefore);
  });

  it('a changed reason later moves the numbers (FCR) without a new event', async () => {
    await t.database.db.update(interactions).set({ reason: 'refund' }).where(sql`id = ${scripts[3]!.id}`);
    expect((await w.supervisor.get('/api/metrics/summary?from=2025-03-30&to=2025-03-30')).json().kpis.fcr).toBe(100);
    await t.database.db.update(interactions).set({ reason: 'billing' }).where(sql`id = ${scripts[3]!.id}`);
    expect((await w.supervisor.get('/api/metrics/summary?from=2025-03-30&to=2025-03-30')).json().kpis.fcr).toBe(75);
  });

  it('writers of different contacts in one bucket never wait for each other; the rollups catch up after both commit', async () => {
    const mk = (): Script => ({ customer: () => cust2, channel: 'chat', events: [['created', at('2025-03-30T13:00:00Z'), { queueId: q1 }], ['queued', at('2025-03-30T13:00:00Z'), { queueId: q1 }]] });
    const [a, b] = [mk(), mk()];
    await play(a);
    await play(b);
    const abandoned = async () => Number((await w.supervisor.get('/api/metrics/summary?from=2025-03-30&to=2025-03-30&queueId=' + q1)).json().kpis.abandoned);
    const before = await abandoned();
    const [c1, c2] = [await t.database.pool.connect(), await t.database.pool.connect()];
    try {
      const abandon = (c: typeof c1, id: string) => c.query(
        `INSERT INTO interaction_events (workspace_id, interaction_id, type, at, actor_type) VALUES ($1, $2, 'abandoned', '2025-03-30T13:01:00Z', 'customer')`, [w.id, id]);
      await c1.query('BEGIN');
      await c2.query('BEGIN');
      await abandon(c1, a.id!);
      // With rollups inside the writer's transaction this waited on the bucket row c1 holds until it committed.
      const second = await Promise.race([abandon(c2, b.id!).then(() => 'done'), new Promise((r) => setTimeout(() => r('blocked'), 2000))]);
      expect(second).toBe('done');
      await c2.query('COMMIT');
      await c1.query('COMMIT');
    } finally {
      c1.release();
      c2.release();
    }
    expect(await abandoned()).toBe(before + 2);
    scripts.push(a, b);
  });

  it('two transactions writing one contact’s events at once both count', async () => {
    const s: Script = { customer: () => cust2, channel: 'chat', events: [['created', at('2025-03-30T12:00:00Z'), { queueId: q1 }], ['queued', at('2025-03-30T12:00:00Z'), { queueId: q1 }]] };
    await play(s);
    const [c1, c2] = [await t.database.pool.connect(), await t.database.pool.connect()];
    try {
      const insert = (c: typeof c1, type: string, data = '{}') => c.query(
        `INSERT INTO interaction_events (workspace_id, interaction_id, type, at, actor_type, data) VALUES ($1, $2, $3, '2025-03-30T12:05:00Z', 'customer', $4::jsonb)`, [w.id, s.id, type, data]);
      await c1.query('BEGIN');
      await c2.query('BEGIN');
      await insert(c1, 'rated', '{"score": 5}');
      const second = insert(c2, 'abandoned'); // does not wait for the first writer: only a note is taken
      await new Promise((r) => setTimeout(r, 200));
      await c1.query('COMMIT');
      await second;
      await c2.query('COMMIT');
    } finally {
      c1.release();
      c2.release();
    }
    await applyPendingRollups(t.database.db, w.id);
    const [row] = (await t.database.db.execute<{ rating: number; abandoned: number }>(sql`SELECT rating, abandoned FROM metric_contacts WHERE interaction_id = ${s.id}`)).rows;
    expect(row).toEqual({ rating: 5, abandoned: 1 });
    scripts.push(s);
  });

  it('scorecards: an agent sees their own month against the team; reports are for managers', async () => {
    const agent = await w.user('agent');
    expect((await agent.get('/api/metrics/summary?from=2025-03-30&to=2025-03-30')).statusCode).toBe(403);
    expect((await agent.get(`/api/metrics/scorecard?month=2025-03&agentId=${a2}`)).statusCode).toBe(403);
    const mine = await agent.get('/api/metrics/scorecard?month=2025-03');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().agent.handled).toBe(0);
    const s = (await w.supervisor.get(`/api/metrics/scorecard?month=2025-03&agentId=${a2}`)).json();
    expect(s.agent).toMatchObject({ agentId: a2, handled: 2 });
    expect(s.teamKpis.handled).toBe(4);
    expect((await w.supervisor.get('/api/metrics/summary?from=2025-03-30&to=2025-03-01')).statusCode).toBe(422);
  });

  it('time in each agent state and occupancy, clipped to the local day', async () => {
    // a1 on the local 30th (Berlin, UTC+1 then +2 from 01:00 UTC): available 00:30–01:30 UTC (3600 s), away 01:30–01:45 (900 s),
    // available 21:00–22:30 UTC of which 3600 s fall before local midnight (22:00 UTC); offline after.
    const log = [
      ['available', '2025-03-30T00:30:00Z', '2025-03-30T01:30:00Z'], ['away', '2025-03-30T01:30:00Z', '2025-03-30T01:45:00Z'],
      ['offline', '2025-03-30T01:45:00Z', '2025-03-30T21:00:00Z'], ['available', '2025-03-30T21:00:00Z', '2025-03-30T22:30:00Z'],
    ];
    for (const [state, from, to] of log) {
      await t.database.pool.query('INSERT INTO agent_state_log (workspace_id, user_id, state, started_at, ended_at) VALUES ($1, $2, $3, $4, $5)', [w.id, a1, state, from, to]);
    }
    const r = await w.supervisor.get('/api/metrics/agents?from=2025-03-30&to=2025-03-30');
    expect(r.statusCode, r.body).toBe(200);
    const me = r.json().items.find((x: { agentId: string }) => x.agentId === a1);
    expect(me.stateSeconds).toEqual({ available: 7200, away: 900, offline: 69_300 });
    // a1 handled contacts 1 (150 talk + 30 hold + 20 ACW) and 6 (600 talk): 800 s of 7200 s staffed.
    expect(me).toMatchObject({ handled: 2, aht: 400, occupancy: 11.1 });
    const csv = (await w.supervisor.get('/api/metrics/agents.csv?from=2025-03-30&to=2025-03-30')).body.split('\n');
    const header = csv[0]!.split(',');
    const row = csv.find((l) => l.includes(a1))!.split(',');
    expect(row[header.indexOf('available_seconds')]).toBe('7200');
    expect(row[header.indexOf('occupancy')]).toBe('11.1');
    const whole = (await w.supervisor.get(`/api/metrics/summary?from=2025-03-30&to=2025-03-30&agentId=${a1}`)).json();
    expect(whole).toMatchObject({ occupancy: 11.1, stateSeconds: { available: 7200, away: 900 } });
    // Per local hour: 00:30–01:30 UTC is 01:30–02:00 CET and 03:00–03:30 CEST; contact 1 (200 s) arrived in the 01:00 hour, 6 (600 s) at 23:50.
    const hours = (await w.supervisor.get(`/api/metrics/occupancy?from=2025-03-30&to=2025-03-30&interval=hour&agentId=${a1}`)).json().items;
    expect(hours).toEqual([
      { period: '2025-03-30T01:00', occupancy: 11.1, handleSeconds: 200, staffedSeconds: 1800, stateSeconds: { available: 1800 } },
      { period: '2025-03-30T03:00', occupancy: 0, handleSeconds: 0, staffedSeconds: 1800, stateSeconds: { available: 1800, away: 900 } },
      { period: '2025-03-30T23:00', occupancy: 16.7, handleSeconds: 600, staffedSeconds: 3600, stateSeconds: { available: 3600 } },
    ]);
    const day = (await w.supervisor.get(`/api/metrics/occupancy?from=2025-03-30&to=2025-03-30&interval=day&agentId=${a1}`)).json().items;
    expect(day).toEqual([expect.objectContaining({ period: '2025-03-30', occupancy: 11.1, staffedSeconds: 7200 })]);
    expect((await w.agent.get('/api/metrics/occupancy?from=2025-03-30&to=2025-03-30')).statusCode).toBe(403);
    expect((await w.supervisor.get('/api/metrics/occupancy?from=2025-03-30&to=2025-03-30&interval=year')).statusCode).toBe(400);
  });

  it('slices by team and filters a team: its members’ contacts and state time only', async () => {
    const team = await w.admin.post('/api/departments', { name: 'Retention team', kind: 'team' });
    expect(team.statusCode, team.body).toBe(201);
    const teamId = team.json().department.id as string;
    expect((await w.admin.put(`/api/departments/${teamId}/members`, { members: [{ userId: a2 }] })).statusCode).toBe(200);
    const byTeam = (await w.supervisor.get('/api/metrics/series?from=2025-03-30&to=2025-03-30&interval=all&by=team')).json().items;
    expect(byTeam.find((x: { key: string }) => x.key === teamId)).toMatchObject({ handled: 2, transfers: 1, escalations: 1 }); // a2: contacts 4 and 5
    const only = (await w.supervisor.get(`/api/metrics/summary?from=2025-03-30&to=2025-03-30&teamId=${teamId}`)).json();
    expect(only.kpis).toMatchObject({ handled: 2, escalations: 1 });
    expect(only.stateSeconds.available ?? 0).toBe(0); // a1's states are not the team's
    const agents = (await w.supervisor.get(`/api/metrics/agents?from=2025-03-30&to=2025-03-30&teamId=${teamId}`)).json().items;
    expect(agents.map((x: { agentId: string }) => x.agentId)).toEqual([a2]);
  });

  it('rising reasons: up on the previous period (or new) with at least 3 contacts, with their trend, examples and CSV', async () => {
    const handled = (when: string, reason: string): Script => ({ customer: () => cust1, channel: 'chat', reason, events: [
      ['created', at(when), { queueId: q1 }], ['queued', at(when), { queueId: q1 }],
      ['accepted', at(when, 10), { queueId: q1, agentId: a1 }], ['answered', at(when, 10), { queueId: q1, agentId: a1 }],
      ['resolved', at(when, 130), { queueId: q1, agentId: a1 }], ['closed', at(when, 130), { queueId: q1, agentId: a1 }],
    ] });
    // 18–19 March (local): late_refund 1 → 4 (+300 %), login 3 → 3 (flat), app_crash 0 → 3 (new), courier 0 → 2 (too few).
    const plan: [string, string][] = [
      ['2025-03-18T09:00:00Z', 'late_refund'], ['2025-03-18T10:00:00Z', 'login'], ['2025-03-18T11:00:00Z', 'login'], ['2025-03-18T12:00:00Z', 'login'],
      ...['09', '10', '11', '12'].map((h): [string, string] => [`2025-03-19T${h}:00:00Z`, 'late_refund']),
      ...['13', '14', '15'].map((h): [string, string] => [`2025-03-19T${h}:00:00Z`, 'login']),
      ...['16', '17', '18'].map((h): [string, string] => [`2025-03-19T${h}:00:00Z`, 'app_crash']),
      ['2025-03-19T19:00:00Z', 'courier'], ['2025-03-19T19:30:00Z', 'courier'],
    ];
    for (const [when, reason] of plan) {
      const sc = handled(when, reason);
      await play(sc);
      scripts.push(sc);
    }
    const crash = scripts.find((x) => x.reason === 'app_crash')!;
    await t.database.db.insert(messages).values({ workspaceId: w.id, interactionId: crash.id!, kind: 'message', direction: 'inbound', authorType: 'customer', body: 'The app closes when I open my orders' });
    const r = (await w.supervisor.get('/api/metrics/reasons?from=2025-03-19&to=2025-03-19&interval=hour')).json();
    expect(r.rising).toEqual(['late_refund', 'app_crash']); // the larger rise first
    expect(r.items.find((i: { reason: string }) => i.reason === 'late_refund')).toMatchObject({ contacts: 4, previous: 1, change: 300 });
    expect(r.items.find((i: { reason: string }) => i.reason === 'login')).toMatchObject({ contacts: 3, previous: 3, change: 0 });
    expect(r.items.find((i: { reason: string }) => i.reason === 'app_crash')).toMatchObject({ contacts: 3, previous: 0, examples: ['The app closes when I open my orders'] });
    expect(r.items.find((i: { reason: string }) => i.reason === 'late_refund').trend.map((x: { contacts: number }) => x.contacts)).toEqual([1, 1, 1, 1]);
    const csv = (await w.supervisor.get('/api/metrics/reasons.csv?from=2025-03-19&to=2025-03-19')).body;
    expect(csv).toContain('The app closes when I open my orders');
    expect(csv.split('\n').filter((l) => l.startsWith('late_refund,4,1,300'))).toHaveLength(1);
  });

  it('weeks (from Monday) and months follow the workspace’s calendar, not UTC', async () => {
    // 2025-03-31T22:30Z is 00:30 on 1 April in Berlin: April locally, March in UTC.
    const april: Script = { customer: () => cust1, channel: 'chat', events: [['created', at('2025-03-31T22:30:00Z'), { queueId: q2 }], ['queued', at('2025-03-31T22:30:00Z'), { queueId: q2 }]] };
    await play(april);
    scripts.push(april);
    const offered = async (from: string, to: string) => (await w.supervisor.get(`/api/metrics/summary?from=${from}&to=${to}`)).json().kpis.offered as number;
    const weeks = (await w.supervisor.get('/api/metrics/series?from=2025-03-24&to=2025-04-06&interval=week')).json().items as { period: string; offered: number }[];
    expect(weeks.map((x) => x.period)).toEqual(['2025-03-24', '2025-03-31']);
    expect(weeks[0]!.offered).toBe(await offered('2025-03-24', '2025-03-30')); // Sunday the 30th closes the first week
    expect(weeks[1]!.offered).toBe(2); // contact 7 (Monday 00:10 local) and the April one
    const months = (await w.supervisor.get('/api/metrics/series?from=2025-03-01&to=2025-04-30&interval=month')).json().items as { period: string; offered: number }[];
    expect(months.map((x) => x.period)).toEqual(['2025-03', '2025-04']);
    expect(months[1]!.offered).toBe(1);
    expect(months[0]!.offered).toBe(await offered('2025-03-01', '2025-03-31'));
  });
});
