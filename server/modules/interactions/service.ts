import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors/index.js';
import { decodeCursor, page } from '../../platform/http/index.js';
import type { EventBus } from '../../platform/realtime/index.js';
import type { priorities } from '../cases/schema.js';
import { queueInWorkspace } from '../queues/index.js';
import { isFinished, step, type LifecycleAction } from './domain/lifecycle.js';
import { realtimeTypes, type InteractionEventType } from './events.js';
import { interactions, messages, type channels } from './schema.js';
import * as store from './store.js';
import { attachmentView, eventView, interactionView, messageView } from './views.js';

type Priority = (typeof priorities)[number];
export type InteractionCreate = {
  customerId: string; channel: (typeof channels)[number]; direction?: 'inbound' | 'outbound'; subject?: string; language?: string;
  queueId?: string; priority?: Priority; caseId?: string;
};
export type InteractionPatch = { priority?: Priority; reason?: string | null; subject?: string | null; language?: string | null; caseId?: string | null };

const notFoundInteraction = () => notFound('Interaction');

/** Contacts, their messages and notes, and the append-only event log every KPI is computed from. */
export class InteractionService {
  constructor(private db: Db, private bus: EventBus, private clock: Clock) {}

  async list(p: Principal, q: store.InteractionFilter & { cursor?: string; limit: number }) {
    const rows = await store.listInteractions(this.db, p.workspaceId, q, decodeCursor(q.cursor), q.limit);
    const pg = page(rows, q.limit, (i) => [i.createdAt, i.id]);
    return { items: pg.items.map(interactionView), nextCursor: pg.nextCursor };
  }

  async get(p: Principal, id: string) {
    const i = await this.require(this.db, p, id);
    const assignee = i.assigneeId ? await store.findUser(this.db, p.workspaceId, i.assigneeId) : undefined;
    return { ...interactionView(i), assignee: assignee ? { id: assignee.id, name: assignee.name } : null };
  }

  async create(p: Principal, input: InteractionCreate) {
    if (!(await store.customerInWorkspace(this.db, p.workspaceId, input.customerId))) throw invalid('invalid_customer', 'No such customer in this workspace');
    if (input.queueId && !(await queueInWorkspace(this.db, p.workspaceId, input.queueId))) throw invalid('invalid_queue', 'No such queue in this workspace');
    if (input.caseId) await this.checkCase(this.db, p, input.caseId, input.customerId);
    const now = this.clock.now();
    const row = await this.db.transaction(async (tx) => {
      const [i] = await tx.insert(interactions).values({
        ...input, workspaceId: p.workspaceId, status: input.queueId ? 'queued' : 'new', enqueuedAt: input.queueId ? now : null, createdAt: now, updatedAt: now,
      }).returning();
      const events: store.EventInsert[] = [this.event(p, i!, 'created', now, { data: { channel: i!.channel, direction: i!.direction } })];
      if (input.queueId) events.push(this.event(p, i!, 'queued', now, { actorType: 'system', actorId: null }));
      await store.insertEvents(tx, events);
      await this.publish(tx, realtimeTypes.interactionCreated, i!);
      return i!;
    });
    return interactionView(row);
  }

  async update(p: Principal, id: string, patch: InteractionPatch) {
    return this.change(p, id, async (tx, before, now) => {
      if (patch.caseId) await this.checkCase(tx, p, patch.caseId, before.customerId);
      return { set: { ...patch, updatedAt: now }, events: [] };
    });
  }

  /** A supervisor or admin gives the contact to any agent; an agent can only take it for themselves. */
  async assign(p: Principal, id: string, agentId: string) {
    if (p.role === 'agent' && agentId !== p.userId) throw forbidden('Agents can only take contacts for themselves');
    const agent = await store.findUser(this.db, p.workspaceId, agentId);
    if (!agent?.active) throw invalid('invalid_agent', 'The agent must be an active user of this workspace');
    return this.change(p, id, async (_tx, before, now) => {
      if (before.status === 'active' && before.assigneeId === agentId) return { set: {}, events: [] };
      if (p.role === 'agent' && before.assigneeId && before.assigneeId !== p.userId) throw conflict('already_assigned', 'Another agent has this contact');
      const s = this.move(before, { kind: 'assign', hasAssignee: !!before.assigneeId });
      const events = s.events.map((type) => this.event(p, before, type, now, {
        agentId: type === 'transferred' ? before.assigneeId : agentId,
        data: type === 'transferred' ? { toAgentId: agentId } : {},
      }));
      return { set: { status: s.to, assigneeId: agentId, updatedAt: now }, events };
    });
  }

  async wrapUp(p: Principal, id: string) {
    return this.change(p, id, async (_tx, before, now) => {
      const s = this.move(before, { kind: 'wrap_up' });
      return { set: { status: s.to, updatedAt: now }, events: s.events.map((type) => this.event(p, before, type, now)) };
    });
  }

  async close(p: Principal, id: string, input: { reason?: string; resolved: boolean }) {
    return this.change(p, id, async (_tx, before, now) => {
      const s = this.move(before, { kind: 'close', resolved: input.resolved });
      const set = { status: s.to, resolved: input.resolved, reason: input.reason ?? before.reason, closedAt: now, updatedAt: now };
      return { set, events: s.events.map((type) => this.event(p, before, type, now, type === 'closed' ? { data: { reason: input.reason ?? null, resolved: input.resolved } } : {})) };
    });
  }

