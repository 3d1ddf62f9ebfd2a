import type { Decision } from './decisions.js';
import type { RoutingEvent } from './events.js';
import { HandleTimes } from './ewt.js';
import { flush } from './matching.js';
import {
  type Agent,
  type AgentInput,
  type Contact,
  type ContactInput,
  DEFAULT_BLOCKS,
  normalizeQueue,
  type QueueInput,
  RoutingError,
} from './model.js';
import { type ContactPosition, positionOf, type QueueStats, queueStats } from './queries.js';
import { handleTimeKey, type QueueEntry, queueEntry, RouterState, type TimerValue } from './router-state.js';
import { relaxedSkills } from './skills.js';

export interface EngineOptions {
  /** Handle time assumed for EWT before a queue has history (default 4 minutes). */
  defaultHandleTimeMs?: number;
  /**
   * An agent who rejects a contact is not offered it again for this long, even when nobody else can
   * take it (default 30 s); after that, only when nobody else can. 0 turns the cool-down off.
   */
  rejectCooldownMs?: number;
}

/**
 * The ACD: events in, decisions out. Pure and single-threaded; the caller passes the time with every
 * call and applies the returned decisions in order. Timers that fell due run before each event.
 */
export class RoutingEngine {
  private readonly s = new RouterState();
  private readonly handleTimes: HandleTimes;

  constructor(options: EngineOptions = {}) {
    this.handleTimes = new HandleTimes(options.defaultHandleTimeMs ?? 240_000);
    if (options.rejectCooldownMs !== undefined) this.s.rejectCooldownMs = options.rejectCooldownMs;
  }

  /** Applies one event at `now` (ms epoch) and returns the decisions it led to, in order. */
  apply(event: RoutingEvent, now: number): Decision[] {
    const s = this.s;
    s.out = [];
    s.now = now;
    this.runTimers(now);
    this.handle(event);
    flush(s);
    return s.out;
  }

  /** When the next timer falls due (for the service to schedule a tick), if any. */
  nextTimerAt(): number | undefined {
    return this.s.timers.peekAt();
  }

  /** Queue position (1 = next) and estimated wait of a waiting or offered contact. */
  position(contactId: string, now: number): ContactPosition | undefined {
    const c = this.s.contacts.get(contactId);
    return c ? positionOf(this.s, this.handleTimes, c, now) : undefined;
  }

  /** Waiting and offered counts, longest wait and agents by state for one queue. */
  queueStats(queueId: string, now: number): QueueStats | undefined {
    return this.s.queues.has(queueId) ? queueStats(this.s, queueId, now) : undefined;
  }

  /** The contact as the engine sees it (read only; do not mutate). */
  contact(id: string): Readonly<Contact> | undefined {
    return this.s.contacts.get(id);
  }

  agent(id: string): Readonly<Agent> | undefined {
    return this.s.agents.get(id);
  }

  contacts(): IterableIterator<Readonly<Contact>> {
    return this.s.contacts.values();
  }

  agents(): IterableIterator<Readonly<Agent>> {
    return this.s.agents.values();
  }

  // ---- timers -------------------------------------------------------------------------------------

  private runTimers(now: number): void {
    const s = this.s;
    for (let t = s.popDueTimer(now); t !== undefined; t = s.popDueTimer(now)) {
      this.onTimer(t);
      flush(this.s);
    }
  }

  private onTimer(t: TimerValue): void {
    const s = this.s;
    if (t.kind === 'acw') {
      const a = s.agents.get(t.agentId);
      if (a && a.state === 'after_contact_work' && a.acwEndsAt !== undefined && a.acwEndsAt <= s.now) {
        s.setState(a, 'available', undefined, 'acw_ended');
      }
      return;
    }
    const c = s.contacts.get(t.contactId);
    if (!c) return;
    switch (t.kind) {
      case 'offer': {
        if (c.status !== 'offered' || c.offer!.seq !== t.seq) return;
        c.offer!.timer = undefined; // it just fired
        const a = s.agents.get(c.offer!.agentId)!;
        c.rejectedBy.add(a.id);
        a.missedInRow++;
        const limit = s.queueOf(c).maxMissedOffers;
        s.revoke(c, 'timeout');
        if (a.missedInRow >= limit && a.state === 'available') s.setState(a, 'away', 'missed_offers', 'missed_offers');
        return;
      }
      case 'step':
        if (c.epoch !== t.epoch || c.stepIndex !== t.stepIndex || c.status !== 'waiting' || c.forcedAgentId) return;
        s.applyStep(c, true);
        s.armStep(c);
        return;
      case 'max_wait':
        if (c.epoch !== t.epoch || c.status !== 'waiting' || c.callback || c.forcedAgentId) return;
        s.expire(c, s.queueOf(c).expireAction);
        return;
      case 'preferred':
        if (c.epoch === t.epoch && c.status === 'waiting' && c.heldFor && !c.forcedAgentId) s.replace(c);
        return;
      case 'cooldown':
        // An agent's cool-down ended: it may be the only one who can take the contact.
        if (c.epoch === t.epoch && c.status === 'waiting') s.dirtyContacts.add(c);
        return;
    }
  }

