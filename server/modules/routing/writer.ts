import { and, eq, inArray, sql } from 'drizzle-orm';
import { interactions } from '../interactions/schema.js';
import type { Decision, RoutingEvent } from './domain/index.js';
import { agentRoutingView } from './agent-view.js';
import { offerView, routingTopics } from './events.js';
import type { RouterDeps } from './router.js';
import { routingOffers, type AgentStateName } from './schema.js';
import * as store from './store.js';

const EXECUTE_CONCURRENCY = 8;

/** What the writer needs to know of the router's state, and how it reports back when the database disagrees. */
export interface RouterView {
  contact(id: string): { channel: string; enqueuedAt: number; queueId: string } | undefined;
  customerName(contactId: string): string | undefined;
  queueName(queueId: string | null): string | null;
  agentName(agentId: string): string | undefined;
  /** Tells the engine what really happened (the contact left, the offer was gone). */
  feedback(event: RoutingEvent): Promise<void>;
}

/**
 * Carries out the engine's decisions in the database, each in its own transaction with the realtime
 * events it causes, guarded so that a contact is never offered or assigned twice.
 */
export class DecisionWriter {
  constructor(private deps: RouterDeps, private workspaceId: string, private view: RouterView) {}

  /**
   * Carries out decisions, a few at a time: decisions that share a contact or an agent stay in one
   * group and keep the engine's order (a revoke before the re-offer, an agent's offers first-in-line first).
   */
  async executeAll(decisions: Decision[]) {
    const parent = new Map<string, string>();
    const find = (k: string): string => {
      let r = k;
      while (parent.get(r) !== r) r = parent.get(r) ?? (parent.set(r, r), r);
      parent.set(k, r);
      return r;
    };
    const keysOf = (d: Decision) => ['contactId' in d ? `c:${d.contactId}` : '', 'agentId' in d ? `a:${d.agentId}` : ''].filter(Boolean);
    for (const d of decisions) {
      const [first, ...rest] = keysOf(d).map(find);
      for (const k of rest) parent.set(k, first!);
    }
    const groups = new Map<string, Decision[]>();
    for (const d of decisions) {
      const root = find(keysOf(d)[0]!);
      groups.set(root, [...(groups.get(root) ?? []), d]);
    }
    const queue = [...groups.values()];
    const worker = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) await this.execute(g);
    };
    await Promise.all(Array.from({ length: Math.min(EXECUTE_CONCURRENCY, queue.length) }, worker));
  }

  private async execute(decisions: Decision[]) {
    for (const d of decisions) {
      switch (d.type) {
        case 'offer': await this.offer(d.contactId, d.agentId, d.expiresAt); break;
        case 'revoke': await this.revoke(d.contactId, d.agentId, d.reason); break;
        case 'assigned': await this.assign(d.contactId, d.agentId); break;
        case 'agent_state': await this.agentState(d.agentId, d.state, d.reason); break;
        case 'overflow': await this.contactEvent(d.contactId, 'overflowed', { step: d.stepIndex, action: d.step.action }); break;
        case 'expired': await this.expire(d.contactId, d.action); break;
        case 'callback_due': await this.contactEvent(d.contactId, 'callback_due', {}); break;
      }
    }
  }

  private async offer(contactId: string, agentId: string, expiresAt: number) {
    const { db, bus, clock } = this.deps;
    const now = clock.now();
    const c = this.view.contact(contactId);
    const created = await db.transaction(async (tx) => {
      const offer = await store.insertOfferIfQueued(tx, this.workspaceId, contactId, agentId, now, new Date(expiresAt));
      if (!offer) return null;
      await store.insertEvents(tx, [{ workspaceId: this.workspaceId, interactionId: contactId, type: 'offered', at: now, actorType: 'system', queueId: offer.queueId, agentId, data: { offerId: offer.id, expiresAt: new Date(expiresAt).toISOString() } }]);
      const customerName = this.view.customerName(contactId) ?? (await store.customerNameOf(tx, contactId));
      await bus.publish({
        workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type: 'routing.offer',
        payload: offerView({ offer, channel: c?.channel ?? 'chat', customerName, queueName: this.view.queueName(offer.queueId), enqueuedAt: c ? new Date(c.enqueuedAt) : null }, now),
      }, tx);
      return offer;
    });
    // The contact left (closed, taken by hand) before we could offer it: forget it.
    if (!created) await this.reconcileGone(contactId);
  }

  private async reconcileGone(contactId: string) {
    const i = await store.findInteraction(this.deps.db, this.workspaceId, contactId);
    if (!i || i.status !== 'queued') await this.view.feedback({ type: 'contact_abandoned', contactId });
  }

  async resolveOffer(contactId: string, agentId: string, status: 'rejected' | 'timed_out' | 'revoked') {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (tx) => {
      const [o] = await tx.update(routingOffers).set({ status, resolvedAt: now })
        .where(and(eq(routingOffers.interactionId, contactId), eq(routingOffers.agentId, agentId), eq(routingOffers.status, 'pending'))).returning();
      if (!o) return undefined;
      if (status !== 'revoked') {
        await store.insertEvents(tx, [{ workspaceId: this.workspaceId, interactionId: contactId, type: status, at: now, actorType: status === 'rejected' ? 'agent' : 'system', actorId: status === 'rejected' ? agentId : null, queueId: o.queueId, agentId }]);
      }
      return o;
    });
  }

  private async revoke(contactId: string, agentId: string, reason: 'timeout' | 'abandoned' | 'reassigned') {
    const o = await this.resolveOffer(contactId, agentId, reason === 'timeout' ? 'timed_out' : 'revoked');
    if (o) await this.publishToAgent(agentId, 'routing.offer_revoked', { offerId: o.id, interactionId: contactId, reason });
  }

  private async assign(contactId: string, agentId: string) {
    const { db, bus, clock } = this.deps;
    const now = clock.now();
    const ok = await db.transaction(async (tx) => {
      const [o] = await tx.update(routingOffers).set({ status: 'accepted', resolvedAt: now })
        .where(and(eq(routingOffers.interactionId, contactId), eq(routingOffers.agentId, agentId), eq(routingOffers.status, 'pending'))).returning();
      if (!o) return false;
      const [i] = await tx.update(interactions).set({ status: 'active', assigneeId: agentId, updatedAt: now })
        .where(and(eq(interactions.id, contactId), eq(interactions.workspaceId, this.workspaceId), eq(interactions.status, 'queued'))).returning();
      if (!i) return false;
      const answered = (await tx.execute(sql`SELECT 1 FROM interaction_events WHERE interaction_id = ${contactId} AND type = 'answered' LIMIT 1`)).rows.length > 0;
      const base = { workspaceId: this.workspaceId, interactionId: contactId, at: now, actorType: 'agent' as const, actorId: agentId, agentId, queueId: i.queueId };
      await store.insertEvents(tx, [{ ...base, type: 'accepted', data: { offerId: o.id } }, ...(answered ? [] : [{ ...base, type: 'answered' }])]);
      await tx.execute(sql`UPDATE agent_presence SET missed_in_row = 0 WHERE user_id = ${agentId}`);
      await bus.publish([
        { workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type: 'routing.assigned', payload: { offerId: o.id, interactionId: contactId } },
        ...[`interaction:${contactId}`, 'workspace'].map((topic) =>
          ({ workspaceId: this.workspaceId, topic, type: 'interaction.updated', payload: { id: contactId, status: 'active', assigneeId: agentId, queueId: i.queueId } })),
      ], tx);
      return true;
    });
    if (!ok) {
      // The offer was withdrawn or the contact left in the meantime: keep the engine's load right.
      const i = await store.findInteraction(db, this.workspaceId, contactId);
      if (!i || i.status !== 'active' || i.assigneeId !== agentId) await this.view.feedback({ type: 'contact_completed', contactId });
    }
  }

  private async agentState(agentId: string, state: AgentStateName, reason: string) {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      await store.writeAgentState(tx, this.workspaceId, agentId, state, reason, now);
      await this.deps.bus.publish({ workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type: 'routing.state', payload: await agentRoutingView(tx, this.workspaceId, agentId, now) }, tx);
      await this.deps.bus.publish({ workspaceId: this.workspaceId, topic: routingTopics.supervisors, type: 'routing.agent_state', payload: { userId: agentId, name: this.view.agentName(agentId), state, reason, since: now.toISOString() } }, tx);
    });
  }

  private async expire(contactId: string, action: string) {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      const [i] = await tx.update(interactions).set({
        status: action === 'disconnect' ? 'abandoned' : 'new', callbackRequested: action === 'callback', updatedAt: now,
        ...(action === 'disconnect' ? { closedAt: now } : {}),
      }).where(and(eq(interactions.id, contactId), eq(interactions.workspaceId, this.workspaceId), inArray(interactions.status, ['queued']))).returning();
      if (!i) return;
      await store.insertEvents(tx, [{ workspaceId: this.workspaceId, interactionId: contactId, type: 'expired', at: now, actorType: 'system', queueId: i.queueId, data: { action } }]);
      await this.deps.bus.publish([`interaction:${contactId}`, 'workspace'].map((topic) =>
        ({ workspaceId: this.workspaceId, topic, type: 'interaction.updated', payload: { id: contactId, status: i.status, action } })), tx);
    });
  }

  private async contactEvent(contactId: string, type: string, data: Record<string, unknown>) {
    const c = this.view.contact(contactId);
    await store.insertEvents(this.deps.db, [{ workspaceId: this.workspaceId, interactionId: contactId, type, at: this.deps.clock.now(), actorType: 'system', queueId: c?.queueId, data }]);
  }

  publishToAgent(agentId: string, type: string, payload: unknown) {
    return this.deps.bus.publish({ workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type, payload });
  }
}
