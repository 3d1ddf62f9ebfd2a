import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors/index.js';
import { decodeCursor, page } from '../../platform/http/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import type { EventBus } from '../../platform/realtime/index.js';
import type { priorities } from '../cases/schema.js';
import { queueInWorkspace } from '../queues/index.js';
import { isFinished, step, type LifecycleAction } from './domain/lifecycle.js';
import { findMentions } from './domain/mentions.js';
import { realtimeTypes, type InteractionEventType } from './events.js';
import { attachments, interactions, messages, type channels, type deliveryStatuses } from './schema.js';
import * as store from './store.js';
import { attachmentView, eventView, interactionView, messageView } from './views.js';

type Priority = (typeof priorities)[number];
export type InteractionCreate = {
  customerId: string; channel: (typeof channels)[number]; direction?: 'inbound' | 'outbound'; subject?: string; language?: string;
  queueId?: string; priority?: Priority; caseId?: string;
};
/** What an agent sends: text, and for the channel: email subject and copies, a message template, files already uploaded. */
export type OutboundInput = {
  body: string; subject?: string; cc?: string[]; attachmentIds?: string[];
  template?: { name: string; language: string; params: string[] };
};
/** A contact opened by a channel (no staff member involved). */
export type InboundOpen = {
  workspaceId: string; customerId: string; channel: (typeof channels)[number]; channelAccountId: string; threadKey: string;
  queueId?: string | null; subject?: string; language?: string; caseId?: string | null; priority?: Priority;
};
export type InboundAppend = { body: string; html?: string; externalId: string; meta?: Record<string, unknown> };
export type StoredFile = Omit<typeof attachments.$inferInsert, 'workspaceId' | 'interactionId' | 'messageId'>;
type DeliveryStatus = (typeof deliveryStatuses)[number];
const deliveryRank: Record<DeliveryStatus, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** The job that hands an outbound message to its channel's adapter: `{ workspaceId, messageId }`. */
export const DELIVER_JOB = 'channel-deliver';

/** How a contact ends: contact reason, disposition (outcome) and whether the customer's issue was resolved. */
export type CloseInput = { reason?: string; disposition?: string; resolved: boolean };

export type InteractionPatch = { priority?: Priority; reason?: string | null; subject?: string | null; language?: string | null; caseId?: string | null };

const notFoundInteraction = () => notFound('Interaction');

/** Contacts, their messages and notes, and the append-only event log every KPI is computed from. */
export class InteractionService {
  /** Set by the channels module: refuses an outbound message the contact's channel cannot take now (called outside any transaction). */
  checkOutbound?: (i: store.InteractionRow, input: OutboundInput) => Promise<void>;
  /** Set by the dispositions module: refuses a close whose contact reason or disposition is not on the workspace's list (called outside any transaction). */
  checkClose?: (workspaceId: string, input: CloseInput) => Promise<void>;
  /** Set by the surveys module: runs inside the transaction that closes a contact (queues the CSAT survey). */
  onClosed?: (tx: Tx, i: store.InteractionRow) => Promise<void>;

  constructor(private db: Db, private bus: EventBus, private clock: Clock, private jobs?: Jobs) {}

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

  async close(p: Principal, id: string, input: CloseInput) {
    // Checked before the transaction, which must not wait for another connection: the contact is found
    // (404 first) and can close (409 next), then the wrap-up lists; the transaction checks the state again.
    this.move(await this.require(this.db, p, id), { kind: 'close', resolved: input.resolved });
    await this.checkClose?.(p.workspaceId, input);
    return this.change(p, id, async (tx, before, now) => {
      const s = this.move(before, { kind: 'close', resolved: input.resolved });
      const set = { status: s.to, resolved: input.resolved, reason: input.reason ?? before.reason, closedAt: now, updatedAt: now };
      const data = { reason: input.reason ?? null, resolved: input.resolved, ...(input.disposition ? { disposition: input.disposition } : {}) };
      await this.onClosed?.(tx, { ...before, ...set });
      return { set, events: s.events.map((type) => this.event(p, before, type, now, type === 'closed' ? { data } : {})) };
    });
  }

