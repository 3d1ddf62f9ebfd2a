import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { EventBus, RealtimeEvent } from '../../platform/realtime/index.js';
import { readQueueSettings } from '../queues/index.js';
import { interactions } from '../interactions/schema.js';
import { RoutingEngine, type Decision, type RoutingEvent } from './domain/index.js';
import { agentInput, contactInput, queueInput } from './engine-input.js';
import { routingOffers, type AgentStateName } from './schema.js';
import * as store from './store.js';
import { agentRoutingView } from './agent-view.js';
import { offerView, routingTopics, type RoutingCommand } from './events.js';

export interface RouterDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  log: Logger;
}

const CONFIG_SYNC_MS = 5_000;
const STATS_EVERY_MS = 1_000;
const MAX_POSITIONS_PER_STEP = 200;
const EXECUTE_CONCURRENCY = 8;

/**
 * Routes one workspace: the only writer of offers and assignments while this process holds the
 * workspace's routing lock. It rebuilds the engine from the database, then follows commands and contact
 * changes on the event bus in order, and applies each engine decision in a transaction.
 */
export class WorkspaceRouter {
  private engine = new RoutingEngine();
  private cursor = 0;
  private chain: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private syncTimer?: NodeJS.Timeout;
  private statsTimer?: NodeJS.Timeout;
  private statsAt = 0;
  private stopAnnounce?: () => void;
  private stopped = false;
  private consuming = false;
  private batch?: Decision[];
  /** Rows and last agents read in one query for a batch of bus events. */
  private prefetched = new Map<string, store.InteractionWithCustomer>();
  private lastAgents?: Map<string, string>;
  private customerNames = new Map<string, string>();
  private queueNames = new Map<string, string>();
  private preferredSeconds = new Map<string, number>();
  private agentNames = new Map<string, string>();
  /** What the engine was last told of each queue and agent, so a resync only sends changes. */
  private known = new Map<string, string>();
  /** Last position told to each waiting contact, so only changes are published. */
  private told = new Map<string, string>();

  constructor(private deps: RouterDeps, readonly workspaceId: string) {}

  private now() {
    return this.deps.clock.now().getTime();
  }

  async start() {
    this.cursor = await store.lastEventId(this.deps.db, this.workspaceId);
    this.stopAnnounce = this.deps.bus.onAnnounce((ws) => {
      // One pending read covers every announcement made before it runs.
      if (ws !== this.workspaceId || this.consuming) return;
      this.consuming = true;
      this.enqueue(() => this.consume());
    });
    await this.enqueue(() => this.hydrate());
    this.enqueue(() => this.consume());
    this.syncTimer = setInterval(() => this.enqueue(() => this.syncConfig()), CONFIG_SYNC_MS);
  }

  async stop() {
    this.stopped = true;
    this.stopAnnounce?.();
    clearTimeout(this.timer);
    clearInterval(this.syncTimer);
    clearTimeout(this.statsTimer);
    await this.chain;
  }

  /** Queue position and estimated wait, answered from the engine when this process routes the workspace. */
  position(contactId: string) {
    return this.engine.position(contactId, this.now());
  }

  private enqueue(work: () => Promise<void>) {
    this.chain = this.chain.then(() => (this.stopped ? undefined : work())).catch((err) => {
      this.deps.log.error({ err, workspaceId: this.workspaceId }, 'routing step failed');
    });
    return this.chain;
  }

  private async apply(event: RoutingEvent, execute = true) {
    const decisions = this.engine.apply(event, this.now());
    if (!execute) return;
    // While a batch of bus events is being read, decisions are collected and carried out together.
    if (this.batch) this.batch.push(...decisions);
    else await this.execute(decisions);
  }

  private schedule() {
    clearTimeout(this.timer);
    const next = this.engine.nextTimerAt();
    if (next === undefined || this.stopped) return;
    this.timer = setTimeout(() => this.enqueue(async () => {
      await this.executeAll(this.engine.apply({ type: 'tick' }, this.now()));
      await this.afterStep();
    }), Math.max(0, next - this.now()));
  }

  private async afterStep() {
    this.schedule();
    if (this.now() - this.statsAt >= STATS_EVERY_MS) {
      this.statsAt = this.now();
      await this.publishStats();
    } else if (!this.statsTimer) {
      // A trailing update, so the last change of a burst is published too.
      this.statsTimer = setTimeout(() => {
        this.statsTimer = undefined;
        this.enqueue(() => this.afterStep());
      }, STATS_EVERY_MS);
    }
  }

