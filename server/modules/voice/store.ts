import { and, eq, inArray, like, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/realtime/index.js';
import type { RoutingCommand } from '../routing/index.js';
import { attachments, interactionEvents, interactions, interactionView, messages, type InteractionEventType, type InteractionRow, type StoredFile } from '../interactions/index.js';

type EventInsert = typeof interactionEvents.$inferInsert;
export type EndedBy = 'customer' | 'agent' | 'system';
/** File names of what the voice module stores on a contact (the retention job finds them by these). */
export const RECORDING_PREFIX = 'call-recording-';
export const VOICEMAIL_PREFIX = 'voicemail-';

/** The contact's log and the screens, from the voice module's SQL writes. */
export class VoiceStore {
  constructor(private db: Db, private bus: EventBus, private clock: Clock) {}

  async find(workspaceId: string, id: string, tx: Tx | Db = this.db, lock = false) {
    const q = tx.select().from(interactions).where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, id)));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  /** Status, agent and whether an offer is ringing, for the calls this process carries. */
  async snapshot(workspaceId: string, ids: string[]) {
    if (!ids.length) return [];
    const { rows } = await this.db.execute<{ id: string; status: string; assignee_id: string | null; queue_id: string | null; ringing: boolean }>(sql`
      SELECT i.id, i.status, i.assignee_id, i.queue_id,
        EXISTS (SELECT 1 FROM routing_offers o WHERE o.interaction_id = i.id AND o.status = 'pending') AS ringing
      FROM interactions i WHERE i.workspace_id = ${workspaceId} AND i.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
    return rows;
  }

  event(i: InteractionRow, type: InteractionEventType, at: Date, extra: Partial<EventInsert> = {}): EventInsert {
    return { workspaceId: i.workspaceId, interactionId: i.id, type, at, actorType: 'system', actorId: null, queueId: i.queueId, agentId: i.assigneeId, ...extra };
  }

  private async publish(tx: Tx, i: InteractionRow) {
    const payload = interactionView(i);
    const topics = [`interaction:${i.id}`, 'workspace', ...(i.queueId ? [`queue:${i.queueId}`] : [])];
    await this.bus.publish(topics.map((topic) => ({ workspaceId: i.workspaceId, topic, type: 'interaction.updated', payload })), tx);
  }

  /** Moves a call from the IVR (or a voicemail) into a queue: routing takes it from the `interaction.updated` event. */
  async queue(workspaceId: string, id: string, queueId: string, extra: (i: InteractionRow, now: Date) => EventInsert[] = () => []) {
    return this.db.transaction(async (tx) => {
      const i = await this.find(workspaceId, id, tx, true);
      if (!i || i.status !== 'new') return i;
      const now = this.clock.now();
      const [after] = await tx.update(interactions).set({ status: 'queued', queueId, enqueuedAt: now, updatedAt: now }).where(eq(interactions.id, id)).returning();
      await tx.insert(interactionEvents).values([...extra(after!, now), this.event(after!, 'queued', now)]);
      await this.publish(tx, after!);
      return after!;
    });
  }

  /** The caller keeps their place and is called back (routing's queued callback). */
  async requestCallback(i: InteractionRow) {
    await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      await tx.update(interactions).set({ callbackRequested: true, updatedAt: now }).where(eq(interactions.id, i.id));
      await tx.insert(interactionEvents).values(this.event(i, 'callback_requested', now, { actorType: 'customer', actorId: i.customerId }));
      const command: RoutingCommand = { type: 'callback', contactId: i.id };
      await this.bus.publish({ workspaceId: i.workspaceId, topic: 'routing', type: 'routing.callback', payload: command }, tx);
    });
  }

  /** Appends events (hold, resume, ...) to a call's log. */
  async record(workspaceId: string, id: string, type: InteractionEventType, actor: { type: 'agent' | 'customer' | 'system'; id?: string | null }, data: Record<string, unknown> = {}) {
    await this.db.transaction(async (tx) => {
      const i = await this.find(workspaceId, id, tx);
      if (!i) return;
      const now = this.clock.now();
      await tx.insert(interactionEvents).values(this.event(i, type, now, { actorType: actor.type, actorId: actor.id ?? null, data }));
      await tx.update(interactions).set({ updatedAt: now }).where(eq(interactions.id, id));
    });
  }

  /**
   * The call is over. In the IVR it closes; waiting in a queue it is abandoned (a short abandon when under the
   * workspace's threshold, measured by the metrics); with an agent it goes to wrap-up (after-call work).
   */
  async end(workspaceId: string, id: string, endedBy: EndedBy, actorId: string | null) {
    return this.db.transaction(async (tx) => {
      const i = await this.find(workspaceId, id, tx, true);
      if (!i) return undefined;
      const now = this.clock.now();
      const actor = { actorType: endedBy, actorId } as const;
      let set: Partial<typeof interactions.$inferInsert>;
      let events: EventInsert[];
      if (i.status === 'new') {
        set = { status: 'closed', closedAt: now, updatedAt: now };
        events = [this.event(i, 'closed', now, { ...actor, data: { endedBy } })];
      } else if (i.status === 'queued' && !i.callbackRequested) {
        set = { status: 'abandoned', closedAt: now, updatedAt: now };
        events = [this.event(i, 'abandoned', now, { ...actor, data: { endedBy, waitedMs: now.getTime() - (i.enqueuedAt ?? i.createdAt).getTime() } })];
      } else if (i.status === 'active') {
        set = { status: 'wrap_up', updatedAt: now };
        events = [this.event(i, 'wrap_up_started', now, { ...actor, data: { endedBy } })];
      } else {
        return i;
      }
      const [after] = await tx.update(interactions).set(set).where(eq(interactions.id, id)).returning();
      await tx.insert(interactionEvents).values(events);
      await this.publish(tx, after!);
      return after!;
    });
  }

  /** Stores a call recording on the contact (no message: it is not something the customer sent). */
  async attachRecording(i: InteractionRow, file: StoredFile) {
    await this.db.insert(attachments).values({ ...file, workspaceId: i.workspaceId, interactionId: i.id, createdAt: this.clock.now() });
  }

  async recording(workspaceId: string, interactionId: string) {
    const [a] = await this.db.select().from(attachments)
      .where(and(eq(attachments.workspaceId, workspaceId), eq(attachments.interactionId, interactionId), like(attachments.fileName, `${RECORDING_PREFIX}%`)))
      .orderBy(sql`${attachments.createdAt} DESC`).limit(1);
    return a;
  }

  /** A voicemail: the caller's message (with its audio) on the contact, which then waits in the queue. */
  async voicemail(workspaceId: string, id: string, queueId: string, file: StoredFile, seconds: number) {
    return this.db.transaction(async (tx) => {
      const i = await this.find(workspaceId, id, tx, true);
      if (!i || i.status !== 'new') return i;
      const now = this.clock.now();
      const [m] = await tx.insert(messages).values({
        workspaceId, interactionId: id, kind: 'message', direction: 'inbound', authorType: 'customer', authorId: i.customerId,
        body: `Voicemail (${seconds} s)`, meta: { voicemail: true, seconds }, createdAt: now,
      }).returning();
      await tx.insert(attachments).values({ ...file, workspaceId, interactionId: id, messageId: m!.id, createdAt: now });
      const [after] = await tx.update(interactions).set({ status: 'queued', queueId, enqueuedAt: now, updatedAt: now }).where(eq(interactions.id, id)).returning();
      await tx.insert(interactionEvents).values([
        this.event(after!, 'voicemail', now, { actorType: 'customer', actorId: i.customerId, data: { messageId: m!.id, seconds } }),
        this.event(after!, 'queued', now),
      ]);
      await this.publish(tx, after!);
      return after!;
    });
  }

  /** Recordings and voicemails of an entry point older than the cutoff: their rows go, the caller deletes the files. */
  async expired(workspaceId: string, channelAccountId: string, before: Date) {
    const rows = await this.db.select({ id: attachments.id, storagePath: attachments.storagePath }).from(attachments)
      .innerJoin(interactions, eq(interactions.id, attachments.interactionId))
      .where(and(eq(attachments.workspaceId, workspaceId), eq(interactions.channelAccountId, channelAccountId), lt(attachments.createdAt, before),
        sql`(${attachments.fileName} LIKE ${`${RECORDING_PREFIX}%`} OR ${attachments.fileName} LIKE ${`${VOICEMAIL_PREFIX}%`})`)).limit(1000);
    if (rows.length) await this.db.delete(attachments).where(inArray(attachments.id, rows.map((r) => r.id)));
    return rows;
  }
}
