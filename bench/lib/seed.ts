import { createHash, randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import type { Session } from './http.js';

const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

export interface Seeded {
  workspaceId: string;
  queueId: string;
  customerIds: string[];
  admin: Session & { userId: string };
  agents: (Session & { userId: string })[];
}

/**
 * Writes the bench's fixture straight into the (already migrated) database, in one transaction: a
 * workspace, one chat queue, customers, an admin and `agents` agents with chat capacity, and a session
 * per user (cookie value T, stored id sha256(T), CSRF token) so the bench can act as each of them.
 */
export async function seed(dbUrl: string, opts: { agents: number; customers: number; chatCapacity: number; queueSettings: Record<string, unknown>; metricsRollups?: boolean }): Promise<Seeded> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const passwordHash = await hash('bench-password-1'); // one hash for every user: nobody signs in with it
    const tag = Date.now().toString(36);
    await db.query('BEGIN');
    const ws = (await db.query<{ id: string }>(`INSERT INTO workspaces (name, slug) VALUES ($1, $2) RETURNING id`, ['Routing bench', `bench-${tag}`])).rows[0]!.id;
    const queueId = (await db.query<{ id: string }>(
      `INSERT INTO queues (workspace_id, name, channels, settings) VALUES ($1, 'Bench chat', '{chat}', $2) RETURNING id`, [ws, JSON.stringify(opts.queueSettings)],
    )).rows[0]!.id;
    const customerIds = (await db.query<{ id: string }>(
      `INSERT INTO customers (workspace_id, name) SELECT $1, 'Bench customer ' || g FROM generate_series(1, $2::int) g RETURNING id`, [ws, opts.customers],
    )).rows.map((r) => r.id);
    const emails = [`admin-${tag}@bench.tawasul.test`, ...Array.from({ length: opts.agents }, (_, i) => `agent${i + 1}-${tag}@bench.tawasul.test`)];
    const roles = ['admin', ...emails.slice(1).map(() => 'agent')];
    const names = ['Bench admin', ...emails.slice(1).map((_, i) => `Bench agent ${i + 1}`)];
    const users = (await db.query<{ id: string; email: string }>(
      `INSERT INTO users (workspace_id, email, name, role, password_hash)
       SELECT $1, e, n, r, $5 FROM unnest($2::text[], $3::text[], $4::text[]) AS t(e, n, r) RETURNING id, email`,
      [ws, emails, names, roles, passwordHash],
    )).rows;
    const idOf = new Map(users.map((u) => [u.email, u.id]));
    const ids = emails.map((e) => idOf.get(e)!);
    await db.query(
      `INSERT INTO agent_presence (user_id, workspace_id, state, capacity) SELECT u, $1, 'offline', $3::jsonb FROM unnest($2::uuid[]) u`,
      [ws, ids.slice(1), JSON.stringify({ chat: opts.chatCapacity })],
    );
    const sessions = ids.map((userId) => ({ userId, token: secret(), csrf: secret(24) }));
    await db.query(
      `INSERT INTO sessions (id, workspace_id, user_id, csrf_token, expires_at, user_agent)
       SELECT s, $1, u, c, now() + interval '1 day', 'routing-e2e bench' FROM unnest($2::text[], $3::uuid[], $4::text[]) AS t(s, u, c)`,
      [ws, sessions.map((s) => sha256(s.token)), sessions.map((s) => s.userId), sessions.map((s) => s.csrf)],
    );
    await db.query('COMMIT');
    // Diagnostic: without the KPI rollup triggers, to tell routing's own cost from theirs (the bench says so in its result).
    if (opts.metricsRollups === false) {
      const { rows } = await db.query<{ tbl: string; tgname: string }>(
        `SELECT tgrelid::regclass::text AS tbl, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%metrics%'`);
      for (const r of rows) await db.query(`ALTER TABLE ${r.tbl} DISABLE TRIGGER "${r.tgname}"`);
    }
    const asSession = (s: (typeof sessions)[number]) => ({ userId: s.userId, cookie: `tawasul_session=${s.token}`, csrf: s.csrf });
    return { workspaceId: ws, queueId, customerIds, admin: asSession(sessions[0]!), agents: sessions.slice(1).map(asSession) };
  } catch (e) {
    await db.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    await db.end();
  }
}

export interface Audit {
  /** Contacts of the workspace by status. */
  byStatus: Record<string, number>;
  total: number;
  /** Contacts never accepted by an agent (no `accepted` event). */
  neverAccepted: number;
  /** Contacts accepted more than once, by more than one agent, or with more than one accepted offer. */
  doubled: number;
  /** Offers still pending at the end. */
  pendingOffers: number;
  offersByStatus: Record<string, number>;
  /** Realtime bus events of the workspace by type (each one a row, a NOTIFY and a wake-up of every reader). */
  realtimeByType: Record<string, number>;
}

/** What the database says happened to every contact of the workspace. */
export async function audit(dbUrl: string, workspaceId: string): Promise<Audit> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const byStatus = Object.fromEntries((await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM interactions WHERE workspace_id = $1 GROUP BY status`, [workspaceId])).rows.map((r) => [r.status, r.n]));
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const neverAccepted = (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM interactions i WHERE i.workspace_id = $1
         AND NOT EXISTS (SELECT 1 FROM interaction_events e WHERE e.interaction_id = i.id AND e.type = 'accepted')`, [workspaceId])).rows[0]!.n;
    const doubled = (await db.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM (
        SELECT interaction_id FROM interaction_events WHERE workspace_id = $1 AND type = 'accepted'
          GROUP BY interaction_id HAVING count(*) > 1 OR count(DISTINCT agent_id) > 1
        UNION
        SELECT interaction_id FROM routing_offers WHERE workspace_id = $1 AND status = 'accepted'
          GROUP BY interaction_id HAVING count(*) > 1
      ) d`, [workspaceId])).rows[0]!.n;
    const offersByStatus = Object.fromEntries((await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM routing_offers WHERE workspace_id = $1 GROUP BY status`, [workspaceId])).rows.map((r) => [r.status, r.n]));
    const realtimeByType = Object.fromEntries((await db.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM realtime_events WHERE workspace_id = $1 GROUP BY type ORDER BY 2 DESC`, [workspaceId])).rows.map((r) => [r.type, r.n]));
    return { byStatus, total, neverAccepted, doubled, pendingOffers: offersByStatus.pending ?? 0, offersByStatus, realtimeByType };
  } finally {
    await db.end();
  }
}
