import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { conflict, notFound } from '../../platform/errors/index.js';
import type { EventBus } from '../../platform/realtime/index.js';
import type { InteractionService } from '../interactions/index.js';
import { escalationEvents } from './events.js';
import { escalations } from './schema.js';
import * as store from './store.js';

const view = (r: store.EscalationListRow) => ({
  id: r.e.id, interactionId: r.e.interactionId, reason: r.e.reason, status: r.e.status, createdAt: r.e.createdAt.toISOString(),
  raisedBy: r.e.raisedById ? { id: r.e.raisedById, name: r.raisedByName } : null,
  customer: { id: r.customerId, name: r.customerName }, channel: r.channel, interactionStatus: r.interactionStatus, assigneeId: r.assigneeId,
  resolution: r.e.resolution, resolvedById: r.e.resolvedById, resolvedAt: r.e.resolvedAt?.toISOString() ?? null,
});

/** Escalations to supervisors: raised from a contact, listed in the supervisors' inbox, resolved there. */
export class EscalationService {
  constructor(private db: Db, private bus: EventBus, private clock: Clock, private contacts: InteractionService) {}

  async list(p: Principal, f: { status?: 'open' | 'resolved'; interactionId?: string }) {
    if (f.interactionId) await this.contacts.require(this.db, p, f.interactionId);
    return { items: (await store.listEscalations(this.db, p.workspaceId, f)).map(view) };
  }

  /** Records the escalation and an `escalated` event on the contact's log, and tells the supervisors. */
  async raise(p: Principal, interactionId: string, reason: string) {
    const id = await this.db.transaction(async (tx) => {
      await this.contacts.recordEvent(tx, p, interactionId, 'escalated', { reason });
      const [e] = await tx.insert(escalations).values({ workspaceId: p.workspaceId, interactionId, raisedById: p.userId, reason, createdAt: this.clock.now() }).returning();
      return e!.id;
    });
    const item = await this.one(p, id);
    await this.bus.publish(['supervisors', `interaction:${interactionId}`].map((topic) => ({ workspaceId: p.workspaceId, topic, type: escalationEvents.raised, payload: item })));
    return item;
  }

  async resolve(p: Principal, id: string, resolution?: string) {
    const rows = await this.db.update(escalations).set({ status: 'resolved', resolvedById: p.userId, resolution: resolution ?? null, resolvedAt: this.clock.now() })
      .where(and(eq(escalations.workspaceId, p.workspaceId), eq(escalations.id, id), eq(escalations.status, 'open'))).returning();
    if (!rows.length) {
      if (await store.findEscalation(this.db, p.workspaceId, id)) throw conflict('already_resolved', 'This escalation is already resolved');
      throw notFound('Escalation');
    }
    const item = await this.one(p, id);
    await this.bus.publish(['supervisors', `interaction:${item.interactionId}`].map((topic) => ({ workspaceId: p.workspaceId, topic, type: escalationEvents.resolved, payload: item })));
    return item;
  }

  async colleagues(p: Principal) {
    return { items: (await store.colleagues(this.db, p.workspaceId)).map(({ id, name, role }) => ({ id, name, role })) };
  }

  private async one(p: Principal, id: string) {
    const rows = await store.listEscalations(this.db, p.workspaceId, {});
    const r = rows.find((x) => x.e.id === id) ?? (await this.byId(p, id));
    return view(r);
  }

  private async byId(p: Principal, id: string) {
    const e = await store.findEscalation(this.db, p.workspaceId, id);
    if (!e) throw notFound('Escalation');
    const rows = await store.listEscalations(this.db, p.workspaceId, { interactionId: e.interactionId });
    return rows.find((x) => x.e.id === id)!;
  }
}