  /** Loads queues and agents (skills, capacity, hours) into the engine; run at start and every few seconds. */
  private async syncConfig(states?: Map<string, AgentStateName>) {
    const now = this.deps.clock.now();
    const queues = await store.loadQueues(this.deps.db, this.workspaceId);
    const changed = (key: string, value: unknown) => {
      const sig = JSON.stringify(value);
      if (this.known.get(key) === sig) return false;
      this.known.set(key, sig);
      return true;
    };
    for (const q of queues) {
      this.queueNames.set(q.id, q.name);
      this.preferredSeconds.set(q.id, readQueueSettings(q.settings).preferredAgentSeconds);
      const queue = queueInput(q, now);
      if (changed(`q:${q.id}`, queue)) await this.apply({ type: 'queue_upserted', queue }, !states);
    }
    for (const a of await store.loadAgents(this.deps.db, this.workspaceId)) {
      this.agentNames.set(a.id, a.name);
      const agent = agentInput(a, queues, states?.get(a.id) ?? a.state);
      if (changed(`a:${a.id}`, { ...agent, state: undefined })) await this.apply({ type: 'agent_upserted', agent }, !states);
    }
    if (!states) await this.afterStep();
  }

  /**
   * Rebuilds routing state after a start or a takeover. Offers left pending by a previous owner are
   * withdrawn (their agents are told) and their contacts offered again; assignments are restored so
   * agent loads are right; every queued contact is queued again in its original order.
   */
  private async hydrate() {
    const { db } = this.deps;
    const agents = await store.loadAgents(db, this.workspaceId);
    // Agents start available so that restored assignments can be re-attached; real states follow.
    await this.syncConfig(new Map(agents.map((a) => [a.id, 'available' as const])));
    const stale = await db.update(routingOffers).set({ status: 'revoked', resolvedAt: this.deps.clock.now() })
      .where(and(eq(routingOffers.workspaceId, this.workspaceId), eq(routingOffers.status, 'pending'))).returning();
    for (const o of stale) await this.publishToAgent(o.agentId, 'routing.offer_revoked', { offerId: o.id, interactionId: o.interactionId, reason: 'reassigned' });
    for (const i of await store.activeAssignments(db, this.workspaceId)) {
      if (!i.queueId || !this.engine.agent(i.assigneeId!)) continue;
      this.engine.apply({ type: 'contact_queued', contact: { ...contactInput(i), forcedAgentId: i.assigneeId! } }, this.now());
      this.engine.apply({ type: 'offer_accepted', contactId: i.id, agentId: i.assigneeId! }, this.now());
    }
    for (const a of agents) if (a.state !== 'available') this.engine.apply({ type: 'agent_state_changed', agentId: a.id, state: a.state, reason: a.reason ?? undefined }, this.now());
    this.batch = [];
    for (const i of await store.queuedContacts(db, this.workspaceId)) await this.queueContact(i);
    const decisions = this.batch;
    this.batch = undefined;
    await this.executeAll(decisions);
    await this.afterStep();
  }

  private async queueContact(i: typeof interactions.$inferSelect) {
    if (!i.queueId || this.engine.contact(i.id)) return;
    if (!this.engine.queueStats(i.queueId, this.now())) await this.syncConfig(); // a queue created since the last sync
    if (!this.engine.queueStats(i.queueId, this.now())) return;
    const seconds = this.preferredSeconds.get(i.queueId) ?? 0;
    const agentId = seconds <= 0 ? undefined
      : this.lastAgents ? this.lastAgents.get(i.customerId) : await store.lastAgentOf(this.deps.db, this.workspaceId, i.customerId, i.id);
    await this.apply({ type: 'contact_queued', contact: contactInput(i, agentId && this.engine.agent(agentId) ? { agentId, seconds } : undefined) });
  }

  /**
   * Follows the bus: routing commands and contact changes, in order. A batch of events is read at once,
   * the contacts it names are read in one query, the engine takes every event, and the resulting
   * decisions are carried out together (concurrently across contacts).
   */
  private async consume() {
    this.consuming = false;
    for (;;) {
      const events = await this.deps.bus.since(this.workspaceId, this.cursor, ['routing', 'workspace'], 500);
      if (!events.length) break;
      this.cursor = events[events.length - 1]!.id;
      await this.prefetch(events);
      this.batch = [];
      try {
        for (const e of events) {
          // One bad event (an unknown agent in a command, say) must not hold up the rest.
          await this.handle(e).catch((err) => this.deps.log.warn({ err, eventId: e.id }, 'routing event skipped'));
        }
      } finally {
        const decisions = this.batch;
        this.batch = undefined;
        this.prefetched.clear();
        this.lastAgents = undefined;
        await this.executeAll(decisions);
      }
      if (events.length < 500) break;
    }
    await this.afterStep();
  }

