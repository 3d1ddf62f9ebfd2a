import { and, asc, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import type { Cursor } from '../../platform/http/index.js';
import { cases } from '../cases/schema.js';
import { users, workspaces } from '../identity/index.js';
import { interactions } from '../interactions/schema.js';
import { customerIdentities, customerNotes, customers, identityKinds, orders, type IdentityKind } from './schema.js';

export type CustomerRow = typeof customers.$inferSelect;
export type IdentityRow = typeof customerIdentities.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;

const like = (s: string) => s.replace(/[%_\\]/g, '\\$&');

export const workspaceTimezone = async (db: Tx, workspaceId: string) =>
  (await db.select({ tz: workspaces.timezone }).from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1))[0]?.tz;

export const findCustomer = async (db: Tx, workspaceId: string, id: string, lock = false) => {
  const q = db.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id))).limit(1);
  return (await (lock ? q.for('update') : q))[0];
};

export async function identitiesOf(db: Tx, customerIds: string[]): Promise<Map<string, IdentityRow[]>> {
  const out = new Map<string, IdentityRow[]>();
  if (!customerIds.length) return out;
  const rows = await db.select().from(customerIdentities).where(inArray(customerIdentities.customerId, customerIds))
    .orderBy(asc(customerIdentities.createdAt), asc(customerIdentities.id));
  for (const r of rows) out.set(r.customerId, [...(out.get(r.customerId) ?? []), r]);
  return out;
}

export const findIdentity = async (db: Tx, workspaceId: string, kind: IdentityKind, value: string) =>
  (await db.select().from(customerIdentities)
    .where(and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.kind, kind), eq(customerIdentities.value, value))).limit(1))[0];

/**
 * Live (not merged) customers, newest first, keyset on (created_at, id). `q` matches the name
 * (ILIKE, served by the trigram index), any identity value (exact on the normalised forms, prefix
 * otherwise) and order numbers.
 */
export async function listCustomers(db: Tx, workspaceId: string, search: { q: string; values: string[] } | undefined, cursor: Cursor | undefined, limit: number) {
  let match;
  if (search) {
    const prefix = `${like(search.q)}%`;
    // IN-subqueries run once each (hashed), and `kind IN (...) AND value IN (...)` uses the unique identity index.
    match = or(
      ilike(customers.name, `%${like(search.q)}%`),
      inArray(customers.id, db.select({ id: customerIdentities.customerId }).from(customerIdentities).where(and(
        eq(customerIdentities.workspaceId, workspaceId),
        or(and(inArray(customerIdentities.kind, [...identityKinds]), inArray(customerIdentities.value, search.values)), ilike(customerIdentities.value, prefix)),
      ))),
      inArray(customers.id, db.select({ id: orders.customerId }).from(orders).where(and(eq(orders.workspaceId, workspaceId), ilike(orders.number, prefix)))),
    );
  }
  return db.select().from(customers).where(and(
    eq(customers.workspaceId, workspaceId),
    isNull(customers.mergedIntoId),
    match,
    cursor ? before(workspaceId, cursor) : undefined,
  )).orderBy(desc(customers.createdAt), desc(customers.id)).limit(limit + 1);
}

/**
 * Rows after a cursor, newest first. The cursor row's own stored time is used when it still exists, so
 * microsecond timestamps (which a millisecond cursor cannot carry) never repeat or skip a row.
 */
const before = (workspaceId: string, c: Cursor) => sql`(${customers.createdAt}, ${customers.id}) < (
  coalesce((SELECT x.created_at FROM ${customers} x WHERE x.id = ${c.id} AND x.workspace_id = ${workspaceId}), ${c.at.toISOString()}::timestamptz), ${c.id}::uuid)`;

/** Everything of `sourceId` moves to `targetId`; both rows are already locked by the caller. */
export async function moveCustomerData(tx: Tx, workspaceId: string, sourceId: string, targetId: string) {
  const moved: Record<string, number> = {};
  const where = <T extends { workspaceId: unknown; customerId: unknown }>(t: T) =>
    and(eq(t.workspaceId as never, workspaceId), eq(t.customerId as never, sourceId));
  moved.identities = (await tx.update(customerIdentities).set({ customerId: targetId }).where(where(customerIdentities)).returning({ id: customerIdentities.id })).length;
  moved.orders = (await tx.update(orders).set({ customerId: targetId }).where(where(orders)).returning({ id: orders.id })).length;
  moved.notes = (await tx.update(customerNotes).set({ customerId: targetId }).where(where(customerNotes)).returning({ id: customerNotes.id })).length;
  moved.cases = (await tx.update(cases).set({ customerId: targetId }).where(where(cases)).returning({ id: cases.id })).length;
  moved.interactions = (await tx.update(interactions).set({ customerId: targetId }).where(where(interactions)).returning({ id: interactions.id })).length;
  // Customers merged into the source earlier now point straight at the target: one hop resolves any old id.
  await tx.update(customers).set({ mergedIntoId: targetId }).where(and(eq(customers.workspaceId, workspaceId), eq(customers.mergedIntoId, sourceId)));
  return moved;
}

