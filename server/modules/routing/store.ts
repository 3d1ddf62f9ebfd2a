import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { rawClient, type Tx } from '../../platform/db/index.js';
import { customers } from '../customers/schema.js';
import { users, userSkills } from '../identity/schema.js';
import { interactionEvents, interactions } from '../interactions/schema.js';
import { queues } from '../queues/schema.js';
import { agentPresence, agentStateLog, routingOffers, routingSettings, type AgentStateName } from './schema.js';

export type OfferRow = typeof routingOffers.$inferSelect;
export type EventInsert = typeof interactionEvents.$inferInsert;

export const DEFAULT_CAPACITY: Record<string, number> = { voice: 1, chat: 3, email: 5, sms: 3, whatsapp: 3, telegram: 3, messenger: 3, form: 5, walk_in: 1 };
export const DEFAULT_REASON_CODES = ['break', 'lunch', 'training', 'meeting', 'coaching'];

export const listWorkspaceIds = async (db: Tx) => (await db.execute<{ id: string }>(sql`SELECT id FROM workspaces`)).rows.map((r) => r.id);

export const loadQueues = (db: Tx, workspaceId: string) => db.select().from(queues).where(eq(queues.workspaceId, workspaceId)).orderBy(asc(queues.name));

/** Staff who take contacts (agents and supervisors), with skills and presence. */
export async function loadAgents(db: Tx, workspaceId: string) {
  const rows = await db.select({ user: users, presence: agentPresence }).from(users)
    .leftJoin(agentPresence, eq(agentPresence.userId, users.id))
    .where(and(eq(users.workspaceId, workspaceId), eq(users.active, true), inArray(users.role, ['agent', 'supervisor'])));
  const skills = rows.length ? await db.select().from(userSkills).where(eq(userSkills.workspaceId, workspaceId)) : [];
  return rows.map((r) => ({
    id: r.user.id, name: r.user.name, role: r.user.role, languages: r.user.languages,
    skills: Object.fromEntries(skills.filter((s) => s.userId === r.user.id).map((s) => [s.skill, s.level])),
    state: (r.presence?.state ?? 'offline') as AgentStateName, reason: r.presence?.reason ?? null,
    since: r.presence?.since ?? r.user.createdAt, capacity: { ...DEFAULT_CAPACITY, ...r.presence?.capacity }, missedInRow: r.presence?.missedInRow ?? 0,
  }));
}
export type AgentRow = Awaited<ReturnType<typeof loadAgents>>[number];

export const queuedContacts = (db: Tx, workspaceId: string) =>
  db.select().from(interactions).where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.status, 'queued')))
    .orderBy(desc(interactions.routingPriority), asc(interactions.enqueuedAt), asc(interactions.createdAt));

export const activeAssignments = (db: Tx, workspaceId: string) =>
  db.select().from(interactions).where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.status, 'active'), isNotNull(interactions.assigneeId)));

export const findInteraction = async (db: Tx, workspaceId: string, id: string, lock = false) => {
  const q = db.select().from(interactions).where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, id))).limit(1);
  return (await (lock ? q.for('update') : q))[0];
};

/** The agent who last handled this customer (for the sticky-agent rule). */
export async function lastAgentOf(db: Tx, workspaceId: string, customerId: string, excludeId: string) {
  const rows = await db.select({ agentId: interactions.assigneeId }).from(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.customerId, customerId), isNotNull(interactions.assigneeId), sql`${interactions.id} <> ${excludeId}`))
    .orderBy(desc(interactions.createdAt)).limit(1);
  return rows[0]?.agentId ?? undefined;
}

/** What routing reads of a contact. */
export type RoutedInteraction = Pick<typeof interactions.$inferSelect,
  'id' | 'customerId' | 'channel' | 'status' | 'priority' | 'language' | 'queueId' | 'assigneeId' | 'enqueuedAt' | 'routingPriority' | 'callbackRequested' | 'createdAt'>;

