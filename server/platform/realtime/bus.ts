import type pg from 'pg';
import { rawClient, type Db, type Tx } from '../db/index.js';

export interface RealtimeEvent {
  id: number;
  workspaceId: string;
  topic: string;
  type: string;
  payload: unknown;
  at: string;
}

export type NewEvent = Omit<RealtimeEvent, 'id' | 'at'>;

/** Services publish here; the hub fans events out to websockets in every server process. */
export interface EventBus {
  /**
   * Stores the events (inside `tx` when given, so they exist only if the change commits) and announces
   * them. Several events in one call cost one statement.
   */
  publish(events: NewEvent | NewEvent[], tx?: Tx): Promise<void>;
  /** Events of a workspace after `afterId`, in order, optionally limited to topics. */
  since(workspaceId: string, afterId: number, topics?: string[], limit?: number): Promise<RealtimeEvent[]>;
  onAnnounce(listener: (workspaceId: string) => void): () => void;
  /**
   * Other database notices (NOTIFY `channel`), received on the bus's own connection. When that
   * connection is lost the listener is called with '' (whatever it keeps from notices is now unsure).
   */
  listen(channel: string, listener: (payload: string) => void): Promise<() => void>;
  close(): Promise<void>;
}

const CHANNEL = 'tawasul_realtime';

type Row = { id: number; workspace_id: string; topic: string; type: string; payload: unknown; created_at: Date };
const toEvent = (r: Row): RealtimeEvent => ({
  id: r.id, workspaceId: r.workspace_id, topic: r.topic, type: r.type, payload: r.payload, at: r.created_at.toISOString(),
});

// Statements with fixed text, prepared once per connection (named), so the hot paths skip parsing and
// query building. Events travel as one JSON array: [{topic, type, payload}, ...] in order.
const FROM_JSON = `FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(e, n)`;

/**
 * Outside a transaction: one statement takes the workspace's lock, inserts and announces; it commits on
 * its own, so the lock is held only inside the database.
 */
const publishNow = {
  name: 'rt_publish_now',
  text: `WITH lock AS (SELECT pg_advisory_xact_lock(hashtext('rt:' || $1::text))),
    ins AS (
      INSERT INTO realtime_events (workspace_id, topic, type, payload)
      SELECT $1::uuid, x.e->>'topic', x.e->>'type', x.e->'payload' FROM lock, jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(e, n)
      ORDER BY x.n RETURNING 1
    )
    SELECT pg_notify('${CHANNEL}', $1::text) FROM (SELECT count(*) FROM ins) AS done`,
};

/**
 * Inside a transaction: the events wait in `realtime_outbox` and a deferred trigger moves them to
 * `realtime_events` (taking the workspace's lock, then announcing) while the transaction commits. The
 * lock is held only from there to the end of COMMIT, never across a round trip to this process.
 */
const publishInTx = {
  name: 'rt_publish_tx',
  text: `INSERT INTO realtime_outbox (workspace_id, topic, type, payload)
    SELECT $1::uuid, x.e->>'topic', x.e->>'type', x.e->'payload' ${FROM_JSON} ORDER BY x.n`,
};

const sinceAll = {
  name: 'rt_since_all',
  text: `SELECT id, workspace_id, topic, type, payload, created_at FROM realtime_events
    WHERE workspace_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
};
const sinceTopics = {
  name: 'rt_since_topics',
  text: `SELECT id, workspace_id, topic, type, payload, created_at FROM realtime_events
    WHERE workspace_id = $1 AND id > $2 AND topic = ANY($3::text[]) ORDER BY id LIMIT $4`,
};

/** Events grouped by workspace (sorted, so locks are always taken in one order), each as a JSON array. */
function byWorkspace(events: NewEvent[]): [string, string][] {
  const groups = new Map<string, { topic: string; type: string; payload: unknown }[]>();
  for (const e of events) {
    let g = groups.get(e.workspaceId);
    if (!g) groups.set(e.workspaceId, (g = []));
    g.push({ topic: e.topic, type: e.type, payload: e.payload ?? {} });
  }
  return [...groups.keys()].sort().map((ws) => [ws, JSON.stringify(groups.get(ws))]);
}

/**
 * A bus on PostgreSQL: events are rows (so a reconnecting client can be replayed what it missed) and
 * NOTIFY tells every server process to read the new rows. Ids of a workspace are given out under a
 * transaction-scoped advisory lock held until COMMIT, so they become visible in order and a reader that
 * has seen id N never later finds a smaller committed id.
 */
export async function createPgBus(_db: Db, pool: pg.Pool, retentionHours: number): Promise<EventBus> {
  const listeners = new Set<(ws: string) => void>();
  const others = new Map<string, Set<(payload: string) => void>>();
  const listener = await pool.connect();
  // Lost when the database stops or restarts; the server is going down then, so only note it.
  listener.on('error', () => {
    for (const set of others.values()) for (const l of set) l('');
  });
  await listener.query(`LISTEN ${CHANNEL}`);
  listener.on('notification', (n) => {
    if (n.channel === CHANNEL) {
      if (n.payload) for (const l of listeners) l(n.payload);
    } else for (const l of others.get(n.channel) ?? []) l(n.payload ?? '');
  });
  const prune = setInterval(() => {
    pool.query('DELETE FROM realtime_events WHERE created_at < $1', [new Date(Date.now() - retentionHours * 3600_000)]).catch(() => {});
  }, 3600_000);
  prune.unref();

  return {
    async publish(e, tx) {
      const events = Array.isArray(e) ? e : [e];
      if (!events.length) return;
      const client = tx ? rawClient(tx) : pool;
      const statement = tx ? publishInTx : publishNow;
      // Outside a transaction each workspace's events commit on their own (publishes never span workspaces in practice).
      for (const [ws, json] of byWorkspace(events)) await client.query({ ...statement, values: [ws, json] });
    },
    async since(workspaceId, afterId, topics, limit = 1000) {
      const { rows } = topics
        ? await pool.query<Row>({ ...sinceTopics, values: [workspaceId, afterId, topics, limit] })
        : await pool.query<Row>({ ...sinceAll, values: [workspaceId, afterId, limit] });
      return rows.map(toEvent);
    },
    onAnnounce(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async listen(channel, l) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
      let set = others.get(channel);
      if (!set) {
        others.set(channel, (set = new Set()));
        await listener.query(`LISTEN ${channel}`);
      }
      set.add(l);
      return () => set.delete(l);
    },
    async close() {
      clearInterval(prune);
      listener.release(true);
    },
  };
}
