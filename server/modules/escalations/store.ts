import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../platform/db/index.js';
import { customers } from '../customers/index.js';
import { users } from '../identity/index.js';
import { interactions } from '../interactions/index.js';
import { escalations } from './schema.js';

const raiser = alias(users, 'raiser');

/** Escalations with who raised them and the contact's customer, newest first. */
export const listEscalations = (db: Tx, workspaceId: string, f: { status?: 'open' | 'resolved'; interactionId?: string }) =>
  db.select({
    e: escalations, raisedByName: raiser.name, customerId: interactions.customerId, customerName: customers.name, channel: interactions.channel,
    interactionStatus: interactions.status, assigneeId: interactions.assigneeId,
  }).from(escalations)
    .innerJoin(interactions, eq(interactions.id, escalations.interactionId))
    .innerJoin(customers, eq(customers.id, interactions.customerId))
    .leftJoin(raiser, eq(raiser.id, escalations.raisedById))
    .where(and(eq(escalations.workspaceId, workspaceId), f.status ? eq(escalations.status, f.status) : undefined,
      f.interactionId ? eq(escalations.interactionId, f.interactionId) : undefined))
    .orderBy(desc(escalations.createdAt)).limit(200);
export type EscalationListRow = Awaited<ReturnType<typeof listEscalations>>[number];

export const findEscalation = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select().from(escalations).where(and(eq(escalations.workspaceId, workspaceId), eq(escalations.id, id))).limit(1))[0];

/** Active staff of the workspace, for transfers and @mentions. */
export const colleagues = (db: Tx, workspaceId: string) =>
  db.select({ id: users.id, name: users.name, role: users.role, email: users.email }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.active, true), inArray(users.role, ['agent', 'supervisor', 'admin']))).orderBy(asc(users.name));
