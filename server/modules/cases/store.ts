import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { olderThan, type Cursor } from '../../platform/http/index.js';
import { customers, orders } from '../customers/schema.js';
import { users } from '../identity/index.js';
import { interactions } from '../interactions/schema.js';
import { caseCounters, cases } from './schema.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseFilter = { status?: CaseRow['status']; type?: CaseRow['type']; customerId?: string; assigneeId?: string; departmentId?: string };

/** Takes the next case number of the workspace; the counter row lock serialises concurrent creators. */
export async function nextNumber(tx: Tx, workspaceId: string): Promise<number> {
  const res = await tx.execute<{ last: number }>(sql`
    INSERT INTO ${caseCounters} (workspace_id, last) VALUES (${workspaceId}, 1)
    ON CONFLICT (workspace_id) DO UPDATE SET last = ${caseCounters}.last + 1
    RETURNING last`);
  return Number(res.rows[0]!.last);
}

export const findCase = async (db: Tx, workspaceId: string, id: string, lock = false) => {
  const q = db.select().from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, id))).limit(1);
  return (await (lock ? q.for('update') : q))[0];
};

export const findCaseByNumber = async (db: Tx, workspaceId: string, number: number) =>
  (await db.select().from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.number, number))).limit(1))[0];

export const listCases = (db: Tx, workspaceId: string, f: CaseFilter, cursor: Cursor | undefined, limit: number) =>
  db.select().from(cases).where(and(
    eq(cases.workspaceId, workspaceId),
    f.status ? eq(cases.status, f.status) : undefined,
    f.type ? eq(cases.type, f.type) : undefined,
    f.customerId ? eq(cases.customerId, f.customerId) : undefined,
    f.assigneeId ? eq(cases.assigneeId, f.assigneeId) : undefined,
    f.departmentId ? eq(cases.departmentId, f.departmentId) : undefined,
    olderThan(cases.createdAt, cases.id, cursor),
  )).orderBy(desc(cases.createdAt), desc(cases.id)).limit(limit + 1);

export const interactionsOfCase = (db: Tx, workspaceId: string, caseId: string) =>
  db.select({ id: interactions.id, channel: interactions.channel, status: interactions.status, createdAt: interactions.createdAt })
    .from(interactions).where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.caseId, caseId)))
    .orderBy(asc(interactions.createdAt), asc(interactions.id));

export const findInteraction = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select().from(interactions).where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, id))).limit(1).for('update'))[0];

export const setInteractionCase = (db: Tx, workspaceId: string, interactionId: string, caseId: string, at: Date) =>
  db.update(interactions).set({ caseId, updatedAt: at }).where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, interactionId))).returning();

export const customerInWorkspace = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select({ id: customers.id }).from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id))).limit(1)).length > 0;

export const userInWorkspace = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select({ id: users.id }).from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id))).limit(1)).length > 0;

export const orderOfCustomer = async (db: Tx, workspaceId: string, customerId: string, id: string) =>
  (await db.select({ id: orders.id }).from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.customerId, customerId), eq(orders.id, id))).limit(1)).length > 0;
