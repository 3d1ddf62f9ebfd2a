import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Db, Tx } from '../db/index.js';
import { realtimeEvents } from './schema.js';

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
   * them. Several events in one call cost one insert and one announcement.
   */
  publish(events: NewEvent | NewEvent[], tx?: Tx): Promise<void>;
  /** Events of a workspace after `afterId`, in order, optionally limited to topics. */
  since(workspaceId: string, afterId: number, topics?: string[], limit?: number): Promise<RealtimeEvent[]>;
  onAnnounce(listener: (workspaceId: string) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'tawasul_realtime';

const toEvent = (r: typeof realtimeEvents.$inferSelect): RealtimeEvent => ({
  id: r.id, workspaceId: r.workspaceId, topic: r.topic, type: r.type, payload: r.payload, at: r.createdAt.toISOString(),
});

/**
 * A bus on PostgreSQL: events are rows (so a reconnecting client can be replayed what it missed) and
 * NOTIFY tells every server process to read the new rows. Inserts of one workspace are serialised with
 * a transaction-scoped advisory lock, so ids of a workspace become visible in order and a reader that
 * has seen id N never later finds a smaller committed id.
 */
export async function createPgBus(db: Db, pool: pg.Pool, retentionHours: number): Promise<EventBus> {
  const listeners = new Set<(ws: string) => void>();
  const listener = await pool.connect();
  // Lost when the database stops or restarts; the server is going down then, so only note it.
  listener.on('error', () => {});
  await listener.query(`LISTEN ${CHANNEL}`);
  listener.on('notification', (n) => {
    if (n.channel === CHANNEL && n.payload) for (const l of listeners) l(n.payload);
  });
  const prune = setInterval(() => {
    db.delete(realtimeEvents).where(lt(realtimeEvents.createdAt, new Date(Date.now() - retentionHours * 3600_000))).catch(() => {});
  }, 3600_000);
  prune.unref();

  // One statement takes the workspace's lock, inserts and announces, so the lock is held only from
  // here to COMMIT: callers publish as the last step of their transaction.
  const insert = async (tx: Tx, events: NewEvent[]) => {
    for (const ws of [...new Set(events.map((e) => e.workspaceId))].sort()) {
      const rows = events.filter((e) => e.workspaceId === ws)
        .map((e) => sql`(${e.topic}, ${e.type}, ${JSON.stringify(e.payload ?? {})}::jsonb)`);
      await tx.execute(sql`
        WITH lock AS (SELECT pg_advisory_xact_lock(hashtext(${'rt:' + ws}))),
        ins AS (
          INSERT INTO realtime_events (workspace_id, topic, type, payload)
          SELECT ${ws}::uuid, v.topic, v.type, v.payload FROM lock, (VALUES ${sql.join(rows, sql`, `)}) AS v(topic, type, payload)
          RETURNING 1
        )
        SELECT pg_notify(${CHANNEL}, ${ws}) FROM (SELECT count(*) FROM ins) AS done`);
    }
  };

  return {
    async publish(e, tx) {
      const events = Array.isArray(e) ? e : [e];
      if (!events.length) return;
      if (tx) await insert(tx, events);
      else await db.transaction((t) => insert(t, events));
    },
    async since(workspaceId, afterId, topics, limit = 1000) {
      const rows = await db.select().from(realtimeEvents)
        .where(and(eq(realtimeEvents.workspaceId, workspaceId), gt(realtimeEvents.id, afterId),
          topics ? inArray(realtimeEvents.topic, topics.length ? topics : ['']) : undefined))
        .orderBy(asc(realtimeEvents.id)).limit(limit);
      return rows.map(toEvent);
    },
    onAnnounce(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async close() {
      clearInterval(prune);
      listener.release(true);
    },
  };
}