  // ---- events -------------------------------------------------------------------------------------

  private handle(e: RoutingEvent): void {
    switch (e.type) {
      case 'tick':
        return;
      case 'queue_upserted':
        return this.upsertQueue(e.queue);
      case 'agent_upserted':
        return this.upsertAgent(e.agent);
      case 'agent_state_changed': {
        const a = this.s.agents.get(e.agentId);
        if (!a) throw new RoutingError('unknown_agent', `unknown agent ${e.agentId}`);
        this.s.setState(a, e.state, e.reason);
        return;
      }
      case 'contact_queued':
        return this.queueContact(e.contact);
      case 'contact_abandoned':
        return this.removeContact(e.contactId, 'abandoned');
      case 'contact_completed':
        return this.removeContact(e.contactId, 'reassigned');
      case 'assignment_failed':
        return this.removeContact(e.contactId, 'abandoned', false);
      case 'offer_accepted':
        return this.accept(e.contactId, e.agentId);
      case 'offer_rejected': {
        const c = this.s.contacts.get(e.contactId);
        if (!c || c.status !== 'offered' || c.offer!.agentId !== e.agentId) return;
        c.rejectedBy.add(e.agentId);
        this.s.coolDown(c, e.agentId);
        this.s.revoke(c, undefined);
        return;
      }
      case 'contact_transferred':
        return this.transfer(e.contactId, e.toQueueId, e.toAgentId);
      case 'force_assign':
        return this.forceAssign(e.contactId, e.agentId);
      case 'callback_requested':
        return this.requestCallback(e.contactId);
    }
  }

  private upsertQueue(input: QueueInput): void {
    const s = this.s;
    const q = normalizeQueue(input);
    const levels = q.overflow.filter((st) => st.action === 'relax_skills').length;
    const entry: QueueEntry = queueEntry(q, Array.from({ length: levels + 1 }, (_, i) => relaxedSkills(q, i)));
    const existed = s.queues.has(q.id);
    s.queues.set(q.id, entry);
    s.waiting.clearCaches();
    if (!existed) return;
    // Re-file everything that depends on this queue's settings: its own contacts, and others widened into it.
    for (const c of [...(s.inQueue.get(q.id) ?? [])]) {
      if (c.status === 'waiting') s.unplace(c);
      c.rank = s.rankIn(c);
      c.stepIndex = Math.min(c.stepIndex, q.overflow.length);
      const applied = q.overflow.slice(0, c.stepIndex);
      c.relaxLevel = applied.filter((st) => st.action === 'relax_skills').length;
      c.addedQueues = applied.flatMap((st) => (st.action === 'add_queue' ? [st.queueId] : []));
      c.epoch++;
      s.rearmQueueTimers(c);
      if (c.status === 'waiting') s.place(c);
    }
    for (const line of [...s.waiting.allLinesFor(q.id)]) {
      if (line.originQueueId !== q.id) for (const c of line.list) s.dirtyContacts.add(c);
    }
  }

  private upsertAgent(input: AgentInput): void {
    const s = this.s;
    let a = s.agents.get(input.id);
    const skills = input.skills instanceof Map ? new Map(input.skills) : new Map(Object.entries(input.skills ?? {}));
    if (!a) {
      a = {
        id: input.id,
        state: input.state ?? 'offline',
        reason: undefined,
        skills,
        languages: new Set(input.languages ?? []),
        capacity: { ...input.capacity },
        queueIds: new Set(input.queueIds),
        blocks: input.blocks ?? DEFAULT_BLOCKS,
        load: new Map(),
        totalLoad: 0,
        idleSince: s.now,
        lastOfferedAt: 0,
        missedInRow: 0,
        acwEndsAt: undefined,
        offered: new Set(),
        assigned: new Set(),
      };
      s.agents.set(a.id, a);
    } else {
      s.leaveQueues(a);
      a.skills = skills;
      a.languages = new Set(input.languages ?? []);
      a.capacity = { ...input.capacity };
      a.queueIds = new Set(input.queueIds);
      a.blocks = input.blocks ?? DEFAULT_BLOCKS;
      s.releasePreferred(a);
    }
    s.joinQueues(a);
    s.dirtyAgents.add(a);
  }

