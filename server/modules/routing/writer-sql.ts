import type pg from 'pg';

// The router's hot statements: fixed text, prepared once per connection (named), each writing a whole
// batch of decisions of one kind (inputs as one JSON array, `n` = engine order). Realtime events go to
// the bus's outbox in the same statement, so they commit with the change (see platform/realtime/bus.ts).

type Client = pg.Pool | pg.PoolClient;

export interface OfferInput {
  n: number;
  id: string;
  contact: string;
  agent: string;
  /** ISO time */
  expires: string;
  /** The offer's realtime payload, without queueId, queueName and customerName (read here). */
  p: Record<string, unknown>;
}

export interface ResolveInput {
  n: number;
  contact: string;
  agent: string;
  status: 'rejected' | 'timed_out' | 'revoked';
  /** Sent to the agent as `routing.offer_revoked`; null: the agent needs no telling (they rejected it). */
  reason: string | null;
}

export interface AssignInput {
  n: number;
  contact: string;
  agent: string;
}

/** New pending offers, only for contacts still queued (and without another pending offer); returns the ids made. */
const insertOffersSql = {
  name: 'routing_insert_offers',
  text: `
WITH x AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(n int, id uuid, contact uuid, agent uuid, expires timestamptz, p jsonb)
),
ins AS (
  INSERT INTO routing_offers (id, workspace_id, interaction_id, agent_id, queue_id, offered_at, expires_at)
  SELECT x.id, $1::uuid, i.id, x.agent, i.queue_id, $3::timestamptz, x.expires
  FROM x JOIN interactions i ON i.id = x.contact AND i.workspace_id = $1::uuid AND i.status = 'queued'
  ORDER BY x.n
  ON CONFLICT DO NOTHING
  RETURNING id, interaction_id, agent_id, queue_id
),
ev AS (
  INSERT INTO interaction_events (workspace_id, interaction_id, type, at, actor_type, queue_id, agent_id, data)
  SELECT $1::uuid, ins.interaction_id, 'offered', $3::timestamptz, 'system', ins.queue_id, ins.agent_id, jsonb_build_object('offerId', ins.id, 'expiresAt', x.p->>'expiresAt')
  FROM ins JOIN x ON x.id = ins.id ORDER BY x.n
),
rt AS (
  INSERT INTO realtime_outbox (workspace_id, topic, type, payload)
  SELECT $1::uuid, 'user:' || ins.agent_id, 'routing.offer',
    x.p || jsonb_build_object('queueId', ins.queue_id, 'queueName', q.name, 'customerName', coalesce(cu.name, ''))
  FROM ins JOIN x ON x.id = ins.id
  JOIN interactions i ON i.id = ins.interaction_id
  LEFT JOIN customers cu ON cu.id = i.customer_id
  LEFT JOIN queues q ON q.id = ins.queue_id
  ORDER BY x.n
)
SELECT id FROM ins`,
};

export async function insertOffers(c: Client, workspaceId: string, now: Date, offers: OfferInput[]) {
  const { rows } = await c.query<{ id: string }>({ ...insertOffersSql, values: [workspaceId, JSON.stringify(offers), now] });
  return rows.map((r) => r.id);
}

/** Pending offers leave `pending` (rejected, timed out, revoked) with their log events and the agents told; a timeout counts as a missed offer. */
const resolveOffersSql = {
  name: 'routing_resolve_offers',
  text: `
WITH x AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(n int, contact uuid, agent uuid, status text, reason text)
),
upd AS (
  UPDATE routing_offers o SET status = x.status, resolved_at = $3::timestamptz
  FROM x WHERE o.interaction_id = x.contact AND o.agent_id = x.agent AND o.status = 'pending' AND o.workspace_id = $1::uuid
  RETURNING o.id, o.interaction_id, o.agent_id, o.queue_id, x.n, x.status, x.reason
),
ev AS (
  INSERT INTO interaction_events (workspace_id, interaction_id, type, at, actor_type, actor_id, queue_id, agent_id)
  SELECT $1::uuid, upd.interaction_id, upd.status, $3::timestamptz, CASE WHEN upd.status = 'rejected' THEN 'agent' ELSE 'system' END,
    CASE WHEN upd.status = 'rejected' THEN upd.agent_id END, upd.queue_id, upd.agent_id
  FROM upd WHERE upd.status <> 'revoked' ORDER BY upd.n
),
missed AS (
  UPDATE agent_presence p SET missed_in_row = p.missed_in_row + m.n
  FROM (SELECT agent_id, count(*)::int AS n FROM upd WHERE upd.status = 'timed_out' GROUP BY agent_id) m
  WHERE p.user_id = m.agent_id
),
rt AS (
  INSERT INTO realtime_outbox (workspace_id, topic, type, payload)
  SELECT $1::uuid, 'user:' || upd.agent_id, 'routing.offer_revoked', jsonb_build_object('offerId', upd.id, 'interactionId', upd.interaction_id, 'reason', upd.reason)
  FROM upd WHERE upd.reason IS NOT NULL ORDER BY upd.n
)
SELECT id, status FROM upd`,
};