  /**
   * Appends one event to a contact's log for another module (e.g. `escalated`), inside the caller's
   * transaction, and tells the contact's followers; answers 404 for an id of another workspace.
   */
  async recordEvent(tx: Tx, p: Principal, id: string, type: InteractionEventType, data: Record<string, unknown> = {}) {
    const i = await this.require(tx, p, id, true);
    const now = this.clock.now();
    await store.insertEvents(tx, [this.event(p, i, type, now, { data })]);
    await tx.update(interactions).set({ updatedAt: now }).where(eq(interactions.id, id));
    return i;
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

  /** An outbound message from the agent; on a channel contact it is queued for delivery in the same transaction. */
  async sendMessage(p: Principal, id: string, input: OutboundInput) {
    return this.addMessage(p, id, input, 'message');
  }

  /** A private note only staff see. */
  async addNote(p: Principal, id: string, body: string) {
    return this.addMessage(p, id, { body }, 'note');
  }

  private async addMessage(p: Principal, id: string, input: OutboundInput, kind: 'message' | 'note') {
    const finished = () => conflict('interaction_closed', 'The contact is over; no more messages can be sent');
    if (kind === 'message') {
      // The channel's check reads on its own connection, so it runs before the transaction.
      const current = await this.require(this.db, p, id);
      if (isFinished(current.status)) throw finished();
      await this.checkOutbound?.(current, input);
    }
    const { row, files } = await this.db.transaction(async (tx) => {
      const i = await this.require(tx, p, id, true);
      if (kind === 'message' && isFinished(i.status)) throw finished();
      const now = this.clock.now();
      const delivered = kind === 'message' && !!i.channelAccountId;
      const mentions = kind === 'note' ? findMentions(input.body, (await store.activeUsers(tx, p.workspaceId)).filter((u) => u.id !== p.userId)) : [];
      const meta = kind === 'message' ? {
        ...(input.subject ? { subject: input.subject } : {}), ...(input.cc?.length ? { cc: input.cc } : {}), ...(input.template ? { template: input.template } : {}),
      } : mentions.length ? { mentions } : {};
      const [m] = await tx.insert(messages).values({
        workspaceId: p.workspaceId, interactionId: id, kind, direction: kind === 'note' ? 'internal' : 'outbound',
        authorType: 'agent', authorId: p.userId, body: input.body, meta, deliveryStatus: delivered ? 'pending' : null, createdAt: now,
      }).returning();
      const ids = input.attachmentIds ?? [];
      if (ids.length && (await store.linkAttachments(tx, p.workspaceId, id, m!.id, ids)) !== new Set(ids).size) {
        throw invalid('invalid_attachment', 'Attach only files uploaded to this contact and not yet sent');
      }
      await store.insertEvents(tx, [this.event(p, i, kind === 'note' ? 'note_added' : 'message_sent', now, { data: { messageId: m!.id } })]);
      await tx.update(interactions).set({ updatedAt: now }).where(eq(interactions.id, id));
      const files = (await store.attachmentsOf(tx, p.workspaceId, [m!.id])).get(m!.id);
      await this.bus.publish({ workspaceId: p.workspaceId, topic: `interaction:${id}`, type: kind === 'note' ? realtimeTypes.noteCreated : realtimeTypes.messageCreated, payload: messageView(m!, files) }, tx);
      if (mentions.length) {
        const author = await store.findUser(tx, p.workspaceId, p.userId);
        const payload = { interactionId: id, customerId: i.customerId, noteId: m!.id, byId: p.userId, byName: author?.name ?? null, excerpt: input.body.slice(0, 200), at: now.toISOString() };
        await this.bus.publish(mentions.map((u) => ({ workspaceId: p.workspaceId, topic: `user:${u}`, type: realtimeTypes.mentioned, payload })), tx);
      }
      if (delivered) {
        if (!this.jobs) throw new Error('Channel delivery needs the job runner');
        await this.jobs.send(DELIVER_JOB, { workspaceId: p.workspaceId, messageId: m!.id }, { tx, singletonKey: m!.id });
      }
      return { row: m!, files };
    });
    if (row.deliveryStatus) this.jobs?.wake(DELIVER_JOB);
    return messageView(row, files);
  }

  /** My @mentions in notes, newest first, and how many I have not read. */
  async mentions(p: Principal, q: { unread?: boolean; limit: number }) {
    const [rows, unread] = await Promise.all([
      store.listMentions(this.db, p.workspaceId, p.userId, !!q.unread, q.limit),
      store.countUnreadMentions(this.db, p.workspaceId, p.userId),
    ]);
    return {
      unread,
      items: rows.map(({ note, byName, customerId }) => ({
        noteId: note.id, interactionId: note.interactionId, customerId, byId: note.authorId, byName, excerpt: note.body.slice(0, 200),
        at: note.createdAt.toISOString(), read: ((note.meta.mentionsRead as string[] | undefined) ?? []).includes(p.userId),
      })),
    };
  }

  /** Marks my mentions read: the given notes, or all of them. */
  async readMentions(p: Principal, noteIds?: string[]) {
    const changed = await this.db.transaction(async (tx) => {
      const ids = await store.markMentionsRead(tx, p.workspaceId, p.userId, noteIds);
      if (ids.length) await this.bus.publish({ workspaceId: p.workspaceId, topic: `user:${p.userId}`, type: realtimeTypes.mentionsRead, payload: { noteIds: ids } }, tx);
      return ids;
    });
    return { read: changed.length, unread: await store.countUnreadMentions(this.db, p.workspaceId, p.userId) };
  }

  /**
   * A message the system sends the customer on a contact's channel (e.g. the CSAT survey link), even after
   * the contact closed: stored as the contact's outbound message and queued for delivery like an agent's.
   */
  async sendSystemMessage(workspaceId: string, interactionId: string, input: Omit<OutboundInput, 'attachmentIds'>) {
    const row = await this.db.transaction(async (tx) => {
      const i = await store.findInteraction(tx, workspaceId, interactionId, true);
      if (!i) throw notFoundInteraction();
      if (!i.channelAccountId) throw conflict('no_channel', 'The contact has no channel to send on');
      if (!this.jobs) throw new Error('Channel delivery needs the job runner');
      const meta = { system: true, ...(input.subject ? { subject: input.subject } : {}), ...(input.template ? { template: input.template } : {}) };
      const [m] = await tx.insert(messages).values({
        workspaceId, interactionId, kind: 'message', direction: 'outbound', authorType: 'system', authorId: null,
        body: input.body, meta, deliveryStatus: 'pending', createdAt: this.clock.now(),
      }).returning();
      await this.bus.publish({ workspaceId, topic: `interaction:${interactionId}`, type: realtimeTypes.messageCreated, payload: messageView(m!, []) }, tx);
      await this.jobs.send(DELIVER_JOB, { workspaceId, messageId: m!.id }, { tx, singletonKey: m!.id });
      return m!;
    });
    this.jobs?.wake(DELIVER_JOB);
    return messageView(row, []);
  }

  /** The newest contact of a channel conversation that is not over, locked for the caller's transaction. */
  findOpenThread(tx: Tx, workspaceId: string, channelAccountId: string, threadKey: string) {
    return store.findOpenThread(tx, workspaceId, channelAccountId, threadKey);
  }

  /** The contact that holds one of these channel message ids (an email reply finds its thread). */
  findByMessageExternalIds(tx: Tx, workspaceId: string, externalIds: string[]) {
    return store.findByMessageExternalIds(tx, workspaceId, externalIds);
  }

  findCaseByNumber(tx: Tx, workspaceId: string, number: number) {
    return store.findCaseByNumber(tx, workspaceId, number);
  }

  /** Opens a contact that a customer started on a channel; queued at once when it has a queue. */
  async openInbound(tx: Tx, input: InboundOpen) {
    const now = this.clock.now();
    const [i] = await tx.insert(interactions).values({
      workspaceId: input.workspaceId, customerId: input.customerId, channel: input.channel, channelAccountId: input.channelAccountId,
      threadKey: input.threadKey, subject: input.subject, language: input.language, caseId: input.caseId ?? null,
      priority: input.priority ?? 'normal', queueId: input.queueId ?? null,
      status: input.queueId ? 'queued' : 'new', enqueuedAt: input.queueId ? now : null, createdAt: now, updatedAt: now,
    }).returning();
    const events: store.EventInsert[] = [this.systemEvent(i!, 'created', now, { actorType: 'customer', actorId: input.customerId, data: { channel: i!.channel, direction: 'inbound' } })];
    if (input.queueId) events.push(this.systemEvent(i!, 'queued', now));
    await store.insertEvents(tx, events);
    await this.publish(tx, realtimeTypes.interactionCreated, i!);
    return i!;
  }

  /** Stores a customer's message on a contact, with files already written to storage. */
  async appendInbound(tx: Tx, i: store.InteractionRow, m: InboundAppend, files: StoredFile[] = []) {
    const now = this.clock.now();
    const [row] = await tx.insert(messages).values({
      workspaceId: i.workspaceId, interactionId: i.id, kind: 'message', direction: 'inbound', authorType: 'customer', authorId: i.customerId,
      body: m.body, html: m.html ?? null, externalId: m.externalId, meta: m.meta ?? {}, createdAt: now,
    }).returning();
    const stored = files.length
      ? await tx.insert(attachments).values(files.map((f) => ({ ...f, workspaceId: i.workspaceId, interactionId: i.id, messageId: row!.id, createdAt: now }))).returning()
      : [];
    await store.insertEvents(tx, [this.systemEvent(i, 'message_received', now, { actorType: 'customer', actorId: i.customerId, data: { messageId: row!.id } })]);
    await tx.update(interactions).set({ updatedAt: now }).where(eq(interactions.id, i.id));
    await this.bus.publish({ workspaceId: i.workspaceId, topic: `interaction:${i.id}`, type: realtimeTypes.messageCreated, payload: messageView(row!, stored) }, tx);
    return row!;
  }

  /** A message of the workspace with its contact and files, for the channel that delivers it. */
  async outbound(workspaceId: string, messageId: string) {
    const m = await store.findMessageAnywhere(this.db, workspaceId, messageId);
    if (!m) return undefined;
    const i = (await store.findInteraction(this.db, workspaceId, m.interactionId))!;
    const files = (await store.attachmentsOf(this.db, workspaceId, [m.id])).get(m.id) ?? [];
    const history = await store.listMessages(this.db, workspaceId, i.id, false, undefined, 500);
    return { message: m, interaction: i, files, history: history.filter((h) => h.createdAt <= m.createdAt) };
  }

  /**
   * Records how delivery of an outbound message went (by our id or the channel's). Statuses only move
   * forward (pending → sent → delivered → read), except to failed; answers false for an unknown message.
   */
  async updateDelivery(workspaceId: string, match: { messageId: string } | { externalId: string }, status: DeliveryStatus, opts: { externalId?: string; error?: string } = {}) {
    return this.db.transaction(async (tx) => {
      // Locked, so that concurrent receipts (sent, then read) apply one after the other and only move forward.
      const m = 'messageId' in match ? await store.findMessageAnywhere(tx, workspaceId, match.messageId, true) : await store.findMessageByExternalId(tx, workspaceId, match.externalId, true);
      if (!m || m.direction !== 'outbound') return false;
      const current = m.deliveryStatus ?? 'pending';
      if (current === status || (status !== 'failed' && deliveryRank[status] < deliveryRank[current]) || (current === 'read' && status === 'failed')) return true;
      const [after] = await tx.update(messages).set({
        deliveryStatus: status, deliveryError: status === 'failed' ? (opts.error ?? 'Delivery failed') : null,
        ...(opts.externalId ? { externalId: opts.externalId } : {}),
      }).where(eq(messages.id, m.id)).returning();
      const files = (await store.attachmentsOf(tx, workspaceId, [m.id])).get(m.id);
      await this.bus.publish({ workspaceId, topic: `interaction:${m.interactionId}`, type: realtimeTypes.messageUpdated, payload: messageView(after!, files) }, tx);
      return true;
    });
  }

  /** The customer's rating of a contact (CSAT): one per contact, the last one counts. */
  async rate(workspaceId: string, interactionId: string, r: { score: number; comment: string | null; source: 'chat' | 'link' }) {
    if (!Number.isInteger(r.score) || r.score < 1 || r.score > 5) throw invalid('invalid_score', 'A rating is a whole number from 1 to 5');
    await this.db.transaction(async (tx) => {
      const i = await store.findInteraction(tx, workspaceId, interactionId, true);
      if (!i) throw notFoundInteraction();
      const now = this.clock.now();
      await store.insertEvents(tx, [this.systemEvent(i, 'rated', now, { actorType: 'customer', actorId: i.customerId, data: { score: r.score, comment: r.comment, source: r.source } })]);
      await this.bus.publish({ workspaceId, topic: `interaction:${i.id}`, type: realtimeTypes.rated, payload: { interactionId: i.id, score: r.score, comment: r.comment } }, tx);
    });
  }

  /** Lets a customer (or a channel acting for one) change a contact: leave the queue, end a chat. */
  async endByCustomer(workspaceId: string, interactionId: string) {
    return this.db.transaction(async (tx) => {
      const i = await store.findInteraction(tx, workspaceId, interactionId, true);
      if (!i) throw notFoundInteraction();
      if (isFinished(i.status)) return interactionView(i);
      const now = this.clock.now();
      const abandoned = i.status === 'queued' || i.status === 'new';
      const set = abandoned ? { status: 'abandoned' as const, closedAt: now, updatedAt: now } : { updatedAt: now };
      const [after] = await tx.update(interactions).set(set).where(eq(interactions.id, i.id)).returning();
      const events: store.EventInsert[] = abandoned
        ? [this.systemEvent(i, 'abandoned', now, { actorType: 'customer', actorId: i.customerId, data: { waitedMs: now.getTime() - (i.enqueuedAt ?? i.createdAt).getTime() } })]
        : [this.systemEvent(i, 'customer_left', now, { actorType: 'customer', actorId: i.customerId })];
      await store.insertEvents(tx, events);
      await this.publish(tx, realtimeTypes.interactionUpdated, after!);
      return interactionView(after!);
    });
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

  private systemEvent(i: store.InteractionRow, type: InteractionEventType, at: Date, extra: Partial<store.EventInsert> = {}): store.EventInsert {
    return { workspaceId: i.workspaceId, interactionId: i.id, type, at, actorType: 'system', actorId: null, queueId: i.queueId, agentId: i.assigneeId, ...extra };
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

