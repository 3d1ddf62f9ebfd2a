import { and, asc, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { customers, orders } from '../customers/index.js';
import { users } from '../identity/index.js';
import { interactions } from '../interactions/index.js';
import { savedAnswers, scriptRuns, scripts } from './schema.js';

export type SavedAnswerRow = typeof savedAnswers.$inferSelect;
export type ScriptRow = typeof scripts.$inferSelect;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const listAnswers = (db: Tx, workspaceId: string, q?: string, kind?: 'answer' | 'snippet') => {
  const text = q?.trim() ? `%${escapeLike(q.trim())}%` : undefined;
  return db.select().from(savedAnswers).where(and(
    eq(savedAnswers.workspaceId, workspaceId),
    kind ? eq(savedAnswers.kind, kind) : undefined,
    text ? or(ilike(savedAnswers.title, text), ilike(savedAnswers.shortcut, text), ilike(savedAnswers.body, text)) : undefined,
  )).orderBy(asc(savedAnswers.title)).limit(200);
};

export const findAnswer = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select().from(savedAnswers).where(and(eq(savedAnswers.workspaceId, workspaceId), eq(savedAnswers.id, id))).limit(1))[0];

export const listScripts = (db: Tx, workspaceId: string) =>
  db.select().from(scripts).where(eq(scripts.workspaceId, workspaceId)).orderBy(asc(scripts.name));

export const findScript = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select().from(scripts).where(and(eq(scripts.workspaceId, workspaceId), eq(scripts.id, id))).limit(1))[0];

export const runsOf = (db: Tx, workspaceId: string, interactionId: string) =>
  db.select().from(scriptRuns).where(and(eq(scriptRuns.workspaceId, workspaceId), eq(scriptRuns.interactionId, interactionId)));

export const saveRun = (db: Tx, row: typeof scriptRuns.$inferInsert) =>
  db.insert(scriptRuns).values(row).onConflictDoUpdate({
    target: [scriptRuns.interactionId, scriptRuns.scriptId],
    set: { answers: sql`excluded.answers`, updatedById: sql`excluded.updated_by_id`, updatedAt: sql`excluded.updated_at` },
  }).returning();

/** What a saved answer's variables can be filled from: the contact, its customer, the agent and an order. */
export async function variableSources(db: Tx, workspaceId: string, interactionId: string, agentId: string, orderId?: string) {
  const [i] = await db.select().from(interactions).where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, interactionId))).limit(1);
  if (!i) return undefined;
  const [customer] = await db.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, i.customerId))).limit(1);
  const [agent] = await db.select({ name: users.name, email: users.email }).from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, agentId))).limit(1);
  const [order] = await db.select().from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.customerId, i.customerId), orderId ? eq(orders.id, orderId) : undefined))
    .orderBy(desc(orders.orderedAt)).limit(1);
  return { interaction: i, customer, agent, order };
}
