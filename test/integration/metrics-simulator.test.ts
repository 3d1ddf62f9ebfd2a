import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../server/simulator/run.js';
import { PASSWORD, createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';
import { routingFixture } from '../support/routing.js';

let t: TestServer;
let w: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  w = await t.workspace('Simulated');
});
afterAll(() => t?.close());

describe('traffic simulator', () => {
  it('drives a live server: contacts arrive, agents answer and close them, impatient customers leave, states change', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const f = await routingFixture(w, { agents: 2, channels: ['chat', 'voice'], settings: { afterContactWorkSeconds: 0 } });
    // A second queue of the same channels that no agent can serve: about half the customers wait there until
    // their patience runs out, so abandons happen however fast the machine is.
    const unserved = await w.admin.post('/api/queues', { name: 'Nobody serves', channels: ['chat', 'voice'], settings: { requiredSkills: [{ skill: 'nobody_has_it', minLevel: 1 }] } });
    expect(unserved.statusCode, unserved.body).toBe(201);
    const lines: string[] = [];
    const stats = await simulate({
      url: t.url!, admin: { email: w.admin.email, password: PASSWORD }, agents: f.agents.map((a) => ({ email: a.email, password: PASSWORD })),
      ratePerMinute: 240, durationSeconds: 5, drainSeconds: 5, handleSeconds: 1, wrapSeconds: 0.2, patienceSeconds: 2, ringSeconds: 0.2,
      breakChance: 1, breakSeconds: 0.3, channels: ['chat', 'voice'], seed: 42, log: (l) => lines.push(l),
    });
    const why = `${JSON.stringify(stats)}\n${lines.join('\n')}`;
    expect(stats.created, why).toBeGreaterThan(8);
    expect(stats.answered, why).toBeGreaterThan(0);
    expect(stats.closed, why).toBeGreaterThan(0);
    expect(stats.abandoned, why).toBeGreaterThan(0);
    expect(stats.breaks, why).toBeGreaterThan(0);
    expect(stats.errors, why).toBe(0);
    // What the server recorded agrees.
    const db = t.database.db;
    const [row] = (await db.execute<{ created: number; answered: number; abandoned: number }>(sql`
      SELECT count(*) FILTER (WHERE type = 'created')::int AS created, count(*) FILTER (WHERE type = 'answered')::int AS answered,
        count(*) FILTER (WHERE type = 'abandoned')::int AS abandoned
      FROM interaction_events WHERE workspace_id = ${w.id}`)).rows;
    expect(row, why).toMatchObject({ created: stats.created, abandoned: stats.abandoned });
    // An accept can race a customer leaving, so the simulator's count of accepts is not the log's answers.
    expect(row!.answered).toBeGreaterThan(0);
    const [states] = (await db.execute<{ n: number; kinds: string[] }>(sql`
      SELECT count(*)::int AS n, array_agg(DISTINCT state) AS kinds FROM agent_state_log WHERE workspace_id = ${w.id}`)).rows;
    expect(states!.kinds, why).toEqual(expect.arrayContaining(['available', 'away', 'offline']));
    expect(states!.n).toBeGreaterThanOrEqual(4);
    // And the reports see the same traffic.
    // Yesterday to tomorrow: a run across midnight stays in the window.
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const k = (await w.supervisor.get(`/api/metrics/summary?from=${from}&to=${to}`)).json().kpis;
    expect(k.offered, why).toBe(stats.created);
    expect(k.answered, why).toBe(row!.answered);
    expect(k.abandoned + k.shortAbandoned, why).toBe(stats.abandoned);
  }, 120_000);
});