const findInteractionsSql = {
  name: 'routing_find_interactions',
  text: `SELECT id, customer_id, channel, status, priority, language, queue_id, assignee_id, enqueued_at, routing_priority, callback_requested, created_at
    FROM interactions WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
};

/** Several contacts in one query (a batch of bus events names them). */
export async function findInteractions(db: Tx, workspaceId: string, ids: string[]): Promise<RoutedInteraction[]> {
  const { rows } = await rawClient(db).query<{
    id: string; customer_id: string; channel: RoutedInteraction['channel']; status: RoutedInteraction['status']; priority: RoutedInteraction['priority'];
    language: string | null; queue_id: string | null; assignee_id: string | null; enqueued_at: Date | null; routing_priority: number; callback_requested: boolean; created_at: Date;
  }>({ ...findInteractionsSql, values: [workspaceId, ids] });
  return rows.map((r) => ({
    id: r.id, customerId: r.customer_id, channel: r.channel, status: r.status, priority: r.priority, language: r.language, queueId: r.queue_id,
    assigneeId: r.assignee_id, enqueuedAt: r.enqueued_at, routingPriority: r.routing_priority, callbackRequested: r.callback_requested, createdAt: r.created_at,
  }));
}

const lastAgentsSql = {
  name: 'routing_last_agents',
  text: `SELECT DISTINCT ON (customer_id) customer_id, assignee_id FROM interactions
    WHERE workspace_id = $1 AND assignee_id IS NOT NULL AND customer_id = ANY($2::uuid[]) AND NOT (id = ANY($3::uuid[]))
    ORDER BY customer_id, created_at DESC`,
};

/** The last agent of each customer (for the sticky-agent rule), in one query. */
export async function lastAgentsOf(db: Tx, workspaceId: string, contacts: { id: string; customerId: string }[]) {
  const { rows } = await rawClient(db).query<{ customer_id: string; assignee_id: string }>({
    ...lastAgentsSql, values: [workspaceId, [...new Set(contacts.map((c) => c.customerId))], contacts.map((c) => c.id)],
  });
  return new Map(rows.map((r) => [r.customer_id, r.assignee_id]));
}

export const pendingOffers = (db: Tx, workspaceId: string, agentId?: string) =>
  db.select({ offer: routingOffers, channel: interactions.channel, customerName: customers.name, queueName: queues.name, enqueuedAt: interactions.enqueuedAt })
    .from(routingOffers)
    .innerJoin(interactions, eq(interactions.id, routingOffers.interactionId))
    .innerJoin(customers, eq(customers.id, interactions.customerId))
    .leftJoin(queues, eq(queues.id, routingOffers.queueId))
    .where(and(eq(routingOffers.workspaceId, workspaceId), eq(routingOffers.status, 'pending'), agentId ? eq(routingOffers.agentId, agentId) : undefined))
    .orderBy(asc(routingOffers.offeredAt));
export type PendingOffer = Awaited<ReturnType<typeof pendingOffers>>[number];

export const findOffer = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select().from(routingOffers).where(and(eq(routingOffers.workspaceId, workspaceId), eq(routingOffers.id, id))).limit(1))[0];

/** Assigned contacts per channel for agents of the workspace. */
export async function loads(db: Tx, workspaceId: string, agentId?: string) {
  const rows = await db.select({ agentId: interactions.assigneeId, channel: interactions.channel, n: sql<number>`count(*)::int` }).from(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.status, 'active'), agentId ? eq(interactions.assigneeId, agentId) : isNotNull(interactions.assigneeId)))
    .groupBy(interactions.assigneeId, interactions.channel);
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) out.set(r.agentId!, { ...out.get(r.agentId!), [r.channel]: r.n });
  return out;
}

/** Records a new agent state: presence row, and the state log (closing the previous period). */
export async function writeAgentState(db: Tx, workspaceId: string, userId: string, state: AgentStateName, reason: string | null, at: Date) {
  await db.insert(agentPresence).values({ userId, workspaceId, state, reason, since: at, capacity: {} })
    .onConflictDoUpdate({ target: agentPresence.userId, set: { state, reason, since: at, ...(state === 'available' ? { missedInRow: 0 } : {}) } });
  await db.update(agentStateLog).set({ endedAt: at })
    .where(and(eq(agentStateLog.workspaceId, workspaceId), eq(agentStateLog.userId, userId), sql`${agentStateLog.endedAt} IS NULL`));
  await db.insert(agentStateLog).values({ workspaceId, userId, state, reason, startedAt: at });
}

export const findPresence = async (db: Tx, userId: string) => (await db.select().from(agentPresence).where(eq(agentPresence.userId, userId)).limit(1))[0];

export async function reasonCodes(db: Tx, workspaceId: string) {
  const row = (await db.select().from(routingSettings).where(eq(routingSettings.workspaceId, workspaceId)).limit(1))[0];
  return row?.reasonCodes ?? DEFAULT_REASON_CODES;
}

export const setReasonCodes = (db: Tx, workspaceId: string, items: string[]) =>
  db.insert(routingSettings).values({ workspaceId, reasonCodes: items }).onConflictDoUpdate({ target: routingSettings.workspaceId, set: { reasonCodes: items } });

export const insertEvents = (db: Tx, rows: EventInsert[]) => (rows.length ? db.insert(interactionEvents).values(rows) : Promise.resolve());
