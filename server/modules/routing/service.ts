import { and, eq, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors/index.js';
import type { EventBus } from '../../platform/realtime/index.js';
import { interactions, messages } from '../interactions/schema.js';
import { readQueueSettings } from '../queues/index.js';
import { agentRoutingView } from './agent-view.js';
import { routingTopics, type RoutingCommand } from './events.js';
import type { OfferWaiters } from './offer-waiters.js';
import type { RoutingRuntime } from './runtime.js';
import { agentPresence, type AgentStateName } from './schema.js';
import * as store from './store.js';

const ACCEPT_WAIT_MS = 5_000;

/** What agents and supervisors ask of routing. Writes go to the database and the router's command topic. */
export class RoutingService {
  constructor(private db: Db, private bus: EventBus, private clock: Clock, private runtime: RoutingRuntime, private waiters: OfferWaiters) {}

  private command(workspaceId: string, c: RoutingCommand, tx?: Parameters<EventBus['publish']>[1]) {
    return this.bus.publish({ workspaceId, topic: routingTopics.commands, type: `routing.${c.type}`, payload: c }, tx);
  }

  me(p: Principal) {
    return agentRoutingView(this.db, p.workspaceId, p.userId, this.clock.now());
  }

  async setState(p: Principal, state: AgentStateName, reason: string | undefined) {
    if (state === 'away') {
      const codes = await store.reasonCodes(this.db, p.workspaceId);
      if (!reason || !codes.includes(reason)) throw invalid('invalid_reason', `Going away needs a reason code: ${codes.join(', ')}`);
    }
    const now = this.clock.now();
    const r = state === 'away' ? reason! : null;
    await this.db.transaction(async (tx) => {
      await store.writeAgentState(tx, p.workspaceId, p.userId, state, r, now);
      await this.command(p.workspaceId, { type: 'agent_state', agentId: p.userId, state, reason: r }, tx);
      const load = (await store.loads(tx, p.workspaceId, p.userId)).get(p.userId) ?? {};
      await this.bus.publish({ workspaceId: p.workspaceId, topic: routingTopics.supervisors, type: 'routing.agent_state', payload: { userId: p.userId, name: p.name, state, reason: r, since: now.toISOString(), load } }, tx);
    });
    const me = await this.me(p);
    await this.bus.publish({ workspaceId: p.workspaceId, topic: routingTopics.user(p.userId), type: 'routing.state', payload: me });
    return me;
  }

  private async myPendingOffer(p: Principal, offerId: string) {
    const o = await store.findOffer(this.db, p.workspaceId, offerId);
    if (!o || o.agentId !== p.userId) throw notFound('Offer');
    if (o.status !== 'pending' || o.expiresAt.getTime() <= this.clock.now().getTime()) throw conflict('offer_expired', 'This offer is no longer open');
    return o;
  }

  /** Accepts an offer and waits for the router to confirm the assignment. */
  async accept(p: Principal, offerId: string) {
    const o = await this.myPendingOffer(p, offerId);
    await this.command(p.workspaceId, { type: 'accept', contactId: o.interactionId, agentId: p.userId, offerId });
    const status = await this.waiters.wait(p.workspaceId, offerId, ACCEPT_WAIT_MS);
    if (status === 'accepted') return { interactionId: o.interactionId };
    if (status === 'pending') throw new AppError('routing_unavailable', 'The router did not confirm in time; try again', 503);
    throw conflict('offer_expired', 'This offer is no longer open');
  }

  async reject(p: Principal, offerId: string) {
    const o = await this.myPendingOffer(p, offerId);
    await this.command(p.workspaceId, { type: 'reject', contactId: o.interactionId, agentId: p.userId, offerId });
  }

  private async interaction(p: Principal, id: string) {
    const i = await store.findInteraction(this.db, p.workspaceId, id);
    if (!i) throw notFound('Interaction');
    return i;
  }

  /** Sends an active contact to another queue or agent; it keeps its original queue time (for ASA). */
  async transfer(p: Principal, id: string, to: { queueId?: string; agentId?: string; note?: string }) {
    if (!to.queueId && !to.agentId) throw invalid('invalid_transfer', 'Transfer to a queue or an agent');
    const i = await this.interaction(p, id);
    if (i.status !== 'active') throw conflict('not_active', 'Only an active contact can be transferred');
    if (p.role === 'agent' && i.assigneeId !== p.userId) throw forbidden('Only the agent handling the contact can transfer it');
    const queueId = to.queueId ?? i.queueId;
    if (!queueId) throw invalid('invalid_transfer', 'The contact has no queue; name one');
    await this.checkRefs(p, { queueId, agentId: to.agentId });
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.update(interactions).set({ status: 'queued', queueId, assigneeId: null, updatedAt: now, enqueuedAt: i.enqueuedAt ?? i.createdAt })
        .where(eq(interactions.id, id));
      await store.insertEvents(tx, [{ workspaceId: p.workspaceId, interactionId: id, type: 'transferred', at: now, actorType: 'agent', actorId: p.userId, agentId: i.assigneeId, queueId, data: { fromQueueId: i.queueId, toQueueId: queueId, toAgentId: to.agentId ?? null, note: to.note ?? null } }]);
      if (to.note) await tx.insert(messages).values({ workspaceId: p.workspaceId, interactionId: id, kind: 'note', direction: 'internal', authorType: 'agent', authorId: p.userId, body: to.note, createdAt: now });
      await this.command(p.workspaceId, { type: 'transfer', contactId: id, toQueueId: queueId, toAgentId: to.agentId }, tx);
      await this.bus.publish([`interaction:${id}`, 'workspace'].map((topic) => ({ workspaceId: p.workspaceId, topic, type: 'interaction.updated', payload: { id, status: 'queued', queueId } })), tx);
    });
  }

  async forceAssign(p: Principal, id: string, agentId: string) {
    const i = await this.interaction(p, id);
    if (i.status !== 'queued') throw conflict('not_queued', 'Only a queued contact can be force-assigned');
    await this.checkRefs(p, { agentId });
    await this.command(p.workspaceId, { type: 'force_assign', contactId: id, agentId });
  }

  /** The customer leaves the queue but keeps their place: an agent calls back when it comes up. */
  async requestCallback(p: Principal, id: string) {
    const i = await this.interaction(p, id);
    if (i.status !== 'queued') throw conflict('not_queued', 'Only a queued contact can ask for a callback');
    if (i.channel !== 'voice') throw invalid('not_voice', 'Callbacks are for calls');
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.update(interactions).set({ callbackRequested: true, updatedAt: now }).where(eq(interactions.id, id));
      await store.insertEvents(tx, [{ workspaceId: p.workspaceId, interactionId: id, type: 'callback_requested', at: now, actorType: 'customer', queueId: i.queueId }]);
      await this.command(p.workspaceId, { type: 'callback', contactId: id }, tx);
    });
  }

  /** The customer left the queue (hung up, closed the chat). */
  async abandon(p: Principal, id: string) {
    const i = await this.interaction(p, id);
    if (i.status !== 'queued') throw conflict('not_queued', 'Only a queued contact can be abandoned');
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const [row] = await tx.update(interactions).set({ status: 'abandoned', closedAt: now, updatedAt: now })
        .where(and(eq(interactions.id, id), eq(interactions.status, 'queued'))).returning();
      if (!row) throw conflict('not_queued', 'Only a queued contact can be abandoned');
      await store.insertEvents(tx, [{ workspaceId: p.workspaceId, interactionId: id, type: 'abandoned', at: now, actorType: 'customer', queueId: i.queueId, data: { waitedMs: now.getTime() - (i.enqueuedAt ?? i.createdAt).getTime() } }]);
      await this.bus.publish([`interaction:${id}`, 'workspace'].map((topic) => ({ workspaceId: p.workspaceId, topic, type: 'interaction.updated', payload: { id, status: 'abandoned' } })), tx);
    });
  }

  /** Place in queue (1 = next) and the estimated wait. */
  async position(p: Principal, id: string) {
    const i = await this.interaction(p, id);
    if (i.status !== 'queued' || !i.queueId) return { status: i.status, position: null, ewtSeconds: null };
    const local = this.runtime.router(p.workspaceId)?.position(id);
    if (local) return { status: i.status, position: local.position, ewtSeconds: local.ewtMs === undefined ? null : Math.round(local.ewtMs / 1000) };
    const enq = i.enqueuedAt ?? i.createdAt;
    const [row] = (await this.db.execute<{ ahead: number }>(sql`
      SELECT count(*)::int AS ahead FROM interactions WHERE workspace_id = ${p.workspaceId} AND queue_id = ${i.queueId} AND status = 'queued'
        AND (routing_priority > ${i.routingPriority} OR (routing_priority = ${i.routingPriority} AND coalesce(enqueued_at, created_at) < ${enq}))`)).rows;
    return { status: i.status, position: (row?.ahead ?? 0) + 1, ewtSeconds: null };
  }

  async agents(p: Principal) {
    const [agents, loads] = [await store.loadAgents(this.db, p.workspaceId), await store.loads(this.db, p.workspaceId)];
    return {
      items: agents.map((a) => ({ userId: a.id, name: a.name, role: a.role, state: a.state, reason: a.reason, since: a.since.toISOString(), capacity: a.capacity, load: loads.get(a.id) ?? {}, skills: a.skills, languages: a.languages })),
    };
  }

  async setCapacity(p: Principal, userId: string, capacity: Record<string, number>) {
    const agent = (await store.loadAgents(this.db, p.workspaceId)).find((a) => a.id === userId);
    if (!agent) throw notFound('Agent');
    await this.db.transaction(async (tx) => {
      await tx.insert(agentPresence).values({ userId, workspaceId: p.workspaceId, capacity })
        .onConflictDoUpdate({ target: agentPresence.userId, set: { capacity } });
      await this.command(p.workspaceId, { type: 'config' }, tx);
    });
    return (await this.agents(p)).items.find((a) => a.userId === userId)!;
  }

  async queueStats(p: Principal) {
    const now = this.clock.now().getTime();
    const [queues, agents] = [await store.loadQueues(this.db, p.workspaceId), await store.loadAgents(this.db, p.workspaceId)];
    const waiting = (await this.db.execute<{ queue_id: string; waiting: number; oldest: Date | null }>(sql`
      SELECT queue_id, count(*)::int AS waiting, min(coalesce(enqueued_at, created_at)) AS oldest FROM interactions
      WHERE workspace_id = ${p.workspaceId} AND status = 'queued' GROUP BY queue_id`)).rows;
    const offered = (await this.db.execute<{ queue_id: string; n: number }>(sql`
      SELECT queue_id, count(*)::int AS n FROM routing_offers WHERE workspace_id = ${p.workspaceId} AND status = 'pending' GROUP BY queue_id`)).rows;
    const loads = await store.loads(this.db, p.workspaceId);
    return {
      items: queues.map((q) => {
        const w = waiting.find((r) => r.queue_id === q.id);
        const serving = agents.filter((a) => readQueueSettings(q.settings).requiredSkills.every((r) => a.skills[r.skill] !== undefined));
        const byState = { available: 0, after_contact_work: 0, away: 0, offline: 0, busy: 0 };
        for (const a of serving) {
          const busy = a.state === 'available' && Object.values(loads.get(a.id) ?? {}).some((n) => n > 0);
          byState[busy ? 'busy' : a.state] += 1;
        }
        return {
          queueId: q.id, name: q.name, waiting: w?.waiting ?? 0, offered: offered.find((r) => r.queue_id === q.id)?.n ?? 0,
          longestWaitSeconds: w?.oldest ? Math.max(0, Math.round((now - new Date(w.oldest).getTime()) / 1000)) : 0, agents: byState,
        };
      }),
    };
  }

  reasonCodes(p: Principal) {
    return store.reasonCodes(this.db, p.workspaceId);
  }

  async setReasonCodes(p: Principal, items: string[]) {
    await store.setReasonCodes(this.db, p.workspaceId, [...new Set(items)]);
    return this.reasonCodes(p);
  }

  private async checkRefs(p: Principal, refs: { queueId?: string; agentId?: string }) {
    if (refs.queueId && !(await store.loadQueues(this.db, p.workspaceId)).some((q) => q.id === refs.queueId)) throw invalid('invalid_queue', 'No such queue in this workspace');
    if (refs.agentId && !(await store.loadAgents(this.db, p.workspaceId)).some((a) => a.id === refs.agentId)) throw invalid('invalid_agent', 'No such agent in this workspace');
  }
}