  private queueContact(input: ContactInput): void {
    const s = this.s;
    const q = s.queues.get(input.queueId);
    if (!q) throw new RoutingError('unknown_queue', `unknown queue ${input.queueId}`);
    if (s.contacts.has(input.id)) throw new RoutingError('duplicate_contact', `contact ${input.id} is already routed`);
    if (!q.open && q.closedAction !== 'queue') {
      s.out.push({ type: 'expired', contactId: input.id, action: q.closedAction });
      return;
    }
    const c: Contact = {
      id: input.id,
      queueId: q.id,
      channel: input.callback ? 'voice' : input.channel,
      priority: input.priority ?? 0,
      enqueuedAt: input.enqueuedAt ?? s.now,
      queuedAt: s.now,
      language: input.language,
      preferredAgentId: input.preferredAgentId,
      preferredUntil: input.preferredUntil,
      forcedAgentId: input.forcedAgentId,
      heldFor: undefined,
      status: 'waiting',
      offer: undefined,
      assignedTo: undefined,
      assignedAt: undefined,
      rejectedBy: new Set(),
      cooling: undefined,
      queueTimers: [],
      callback: input.callback ?? false,
      stepIndex: 0,
      relaxLevel: 0,
      addedQueues: [],
      seq: s.nextSeq(),
      rank: 0,
      epoch: 0,
    };
    s.contacts.set(c.id, c);
    s.enter(c, q.id);
  }

  private accept(contactId: string, agentId: string): void {
    const s = this.s;
    const c = s.contacts.get(contactId);
    if (!c || c.status !== 'offered' || c.offer!.agentId !== agentId) return;
    const a = s.agents.get(agentId)!;
    a.offered.delete(c.id);
    a.assigned.add(c.id);
    a.missedInRow = 0;
    s.cancelTimer(c.offer!.timer as TimerValue | undefined);
    c.status = 'assigned';
    c.offer = undefined;
    c.assignedTo = a.id;
    c.assignedAt = s.now;
    s.inQueue.get(c.queueId)?.delete(c);
    s.out.push({ type: 'assigned', contactId: c.id, agentId: a.id });
  }

  /** The contact leaves routing: completed by its agent, or the customer left. */
  private removeContact(contactId: string, revokeReason: 'abandoned' | 'reassigned', handled = true): void {
    const s = this.s;
    const c = s.contacts.get(contactId);
    if (!c) return;
    if (c.status === 'assigned' && !handled) {
      s.leave(c);
      s.contacts.delete(c.id);
      return;
    }
    if (c.status === 'assigned') {
      const a = s.agents.get(c.assignedTo!)!;
      const q = s.queueOf(c);
      this.handleTimes.record(handleTimeKey(q, c.channel), s.now - c.assignedAt!);
      s.leave(c);
      s.contacts.delete(c.id);
      this.startAfterContactWork(a, q.afterContactWorkSeconds);
      return;
    }
    if (c.status === 'offered') s.revoke(c, revokeReason, false);
    s.forget(c);
  }

  private startAfterContactWork(a: Agent, seconds: number): void {
    const s = this.s;
    if (seconds <= 0) return;
    const until = s.now + seconds * 1000;
    if (a.state === 'available') {
      s.setState(a, 'after_contact_work', 'after_contact_work', 'contact_completed');
      a.acwEndsAt = until;
    } else if (a.state === 'after_contact_work' && a.acwEndsAt !== undefined) a.acwEndsAt = Math.max(a.acwEndsAt, until);
    else return;
    s.addTimer(a.acwEndsAt!, { kind: 'acw', agentId: a.id });
  }

  private transfer(contactId: string, toQueueId: string | undefined, toAgentId: string | undefined): void {
    const s = this.s;
    const c = s.contacts.get(contactId);
    if (!c) return;
    const queueId = toQueueId ?? c.queueId;
    if (!s.queues.has(queueId)) throw new RoutingError('unknown_queue', `unknown queue ${queueId}`);
    if (toAgentId !== undefined && !s.agents.has(toAgentId)) throw new RoutingError('unknown_agent', `unknown agent ${toAgentId}`);
    s.leave(c);
    c.forcedAgentId = toAgentId;
    c.preferredAgentId = undefined;
    c.preferredUntil = undefined;
    s.enter(c, queueId);
  }

  private forceAssign(contactId: string, agentId: string): void {
    const s = this.s;
    const c = s.contacts.get(contactId);
    if (!c) return;
    if (!s.agents.has(agentId)) throw new RoutingError('unknown_agent', `unknown agent ${agentId}`);
    if (c.status === 'assigned') {
      if (c.assignedTo !== agentId) this.transfer(contactId, undefined, agentId);
      return;
    }
    if (c.status === 'offered') {
      if (c.offer!.agentId === agentId) {
        c.forcedAgentId = agentId;
        return;
      }
      s.revoke(c, 'reassigned', false);
    } else s.unplace(c);
    c.forcedAgentId = agentId;
    s.place(c);
  }

  private requestCallback(contactId: string): void {
    const s = this.s;
    const c = s.contacts.get(contactId);
    if (!c || c.status === 'assigned' || c.callback) return;
    if (c.status === 'offered') s.revoke(c, 'reassigned', false);
    else s.unplace(c);
    c.callback = true;
    c.channel = 'voice';
    s.place(c);
  }
}
