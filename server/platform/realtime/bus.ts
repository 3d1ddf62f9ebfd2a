import pg from 'pg';
import { outsideTransaction, rawClient, type Db, type Tx } from '../db/index.js';
import { advance, type WatermarkState } from './watermark.js';

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
  /** Events of a workspace after `afterId` up to the watermark, in order, optionally limited to topics. */
  since(workspaceId: string, afterId: number, topics?: string[], limit?: number): Promise<RealtimeEvent[]>;
  /** The highest id below which every event is visible (or will never be): a reader's safe starting point. */
  watermark(): number;
  /** Called with a workspace (and the topics that moved) when its events pass the watermark, whoever published them. */
  onAnnounce(listener: (workspaceId: string, topics: ReadonlySet<string>) => void): () => void;
  /**
   * Other database notices (NOTIFY `channel`), received on the bus's own connection. When that
   * connection is lost the listener is called with '' (whatever it keeps from notices is now unsure).
   */
  listen(channel: string, listener: (payload: string) => void): Promise<() => void>;
  close(): Promise<void>;
}

type Row = { id: number; workspace_id: string; topic: string; type: string; payload: unknown; created_at: Date };
const toEvent = (r: Row): RealtimeEvent => ({
  id: r.id, workspaceId: r.workspace_id, topic: r.topic, type: r.type, payload: r.payload, at: r.created_at.toISOString(),
});

// Statements with fixed text, prepared once per connection (named), so the hot paths skip parsing and
// query building. Events travel as one JSON array: [{topic, type, payload}, ...] in order.
const FROM_JSON = `FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(e, n)`;

/** Outside a transaction: one statement inserts the events; it commits on its own. */
const publishNow = {
  name: 'rt_publish_now',
  text: `INSERT INTO realtime_events (workspace_id, topic, type, payload)
    SELECT $1::uuid, x.e->>'topic', x.e->>'type', x.e->'payload' ${FROM_JSON} ORDER BY x.n`,
};

/**
 * Inside a transaction: the events wait in `realtime_outbox` and a deferred trigger moves them to
 * `realtime_events` while the transaction commits, so their ids are taken as late as possible (the
 * window in which a later id can become visible before an earlier one is the commit itself).
 */
const publishInTx = {
  name: 'rt_publish_tx',
  text: `INSERT INTO realtime_outbox (workspace_id, topic, type, payload)
    SELECT $1::uuid, x.e->>'topic', x.e->>'type', x.e->'payload' ${FROM_JSON} ORDER BY x.n`,
};

/** New ids after the watermark, with the snapshot they were read in (its oldest running and next transaction id). */
const poll = {
  name: 'rt_poll',
  text: `SELECT pg_snapshot_xmin(s.snap)::text AS xmin, pg_snapshot_xmax(s.snap)::text AS xmax, e.id, e.workspace_id, e.topic
    FROM (SELECT pg_current_snapshot() AS snap) s
    LEFT JOIN LATERAL (SELECT id, workspace_id, topic FROM realtime_events WHERE id > $1 ORDER BY id LIMIT 5000) e ON true`,
};

const sinceAll = {
  name: 'rt_since_all',
  text: `SELECT id, workspace_id, topic, type, payload, created_at FROM realtime_events
    WHERE workspace_id = $1 AND id > $2 AND id <= $3 ORDER BY id LIMIT $4`,
};
const sinceTopics = {
  name: 'rt_since_topics',
  text: `SELECT id, workspace_id, topic, type, payload, created_at FROM realtime_events
    WHERE workspace_id = $1 AND id > $2 AND id <= $3 AND topic = ANY($4::text[]) ORDER BY id LIMIT $5`,
};

/** Events grouped by workspace, each as a JSON array. */
function byWorkspace(events: NewEvent[]): [string, string][] {
  const groups = new Map<string, { topic: string; type: string; payload: unknown }[]>();
  for (const e of events) {
    let g = groups.get(e.workspaceId);
    if (!g) groups.set(e.workspaceId, (g = []));
    g.push({ topic: e.topic, type: e.type, payload: e.payload ?? {} });
  }
  return [...groups.keys()].sort().map((ws) => [ws, JSON.stringify(groups.get(ws))]);
}

const { Pool: PgPool } = pg;
/** The connection string a pool was made with. */
const poolUrl = (pool: pg.Pool) => (pool as unknown as { options: { connectionString: string } }).options.connectionString;

