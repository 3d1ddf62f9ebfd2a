import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { conflict, invalid, notFound } from '../../platform/errors/index.js';
import { decodeCursor, page } from '../../platform/http/index.js';
import type { EventBus } from '../../platform/realtime/index.js';
import { departmentInWorkspace } from '../departments/index.js';
import { moveStatus } from './domain/status.js';
import { caseEvents } from './events.js';
import { cases, type caseTypes, type priorities } from './schema.js';
import * as store from './store.js';

type CaseType = (typeof caseTypes)[number];
type Priority = (typeof priorities)[number];

export type CaseCreate = {
  customerId: string; type: CaseType; subject: string; description?: string; priority?: Priority;
  departmentId?: string | null; assigneeId?: string | null; orderId?: string | null; dueAt?: Date | null;
};
export type CasePatch = Partial<Omit<CaseCreate, 'customerId'>> & { status?: store.CaseRow['status'] };

export const caseView = (c: store.CaseRow) => ({
  id: c.id, number: c.number, customerId: c.customerId, type: c.type, status: c.status, priority: c.priority,
  subject: c.subject, description: c.description, departmentId: c.departmentId, assigneeId: c.assigneeId, orderId: c.orderId,
  dueAt: c.dueAt?.toISOString() ?? null, resolvedAt: c.resolvedAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
});

/** Cases (tickets): numbering, status rules, references checked against the workspace. */
export class CaseService {
  constructor(private db: Db, private bus: EventBus, private clock: Clock) {}

  async list(p: Principal, q: store.CaseFilter & { cursor?: string; limit: number }) {
    const rows = await store.listCases(this.db, p.workspaceId, q, decodeCursor(q.cursor), q.limit);
    const pg = page(rows, q.limit, (c) => [c.createdAt, c.id]);
    return { items: pg.items.map(caseView), nextCursor: pg.nextCursor };
  }

  async get(p: Principal, id: string) {
    const c = await store.findCase(this.db, p.workspaceId, id);
    if (!c) throw notFound('Case');
    return this.withInteractions(p, c);
  }

  async getByNumber(p: Principal, number: number) {
    const c = await store.findCaseByNumber(this.db, p.workspaceId, number);
    if (!c) throw notFound('Case');
    return this.withInteractions(p, c);
  }

  async create(p: Principal, input: CaseCreate) {
    if (!(await store.customerInWorkspace(this.db, p.workspaceId, input.customerId))) throw invalid('invalid_customer', 'No such customer in this workspace');
    await this.checkRefs(p, input.customerId, input);
    const now = this.clock.now();
    const row = await this.db.transaction(async (tx) => {
      const number = await store.nextNumber(tx, p.workspaceId);
      const [c] = await tx.insert(cases).values({
        ...input, workspaceId: p.workspaceId, number, createdById: p.userId, createdAt: now, updatedAt: now,
      }).returning();
      await this.publish(tx, caseEvents.created, c!);
      return c!;
    });
    return caseView(row);
  }

  async update(p: Principal, id: string, patch: CasePatch) {
    const row = await this.db.transaction(async (tx) => {
      const before = await store.findCase(tx, p.workspaceId, id, true);
      if (!before) throw notFound('Case');
      await this.checkRefs(p, before.customerId, patch, tx);
      const now = this.clock.now();
      const { status, ...fields } = patch;
      let statusFields = {};
      if (status) {
        const move = moveStatus(before.status, status, before.resolvedAt, now);
        if (!move.ok) throw conflict('invalid_transition', `A case cannot move from ${before.status} to ${status}`);
        statusFields = { status: move.status, resolvedAt: move.resolvedAt };
      }
      const [c] = await tx.update(cases).set({ ...fields, ...statusFields, updatedAt: now })
        .where(and(eq(cases.workspaceId, p.workspaceId), eq(cases.id, id))).returning();
      await this.publish(tx, caseEvents.updated, c!);
      return c!;
    });
    return this.withInteractions(p, row);
  }

  /** Links an interaction of the same customer to the case. */
  async linkInteraction(p: Principal, id: string, interactionId: string) {
    const row = await this.db.transaction(async (tx) => {
      const c = await store.findCase(tx, p.workspaceId, id, true);
      if (!c) throw notFound('Case');
      const i = await store.findInteraction(tx, p.workspaceId, interactionId);
      if (!i) throw invalid('invalid_interaction', 'No such interaction in this workspace');
      if (i.customerId !== c.customerId) throw invalid('customer_mismatch', 'The interaction belongs to another customer');
      const now = this.clock.now();
      await store.setInteractionCase(tx, p.workspaceId, interactionId, id, now);
      const [updated] = await tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, id)).returning();
      await this.bus.publish({ workspaceId: p.workspaceId, topic: `interaction:${interactionId}`, type: 'interaction.updated', payload: { id: interactionId, caseId: id } }, tx);
      await this.publish(tx, caseEvents.updated, updated!);
      return updated!;
    });
    return this.withInteractions(p, row);
  }

  private async withInteractions(p: Principal, c: store.CaseRow) {
    const list = await store.interactionsOfCase(this.db, p.workspaceId, c.id);
    return { ...caseView(c), interactions: list.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })) };
  }

  private async checkRefs(p: Principal, customerId: string, f: { departmentId?: string | null; assigneeId?: string | null; orderId?: string | null }, db: Tx = this.db) {
    const ws = p.workspaceId;
    if (f.departmentId && !(await departmentInWorkspace(db, ws, f.departmentId))) throw invalid('invalid_department', 'No such department in this workspace');
    if (f.assigneeId && !(await store.userInWorkspace(db, ws, f.assigneeId))) throw invalid('invalid_assignee', 'The assignee must be a user of this workspace');
    if (f.orderId && !(await store.orderOfCustomer(db, ws, customerId, f.orderId))) throw invalid('invalid_order', 'The order must belong to the case’s customer');
  }

  private async publish(tx: Tx, type: string, c: store.CaseRow) {
    const payload = caseView(c);
    await this.bus.publish([`case:${c.id}`, 'workspace'].map((topic) => ({ workspaceId: c.workspaceId, topic, type, payload })), tx);
  }
}