  async events(p: Principal, id: string) {
    await this.require(this.db, p, id);
    return { items: (await store.listEvents(this.db, p.workspaceId, id)).map(eventView) };
  }

  async listMessages(p: Principal, id: string, q: { cursor?: string; limit: number }) {
    await this.require(this.db, p, id);
    // Every caller is staff for now; customers (widget) will get messages without notes.
    const rows = await store.listMessages(this.db, p.workspaceId, id, true, decodeCursor(q.cursor), q.limit);
    const pg = page(rows, q.limit, (m) => [m.createdAt, m.id]);
    const files = await store.attachmentsOf(this.db, p.workspaceId, pg.items.map((m) => m.id));
    return { items: pg.items.map((m) => messageView(m, files.get(m.id))), nextCursor: pg.nextCursor };
  }

  /** An outbound message from the agent; delivery to the channel comes with the channel adapters. */
  async sendMessage(p: Principal, id: string, body: string) {
    return this.addMessage(p, id, body, 'message');
  }

  /** A private note only staff see. */
  async addNote(p: Principal, id: string, body: string) {
    return this.addMessage(p, id, body, 'note');
  }

  private async addMessage(p: Principal, id: string, body: string, kind: 'message' | 'note') {
    const row = await this.db.transaction(async (tx) => {
      const i = await this.require(tx, p, id, true);
      if (kind === 'message' && isFinished(i.status)) throw conflict('interaction_closed', 'The contact is over; no more messages can be sent');
      const now = this.clock.now();
      const [m] = await tx.insert(messages).values({
        workspaceId: p.workspaceId, interactionId: id, kind, direction: kind === 'note' ? 'internal' : 'outbound',
        authorType: 'agent', authorId: p.userId, body, createdAt: now,
      }).returning();
      await store.insertEvents(tx, [this.event(p, i, kind === 'note' ? 'note_added' : 'message_sent', now, { data: { messageId: m!.id } })]);
      await tx.update(interactions).set({ updatedAt: now }).where(eq(interactions.id, id));
      const payload = messageView(m!);
      await this.bus.publish({ workspaceId: p.workspaceId, topic: `interaction:${id}`, type: kind === 'note' ? realtimeTypes.noteCreated : realtimeTypes.messageCreated, payload }, tx);
      return m!;
    });
    return messageView(row);
  }

  /** Loads the contact or answers 404 (also for another workspace's id). */
  async require(db: Tx, p: Principal, id: string, lock = false) {
    const i = await store.findInteraction(db, p.workspaceId, id, lock);
    if (!i) throw notFoundInteraction();
    return i;
  }

  async publishAttachment(p: Principal, a: store.AttachmentRow) {
    await this.bus.publish({ workspaceId: p.workspaceId, topic: `interaction:${a.interactionId}`, type: realtimeTypes.attachmentCreated, payload: attachmentView(a) });
  }

  /** Runs one change under a row lock: the row update, its events and the realtime event commit together. */
  private async change(p: Principal, id: string, plan: (tx: Tx, before: store.InteractionRow, now: Date) =>
    Promise<{ set: Partial<typeof interactions.$inferInsert>; events: store.EventInsert[] }>) {
    const row = await this.db.transaction(async (tx) => {
      const before = await this.require(tx, p, id, true);
      const now = this.clock.now();
      const { set, events } = await plan(tx, before, now);
      if (!Object.keys(set).length) return before;
      const [after] = await tx.update(interactions).set(set).where(and(eq(interactions.workspaceId, p.workspaceId), eq(interactions.id, id))).returning();
      await store.insertEvents(tx, events);
      await this.publish(tx, realtimeTypes.interactionUpdated, after!);
      return after!;
    });
    return interactionView(row);
  }

  private move(i: store.InteractionRow, action: LifecycleAction) {
    const s = step(i.status, action);
    if (!s.ok) throw conflict('invalid_transition', `A ${i.status} contact cannot ${action.kind.replace('_', ' ')}`);
    return s;
  }

  private event(p: Principal, i: store.InteractionRow, type: InteractionEventType, at: Date, extra: Partial<store.EventInsert> = {}): store.EventInsert {
    return {
      workspaceId: p.workspaceId, interactionId: i.id, type, at, actorType: 'agent', actorId: p.userId,
      queueId: i.queueId, agentId: i.assigneeId, ...extra,
    };
  }

  private async checkCase(db: Tx, p: Principal, caseId: string, customerId: string) {
    const c = await store.findCase(db, p.workspaceId, caseId);
    if (!c) throw invalid('invalid_case', 'No such case in this workspace');
    if (c.customerId !== customerId) throw invalid('customer_mismatch', 'The case belongs to another customer');
  }

  private async publish(tx: Tx, type: string, i: store.InteractionRow) {
    const payload = interactionView(i);
    const topics = [`interaction:${i.id}`, 'workspace', ...(i.queueId ? [`queue:${i.queueId}`] : [])];
    await this.bus.publish(topics.map((topic) => ({ workspaceId: i.workspaceId, topic, type, payload })), tx);
  }
}

