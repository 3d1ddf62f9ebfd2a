import { and, eq, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors/index.js';
import type { EventBus } from '../../platform/realtime/index.js';
import { customers } from '../customers/schema.js';
import { realtimeTypes } from './events.js';
import { messages } from './schema.js';
import type { InteractionService } from './service.js';
import * as store from './store.js';
import { messageView } from './views.js';

type ConsultMeta = { to: string; toName: string; by: string; byName: string; status: 'asked' | 'accepted' | 'declined'; answeredAt?: string };
const consultOf = (meta: Record<string, unknown>) => meta.consult as ConsultMeta | undefined;

/**
 * The first half of a warm transfer: the agent handling a contact asks a colleague to take it over, with a
 * note, while keeping the customer. The colleague reads the contact and answers; once they accept, the first
 * agent completes the transfer (an ordinary transfer to that colleague) when they have handed over. The ask
 * and its answer are a note on the contact (`meta.consult`).
 */
export class ConsultService {
  constructor(private db: Db, private bus: EventBus, private clock: Clock, private interactions: InteractionService) {}

  async ask(p: Principal, id: string, input: { agentId: string; note: string }) {
    return this.db.transaction(async (tx) => {
      const i = await this.interactions.require(tx, p, id, true);
      if (i.status !== 'active') throw conflict('not_active', 'Only an active contact can be handed over');
      if (i.assigneeId !== p.userId) throw forbidden('Only the agent handling the contact can ask a colleague to take it over');
      if (input.agentId === p.userId) throw invalid('invalid_agent', 'Ask someone else');
      const [to, by] = await Promise.all([store.findUser(tx, p.workspaceId, input.agentId), store.findUser(tx, p.workspaceId, p.userId)]);
      if (!to?.active) throw invalid('invalid_agent', 'The colleague must be an active user of this workspace');
      const consult: ConsultMeta = { to: to.id, toName: to.name, by: p.userId, byName: by?.name ?? '', status: 'asked' };
      const [m] = await tx.insert(messages).values({
        workspaceId: p.workspaceId, interactionId: id, kind: 'note', direction: 'internal', authorType: 'agent', authorId: p.userId,
        body: input.note, meta: { consult }, createdAt: this.clock.now(),
      }).returning();
      const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, i.customerId));
      await this.bus.publish([
        { workspaceId: p.workspaceId, topic: `interaction:${id}`, type: realtimeTypes.noteCreated, payload: messageView(m!, []) },
        {
          workspaceId: p.workspaceId, topic: `user:${to.id}`, type: realtimeTypes.consultAsked,
          payload: { interactionId: id, consultId: m!.id, byId: p.userId, byName: consult.byName, customerName: customer?.name ?? null, channel: i.channel, note: input.note },
        },
      ], tx);
      return { consultId: m!.id, status: consult.status };
    });
  }

  /** The colleague's answer: they take it over (the asking agent then completes the transfer) or not. */
  async answer(p: Principal, id: string, consultId: string, accept: boolean) {
    return this.db.transaction(async (tx) => {
      const i = await this.interactions.require(tx, p, id);
      const [m] = await tx.select().from(messages)
        .where(and(eq(messages.workspaceId, p.workspaceId), eq(messages.interactionId, id), eq(messages.id, consultId), sql`${messages.meta}->'consult' is not null`))
        .for('update');
      const c = m && consultOf(m.meta);
      if (!m || !c) throw notFound('Consultation');
      if (c.to !== p.userId) throw forbidden('Only the colleague who was asked can answer');
      if (c.status !== 'asked') throw conflict('already_answered', 'This request was already answered');
      if (i.status !== 'active' || i.assigneeId !== c.by) throw conflict('not_active', 'The contact has moved on');
      const next: ConsultMeta = { ...c, status: accept ? 'accepted' : 'declined', answeredAt: this.clock.now().toISOString() };
      const [updated] = await tx.update(messages).set({ meta: { ...m.meta, consult: next } }).where(eq(messages.id, m.id)).returning();
      await this.bus.publish([
        { workspaceId: p.workspaceId, topic: `interaction:${id}`, type: realtimeTypes.messageUpdated, payload: messageView(updated!, []) },
        { workspaceId: p.workspaceId, topic: `user:${c.by}`, type: realtimeTypes.consultAnswered, payload: { interactionId: id, consultId, accepted: accept, byId: p.userId, byName: c.toName } },
      ], tx);
      return { consultId, status: next.status };
    });
  }
}
