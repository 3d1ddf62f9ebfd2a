import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { newerThan, olderThan, type Cursor } from '../../platform/http/index.js';
import { cases } from '../cases/schema.js';
import { customers } from '../customers/schema.js';
import { users } from '../identity/index.js';
import { attachments, interactionEvents, interactions, messages } from './schema.js';

export type InteractionRow = typeof interactions.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
export type EventInsert = typeof interactionEvents.$inferInsert;
export type InteractionFilter = {
  customerId?: string; status?: InteractionRow['status']; channel?: InteractionRow['channel']; queueId?: string; assigneeId?: string;
};

export const findInteraction = async (db: Tx, workspaceId: string, id: string, lock = false) => {
  const q = db.select().from(interactions).where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, id))).limit(1);
  return (await (lock ? q.for('update') : q))[0];
};

export const listInteractions = (db: Tx, workspaceId: string, f: InteractionFilter, cursor: Cursor | undefined, limit: number) =>
  db.select().from(interactions).where(and(
    eq(interactions.workspaceId, workspaceId),
    f.customerId ? eq(interactions.customerId, f.customerId) : undefined,
    f.status ? eq(interactions.status, f.status) : undefined,
    f.channel ? eq(interactions.channel, f.channel) : undefined,
    f.queueId ? eq(interactions.queueId, f.queueId) : undefined,
    f.assigneeId ? eq(interactions.assigneeId, f.assigneeId) : undefined,
    olderThan(interactions.createdAt, interactions.id, cursor),
  )).orderBy(desc(interactions.createdAt), desc(interactions.id)).limit(limit + 1);

export const insertEvents = (db: Tx, rows: EventInsert[]) => (rows.length ? db.insert(interactionEvents).values(rows) : Promise.resolve());

export const listEvents = (db: Tx, workspaceId: string, interactionId: string) =>
  db.select().from(interactionEvents)
    .where(and(eq(interactionEvents.workspaceId, workspaceId), eq(interactionEvents.interactionId, interactionId)))
    .orderBy(asc(interactionEvents.id));

/** Messages oldest first (a conversation reads top-down); the cursor is the last row seen. */
export const listMessages = (db: Tx, workspaceId: string, interactionId: string, includeNotes: boolean, cursor: Cursor | undefined, limit: number) =>
  db.select().from(messages).where(and(
    eq(messages.workspaceId, workspaceId), eq(messages.interactionId, interactionId),
    includeNotes ? undefined : eq(messages.kind, 'message'),
    newerThan(messages.createdAt, messages.id, cursor),
  )).orderBy(asc(messages.createdAt), asc(messages.id)).limit(limit + 1);

export const findMessage = async (db: Tx, workspaceId: string, interactionId: string, id: string) =>
  (await db.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.interactionId, interactionId), eq(messages.id, id))).limit(1))[0];

export async function attachmentsOf(db: Tx, workspaceId: string, messageIds: string[]): Promise<Map<string, AttachmentRow[]>> {
  const out = new Map<string, AttachmentRow[]>();
  if (!messageIds.length) return out;
  const rows = await db.select().from(attachments)
    .where(and(eq(attachments.workspaceId, workspaceId), inArray(attachments.messageId, messageIds))).orderBy(asc(attachments.createdAt));
  for (const r of rows) out.set(r.messageId!, [...(out.get(r.messageId!) ?? []), r]);
  return out;
}

export const findAttachment = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select().from(attachments).where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.id, id))).limit(1))[0];

export const findUser = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select({ id: users.id, name: users.name, active: users.active }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id))).limit(1))[0];

export const activeUsers = (db: Tx, workspaceId: string) =>
  db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.active, true)));

export const customerInWorkspace = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select({ id: customers.id }).from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id))).limit(1)).length > 0;

export const findCase = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select({ id: cases.id, customerId: cases.customerId }).from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, id))).limit(1))[0];