  private async prefetch(events: RealtimeEvent[]) {
    const ids = new Set<string>();
    for (const e of events) {
      const id = e.topic === 'routing' ? (e.payload as { contactId?: string }).contactId : (e.payload as { id?: string })?.id;
      if (id && (e.topic === 'routing' || e.type === 'interaction.created' || e.type === 'interaction.updated')) ids.add(id);
    }
    if (!ids.size) return;
    const rows = await store.findInteractions(this.deps.db, this.workspaceId, [...ids]);
    for (const r of rows) {
      this.prefetched.set(r.interaction.id, r);
      this.customerNames.set(r.interaction.id, r.customerName);
    }
    if (this.customerNames.size > 100_000) this.customerNames.clear();
    const queued = rows.filter((r) => r.interaction.status === 'queued' && (this.preferredSeconds.get(r.interaction.queueId ?? '') ?? 0) > 0);
    if (queued.length) this.lastAgents = await store.lastAgentsOf(this.deps.db, this.workspaceId, queued.map((r) => r.interaction));
  }

  /**
   * Carries out decisions, a few at a time: decisions that share a contact or an agent stay in one
   * group and keep the engine's order (a revoke before the re-offer, an agent's offers first-in-line first).
   */
  private async executeAll(decisions: Decision[]) {
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

  private async handle(e: RealtimeEvent) {
    if (e.topic === 'routing') {
      const c = e.payload as RoutingCommand;
      switch (c.type) {
        case 'agent_state': {
          if (!this.engine.agent(c.agentId)) await this.syncConfig(); // a new agent, or new skills
          if (!this.engine.agent(c.agentId)) return;
          return this.apply({ type: 'agent_state_changed', agentId: c.agentId, state: c.state, reason: c.reason ?? undefined });
        }
        case 'accept': return this.apply({ type: 'offer_accepted', contactId: c.contactId, agentId: c.agentId });
        case 'reject': {
          if (this.engine.contact(c.contactId)?.offer?.agentId !== c.agentId) return;
          await this.resolveOffer(c.contactId, c.agentId, 'rejected');
          return this.apply({ type: 'offer_rejected', contactId: c.contactId, agentId: c.agentId });
        }
        case 'transfer': {
          if (!this.engine.contact(c.contactId)) return this.reconcile(c.contactId);
          return this.apply({ type: 'contact_transferred', contactId: c.contactId, toQueueId: c.toQueueId, toAgentId: c.toAgentId });
        }
        case 'force_assign': return this.apply({ type: 'force_assign', contactId: c.contactId, agentId: c.agentId });
        case 'callback': return this.apply({ type: 'callback_requested', contactId: c.contactId });
        case 'config': return this.syncConfig();
      }
    } else if (e.type === 'interaction.created' || e.type === 'interaction.updated') {
      const id = (e.payload as { id?: string })?.id;
      if (id) await this.reconcile(id);
    }
  }

  /** Re-reads a contact and brings the engine in line with it (queued, finished or taken by hand). */
  private async reconcile(id: string) {
    const i = this.prefetched.get(id)?.interaction ?? (await store.findInteraction(this.deps.db, this.workspaceId, id));
    const known = this.engine.contact(id);
    if (!i) return;
    if (i.status === 'queued') {
      if (!known) await this.queueContact(i);
    } else if (known) {
      if (i.status === 'wrap_up' || i.status === 'closed') {
        await this.apply(known.status === 'assigned' ? { type: 'contact_completed', contactId: id } : { type: 'contact_abandoned', contactId: id });
      } else if (i.status === 'active' && known.status === 'assigned' && known.offer?.agentId === i.assigneeId) {
        // Our own assignment coming back around.
      } else if (i.status !== 'active' || known.status !== 'assigned') {
        await this.apply({ type: 'contact_abandoned', contactId: id });
      }
    }
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
    const c = this.engine.contact(contactId);
    const created = await db.transaction(async (tx) => {
      const offer = await store.insertOfferIfQueued(tx, this.workspaceId, contactId, agentId, now, new Date(expiresAt));
      if (!offer) return null;
      await store.insertEvents(tx, [{ workspaceId: this.workspaceId, interactionId: contactId, type: 'offered', at: now, actorType: 'system', queueId: offer.queueId, agentId, data: { offerId: offer.id, expiresAt: new Date(expiresAt).toISOString() } }]);
      const customerName = this.customerNames.get(contactId) ?? (await store.customerNameOf(tx, contactId));
      await bus.publish({
        workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type: 'routing.offer',
        payload: offerView({ offer, channel: c?.channel ?? 'chat', customerName, queueName: this.queueNames.get(offer.queueId ?? '') ?? null, enqueuedAt: c ? new Date(c.enqueuedAt) : null }, now),
      }, tx);
      return offer;
    });
    // The contact left (closed, taken by hand) before we could offer it: forget it.
    if (!created) await this.reconcileGone(contactId);
  }

  private async reconcileGone(contactId: string) {
    const i = await store.findInteraction(this.deps.db, this.workspaceId, contactId);
    if (!i || i.status !== 'queued') await this.apply({ type: 'contact_abandoned', contactId });
  }

  private async resolveOffer(contactId: string, agentId: string, status: 'rejected' | 'timed_out' | 'revoked') {
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
      await bus.publish({ workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type: 'routing.assigned', payload: { offerId: o.id, interactionId: contactId } }, tx);
      await bus.publish([`interaction:${contactId}`, 'workspace'].map((topic) =>
        ({ workspaceId: this.workspaceId, topic, type: 'interaction.updated', payload: { id: contactId, status: 'active', assigneeId: agentId, queueId: i.queueId } })), tx);
      return true;
    });
    if (!ok) {
      // The offer was withdrawn or the contact left in the meantime: keep the engine's load right.
      const i = await store.findInteraction(db, this.workspaceId, contactId);
      if (!i || i.status !== 'active' || i.assigneeId !== agentId) await this.apply({ type: 'contact_completed', contactId });
    }
  }

  private async agentState(agentId: string, state: AgentStateName, reason: string) {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      await store.writeAgentState(tx, this.workspaceId, agentId, state, reason, now);
      await this.deps.bus.publish({ workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type: 'routing.state', payload: await agentRoutingView(tx, this.workspaceId, agentId, now) }, tx);
      await this.deps.bus.publish({ workspaceId: this.workspaceId, topic: routingTopics.supervisors, type: 'routing.agent_state', payload: { userId: agentId, name: this.agentNames.get(agentId), state, reason, since: now.toISOString() } }, tx);
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
    const c = this.engine.contact(contactId);
    await store.insertEvents(this.deps.db, [{ workspaceId: this.workspaceId, interactionId: contactId, type, at: this.deps.clock.now(), actorType: 'system', queueId: c?.queueId, data }]);
  }

  private publishToAgent(agentId: string, type: string, payload: unknown) {
    return this.deps.bus.publish({ workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type, payload });
  }

  /** Live queue numbers for supervisors and queue positions for waiting customers. */
  private async publishStats() {
    const now = this.now();
    const queues = [...this.queueNames].map(([queueId, name]) => {
      const s = this.engine.queueStats(queueId, now);
      return s ? { queueId, name, waiting: s.waiting, offered: s.offered, longestWaitSeconds: Math.round(s.longestWaitMs / 1000), agents: s.agents } : null;
    }).filter(Boolean);
    await this.deps.bus.publish({ workspaceId: this.workspaceId, topic: routingTopics.supervisors, type: 'routing.queue_stats', payload: { queues } });
    await this.publishPositions(now);
  }

  /** Tells waiting customers (topic `interaction:<id>`) their place in line and estimated wait, when it changed. */
  private async publishPositions(now: number) {
    const waiting = new Set<string>();
    const changes = [];
    for (const c of this.engine.contacts()) {
      if (c.status !== 'waiting') continue;
      waiting.add(c.id);
      if (changes.length >= MAX_POSITIONS_PER_STEP) continue;
      const p = this.engine.position(c.id, now);
      if (!p) continue;
      const payload = { interactionId: c.id, position: p.position, ewtSeconds: p.ewtMs === undefined ? null : Math.round(p.ewtMs / 1000) };
      const sig = `${payload.position}|${payload.ewtSeconds}`;
      if (this.told.get(c.id) === sig) continue;
      this.told.set(c.id, sig);
      changes.push({ workspaceId: this.workspaceId, topic: `interaction:${c.id}`, type: 'routing.position', payload });
    }
    await this.deps.bus.publish(changes);
    for (const id of this.told.keys()) if (!waiting.has(id)) this.told.delete(id);
  }

}