export async function resolveOffers(c: Client, workspaceId: string, now: Date, items: ResolveInput[]) {
  const { rows } = await c.query<{ id: string; status: string }>({ ...resolveOffersSql, values: [workspaceId, JSON.stringify(items), now] });
  return rows;
}

/**
 * Accepted offers become assignments: the contact goes from queued to active with its agent only
 * together with its pending offer (so nothing is assigned twice), with `accepted` (and the first
 * `answered`) in the log, the agent's missed-offer count reset, and the agent and screens told.
 */
const assignSql = {
  name: 'routing_assign',
  text: `
WITH x AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(n int, contact uuid, agent uuid)
),
off AS (
  SELECT o.id, o.interaction_id, o.agent_id, x.n FROM x
  JOIN routing_offers o ON o.interaction_id = x.contact AND o.agent_id = x.agent AND o.status = 'pending' AND o.workspace_id = $1::uuid
),
i AS (
  UPDATE interactions t SET status = 'active', assignee_id = off.agent_id, updated_at = $3::timestamptz
  FROM off WHERE t.id = off.interaction_id AND t.workspace_id = $1::uuid AND t.status = 'queued'
  RETURNING t.id, t.queue_id, off.id AS offer_id, off.agent_id, off.n
),
acc AS (
  UPDATE routing_offers r SET status = 'accepted', resolved_at = $3::timestamptz FROM i WHERE r.id = i.offer_id AND r.status = 'pending'
  RETURNING r.id
),
ev AS (
  INSERT INTO interaction_events (workspace_id, interaction_id, type, at, actor_type, actor_id, agent_id, queue_id, data)
  SELECT $1::uuid, i.id, k.type, $3::timestamptz, 'agent', i.agent_id, i.agent_id, i.queue_id, k.data
  FROM i CROSS JOIN LATERAL (VALUES (1, 'accepted', jsonb_build_object('offerId', i.offer_id)), (2, 'answered', '{}'::jsonb)) AS k(k, type, data)
  WHERE k.k = 1 OR NOT EXISTS (SELECT 1 FROM interaction_events e WHERE e.interaction_id = i.id AND e.type = 'answered')
  ORDER BY i.n, k.k
),
pres AS (
  UPDATE agent_presence SET missed_in_row = 0 WHERE user_id IN (SELECT agent_id FROM i) AND missed_in_row <> 0
),
rt AS (
  INSERT INTO realtime_outbox (workspace_id, topic, type, payload)
  SELECT $1::uuid, k.topic, k.type, k.payload FROM i CROSS JOIN LATERAL (VALUES
    (1, 'user:' || i.agent_id, 'routing.assigned', jsonb_build_object('offerId', i.offer_id, 'interactionId', i.id)),
    (2, 'interaction:' || i.id, 'interaction.updated', jsonb_build_object('id', i.id, 'status', 'active', 'assigneeId', i.agent_id, 'queueId', i.queue_id)),
    (3, 'workspace', 'interaction.updated', jsonb_build_object('id', i.id, 'status', 'active', 'assigneeId', i.agent_id, 'queueId', i.queue_id))
  ) AS k(k, topic, type, payload)
  ORDER BY i.n, k.k
)
SELECT i.id AS contact, i.offer_id FROM i`,
};

export async function assign(c: Client, workspaceId: string, now: Date, items: AssignInput[]) {
  const { rows } = await c.query<{ contact: string; offer_id: string }>({ ...assignSql, values: [workspaceId, JSON.stringify(items), now] });
  return rows;
}