/** The newest contact of a channel conversation that is not over yet. */
export const findOpenThread = async (db: Tx, workspaceId: string, channelAccountId: string, threadKey: string) =>
  (await db.select().from(interactions).where(and(
    eq(interactions.workspaceId, workspaceId), eq(interactions.channelAccountId, channelAccountId), eq(interactions.threadKey, threadKey),
    notInArray(interactions.status, ['closed', 'abandoned']),
  )).orderBy(desc(interactions.createdAt)).limit(1).for('update'))[0];

/** The contact holding a message with one of these channel ids (email In-Reply-To / References). */
export const findByMessageExternalIds = async (db: Tx, workspaceId: string, externalIds: string[]) => {
  if (!externalIds.length) return undefined;
  const [m] = await db.select({ interactionId: messages.interactionId }).from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.externalId, externalIds))).orderBy(desc(messages.createdAt)).limit(1);
  return m ? findInteraction(db, workspaceId, m.interactionId, true) : undefined;
};

export const findCaseByNumber = async (db: Tx, workspaceId: string, number: number) =>
  (await db.select({ id: cases.id, customerId: cases.customerId }).from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.number, number))).limit(1))[0];

export const findMessageAnywhere = async (db: Tx, workspaceId: string, id: string, lock = false) => {
  const q = db.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id))).limit(1);
  return (await (lock ? q.for('update') : q))[0];
};

export const findMessageByExternalId = async (db: Tx, workspaceId: string, externalId: string, lock = false) => {
  const q = db.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.externalId, externalId))).orderBy(desc(messages.createdAt)).limit(1);
  return (await (lock ? q.for('update') : q))[0];
};

/** Links uploaded files (not yet on any message) to a message of the same contact; answers how many. */
export const linkAttachments = async (db: Tx, workspaceId: string, interactionId: string, messageId: string, ids: string[]) =>
  ids.length ? (await db.update(attachments).set({ messageId }).where(and(
    eq(attachments.workspaceId, workspaceId), eq(attachments.interactionId, interactionId), inArray(attachments.id, ids), isNull(attachments.messageId),
  )).returning({ id: attachments.id })).length : 0;

/** Notes that mention the user (meta.mentions), newest first; unread ones lack the user in meta.mentionsRead. */
export const listMentions = (db: Tx, workspaceId: string, userId: string, unreadOnly: boolean, limit: number) =>
  db.select({ note: messages, byName: users.name, customerId: interactions.customerId })
    .from(messages)
    .innerJoin(interactions, eq(interactions.id, messages.interactionId))
    .leftJoin(users, eq(users.id, messages.authorId))
    .where(and(
      eq(messages.workspaceId, workspaceId), eq(messages.kind, 'note'),
      sql`${messages.meta} @> ${JSON.stringify({ mentions: [userId] })}::jsonb`,
      unreadOnly ? sql`not (${messages.meta} @> ${JSON.stringify({ mentionsRead: [userId] })}::jsonb)` : undefined,
    ))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);

export const countUnreadMentions = async (db: Tx, workspaceId: string, userId: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(and(
    eq(messages.workspaceId, workspaceId), eq(messages.kind, 'note'),
    sql`${messages.meta} @> ${JSON.stringify({ mentions: [userId] })}::jsonb`,
    sql`not (${messages.meta} @> ${JSON.stringify({ mentionsRead: [userId] })}::jsonb)`,
  )))[0]!.n;

/** Marks the user's mentions read (these notes, or all of them); returns the notes changed. */
export const markMentionsRead = async (db: Tx, workspaceId: string, userId: string, noteIds: string[] | undefined) =>
  (await db.update(messages)
    .set({ meta: sql`jsonb_set(${messages.meta}, '{mentionsRead}', coalesce(${messages.meta}->'mentionsRead', '[]'::jsonb) || to_jsonb(${userId}::text))` })
    .where(and(
      eq(messages.workspaceId, workspaceId), eq(messages.kind, 'note'),
      noteIds ? inArray(messages.id, noteIds) : undefined,
      sql`${messages.meta} @> ${JSON.stringify({ mentions: [userId] })}::jsonb`,
      sql`not (${messages.meta} @> ${JSON.stringify({ mentionsRead: [userId] })}::jsonb)`,
    ))
    .returning({ id: messages.id })).map((r) => r.id);
