import { and, eq } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';
import type { EventBus, RealtimeEvent } from '../../platform/realtime/index.js';
import { readQueueSettings } from '../queues/index.js';
import { RoutingEngine, type RoutingEvent } from './domain/index.js';
import { agentInput, contactInput, queueInput } from './engine-input.js';
import { routingOffers, type AgentStateName } from './schema.js';
import * as store from './store.js';
import { routingTopics, type RoutingCommand } from './events.js';
import { DecisionWriter, type WriterDecision } from './writer.js';

export interface RouterDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  /** Offers that left `pending` (accepted, revoked, ...), for accept requests waiting in this process. */
  offersResolved?: (workspaceId: string, offers: Map<string, string>) => void;
}

const CONFIG_SYNC_MS = 5_000;
const STATS_EVERY_MS = 1_000;
const MAX_POSITIONS_PER_STEP = 200;

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
  private batch?: WriterDecision[];
  /** Rows and last agents read in one query for a batch of bus events. */
  private prefetched = new Map<string, store.RoutedInteraction>();
  private lastAgents?: Map<string, string>;
  private queueNames = new Map<string, string>();
  private preferredSeconds = new Map<string, number>();
  private agentNames = new Map<string, string>();
  /** What the engine was last told of each queue and agent, so a resync only sends changes. */
  private known = new Map<string, string>();
  /** Last position told to each waiting contact, so only changes are published. */
  private told = new Map<string, string>();

  private writer: DecisionWriter;

  constructor(private deps: RouterDeps, readonly workspaceId: string) {
    this.writer = new DecisionWriter(deps, workspaceId, {
      contact: (id) => this.engine.contact(id),
      agentName: (id) => this.agentNames.get(id),
      feedback: (event) => this.apply(event),
      resolved: (offers) => deps.offersResolved?.(workspaceId, offers),
    });
  }

  private now() {
    return this.deps.clock.now().getTime();
  }

  async start() {
    this.cursor = this.deps.bus.watermark();
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
    else await this.writer.executeAll(decisions);
  }

  private schedule() {
    clearTimeout(this.timer);
    const next = this.engine.nextTimerAt();
    if (next === undefined || this.stopped) return;
    this.timer = setTimeout(() => this.enqueue(async () => {
      await this.writer.executeAll(this.engine.apply({ type: 'tick' }, this.now()));
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
    for (const o of stale) await this.writer.publishToAgent(o.agentId, 'routing.offer_revoked', { offerId: o.id, interactionId: o.interactionId, reason: 'reassigned' });
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
    await this.writer.executeAll(decisions);
    await this.afterStep();
  }

  private async queueContact(i: store.RoutedInteraction) {
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
        await this.writer.executeAll(decisions);
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
    for (const r of rows) this.prefetched.set(r.id, r);
    const queued = rows.filter((r) => r.status === 'queued' && (this.preferredSeconds.get(r.queueId ?? '') ?? 0) > 0);
    if (queued.length) this.lastAgents = await store.lastAgentsOf(this.deps.db, this.workspaceId, queued);
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
          // Recorded before the engine's next decisions about this contact (the re-offer), in the same batch.
          const rejected: WriterDecision = { type: 'rejected', contactId: c.contactId, agentId: c.agentId };
          if (this.batch) this.batch.push(rejected);
          else await this.writer.executeAll([rejected]);
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
    const i = this.prefetched.get(id) ?? (await store.findInteraction(this.deps.db, this.workspaceId, id));
    const known = this.engine.contact(id);
    if (!i) return;
    if (i.status === 'queued') {
      if (!known) await this.queueContact(i);
    } else if (known) {
      if (i.status === 'wrap_up' || i.status === 'closed') {
        await this.apply(known.status === 'assigned' ? { type: 'contact_completed', contactId: id } : { type: 'contact_abandoned', contactId: id });
      } else if (i.status === 'active' && known.status === 'assigned' && known.offer?.agentId === i.assigneeId) {
        // Our own assignment coming back around.
      } else if (known.status === 'assigned' && i.status === 'abandoned') {
        // The customer left while the accept was being written: the agent never handled it.
        await this.apply({ type: 'assignment_failed', contactId: id });
      } else if (i.status !== 'active' || known.status !== 'assigned') {
        await this.apply({ type: 'contact_abandoned', contactId: id });
      }
    }
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