export const listOrders = (db: Tx, workspaceId: string, customerId: string) =>
  db.select().from(orders).where(and(eq(orders.workspaceId, workspaceId), eq(orders.customerId, customerId)))
    .orderBy(desc(orders.orderedAt), desc(orders.id)).limit(500);

export const findOrderByNumber = async (db: Tx, workspaceId: string, number: string) =>
  (await db.select().from(orders).where(and(eq(orders.workspaceId, workspaceId), eq(orders.number, number))).limit(1))[0];

export const noteSelect = {
  id: customerNotes.id, body: customerNotes.body, authorId: customerNotes.authorId, authorName: users.name, createdAt: customerNotes.createdAt,
};

export const findNote = async (db: Tx, id: string) =>
  (await db.select(noteSelect).from(customerNotes).leftJoin(users, eq(users.id, customerNotes.authorId)).where(eq(customerNotes.id, id)).limit(1))[0];

export const listNotes = (db: Tx, workspaceId: string, customerId: string) =>
  db.select(noteSelect).from(customerNotes).leftJoin(users, eq(users.id, customerNotes.authorId))
    .where(and(eq(customerNotes.workspaceId, workspaceId), eq(customerNotes.customerId, customerId)))
    .orderBy(desc(customerNotes.createdAt), desc(customerNotes.id)).limit(500);

export type TimelineRow = { kind: 'interaction' | 'case' | 'order' | 'note'; id: string; at: Date; title: string; summary: string; data: Record<string, unknown> };

/**
 * Interactions, cases, orders and notes of one customer in one newest-first list. Times are cut to
 * milliseconds (what a cursor can carry) and ties broken by (kind, id), so pages never overlap or skip.
 */
export async function timeline(db: Tx, workspaceId: string, customerId: string, cursor: { at: Date; kind: string; id: string } | undefined, limit: number) {
  const after = cursor
    ? sql`WHERE (t.at, t.kind, t.id) < (${cursor.at.toISOString()}::timestamptz, ${cursor.kind}, ${cursor.id})`
    : sql``;
  const res = await db.execute<{ kind: TimelineRow['kind']; id: string; at: string | Date; title: string; summary: string; data: Record<string, unknown> }>(sql`
    SELECT * FROM (
      SELECT 'interaction'::text AS kind, i.id::text AS id, date_trunc('milliseconds', i.created_at) AS at,
        coalesce(nullif(i.subject, ''), i.channel || ' ' || i.direction) AS title, coalesce(i.reason, '') AS summary,
        jsonb_build_object('channel', i.channel, 'direction', i.direction, 'status', i.status, 'reason', i.reason,
          'queueId', i.queue_id, 'assigneeId', i.assignee_id) AS data
      FROM ${interactions} i WHERE i.workspace_id = ${workspaceId} AND i.customer_id = ${customerId}
      UNION ALL
      SELECT 'case', c.id::text, date_trunc('milliseconds', c.created_at), c.subject, left(c.description, 280),
        jsonb_build_object('number', c.number, 'type', c.type, 'status', c.status, 'priority', c.priority)
      FROM ${cases} c WHERE c.workspace_id = ${workspaceId} AND c.customer_id = ${customerId}
      UNION ALL
      SELECT 'order', o.id::text, date_trunc('milliseconds', o.ordered_at), o.number, o.status || ' ' || o.amount::text || ' ' || o.currency,
        jsonb_build_object('number', o.number, 'status', o.status, 'amount', o.amount::text, 'currency', o.currency)
      FROM ${orders} o WHERE o.workspace_id = ${workspaceId} AND o.customer_id = ${customerId}
      UNION ALL
      SELECT 'note', n.id::text, date_trunc('milliseconds', n.created_at), 'Note', left(n.body, 280),
        jsonb_build_object('authorId', n.author_id)
      FROM ${customerNotes} n WHERE n.workspace_id = ${workspaceId} AND n.customer_id = ${customerId}
    ) t ${after}
    ORDER BY t.at DESC, t.kind DESC, t.id DESC
    LIMIT ${limit + 1}`);
  return res.rows.map((r): TimelineRow => ({ ...r, at: new Date(r.at) }));
}

/** One batch of live customers for export, oldest first, keyset on (created_at, id) after the row `afterId`. */
export const exportBatch = (db: Tx, workspaceId: string, afterId: string | undefined, limit: number) =>
  db.select().from(customers).where(and(
    eq(customers.workspaceId, workspaceId), isNull(customers.mergedIntoId),
    afterId ? sql`(${customers.createdAt}, ${customers.id}) > (SELECT x.created_at, x.id FROM ${customers} x WHERE x.id = ${afterId})` : undefined,
  )).orderBy(asc(customers.createdAt), asc(customers.id)).limit(limit);