/** Polling pace: fast while events flow or this process publishes, slower when the workspace floor is quiet. */
const POLL_FAST_MS = 5;
const POLL_IDLE_MS = 50;
const IDLE_AFTER_MS = 1000;

/**
 * A bus on PostgreSQL: events are rows (so a reconnecting client can be replayed what it missed). Each
 * server process polls for new ids and announces the workspaces that moved; readers only ever see ids up
 * to the watermark (./watermark.ts), so a reader that has seen id N never later finds a smaller one. No
 * lock and no NOTIFY on the writers' path: both would serialise every publishing commit (ADR 3).
 */
export async function createPgBus(_db: Db, pool: pg.Pool, retentionHours: number): Promise<EventBus> {
  // Reading the stream has its own few connections, so delivery never queues behind the requests' work.
  const reader = new PgPool({ connectionString: poolUrl(pool), max: 3, application_name: 'tawasul-realtime' });
  reader.on('error', () => {});
  const listeners = new Set<(ws: string, topics: ReadonlySet<string>) => void>();
  const others = new Map<string, Set<(payload: string) => void>>();
  const listener = await pool.connect();
  // Lost when the database stops or restarts; the server is going down then, so only note it.
  listener.on('error', () => {
    for (const set of others.values()) for (const l of set) l('');
  });
  listener.on('notification', (n) => {
    for (const l of others.get(n.channel) ?? []) l(n.payload ?? '');
  });
  const prune = setInterval(() => {
    pool.query('DELETE FROM realtime_events WHERE created_at < $1', [new Date(Date.now() - retentionHours * 3600_000)]).catch(() => {});
  }, 3600_000);
  prune.unref();

  const { rows: [top] } = await pool.query<{ id: string | null }>('SELECT max(id) AS id FROM realtime_events');
  let state: WatermarkState = { watermark: Number(top?.id ?? 0) };
  let lastActive = Date.now();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let due = 0;
  let inFlight: Promise<void> | undefined;

  const schedule = (ms: number) => {
    if (stopped || inFlight) return;
    clearTimeout(timer);
    due = Date.now() + ms;
    // A publish inside a transaction may schedule the next poll: the poll is not part of that transaction.
    timer = outsideTransaction(() => setTimeout(() => {
      timer = undefined;
      inFlight = tick().finally(() => {
        inFlight = undefined;
        schedule(Date.now() - lastActive > IDLE_AFTER_MS ? POLL_IDLE_MS : POLL_FAST_MS);
      });
    }, ms));
    timer.unref();
  };
  const tick = async () => {
    try {
      const { rows } = await reader.query<{ xmin: string; xmax: string; id: string | null; workspace_id: string | null; topic: string | null }>({ ...poll, values: [state.watermark] });
      const seen = rows.filter((r) => r.id !== null).map((r) => ({ id: Number(r.id), workspaceId: r.workspace_id!, topic: r.topic! }));
      const next = advance(state, { rows: seen, xmin: BigInt(rows[0]!.xmin), xmax: BigInt(rows[0]!.xmax) }, Date.now());
      state = next.state;
      if (seen.length) lastActive = Date.now();
      for (const [ws, topics] of next.workspaces) for (const l of listeners) {
        try {
          l(ws, topics);
        } catch {
          /* a listener's failure is its own */
        }
      }
    } catch {
      /* the database is away (restarting, or the server is stopping): try again on the next tick */
    }
  };
  schedule(POLL_FAST_MS);

  return {
    async publish(e, tx) {
      const events = Array.isArray(e) ? e : [e];
      if (!events.length) return;
      const client = tx ? rawClient(tx) : pool;
      const statement = tx ? publishInTx : publishNow;
      // Outside a transaction each workspace's events commit on their own (publishes never span workspaces in practice).
      for (const [ws, json] of byWorkspace(events)) await client.query({ ...statement, values: [ws, json] });
      // The events become visible when the transaction commits: look for them at the fast pace.
      lastActive = Date.now();
      if (!inFlight && due - Date.now() > POLL_FAST_MS) schedule(POLL_FAST_MS);
    },
    watermark: () => state.watermark,
    async since(workspaceId, afterId, topics, limit = 1000) {
      const { rows } = topics
        ? await reader.query<Row>({ ...sinceTopics, values: [workspaceId, afterId, state.watermark, topics, limit] })
        : await reader.query<Row>({ ...sinceAll, values: [workspaceId, afterId, state.watermark, limit] });
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
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      clearInterval(prune);
      listener.release(true);
      await reader.end().catch(() => {});
    },
  };
}
