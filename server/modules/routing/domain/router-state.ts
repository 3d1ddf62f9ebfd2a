import { hasRoom } from './capacity.js';
import type { Decision, RevokeReason } from './decisions.js';
import type { Agent, Channel, Contact, Queue, SkillRequirement } from './model.js';
import { rankOf } from './ordering.js';
import type { MutablePlacement, Placement, Target } from './pipeline.js';
import { TimerHeap } from './timer-heap.js';
import { type Bucket, type BucketSpec, WaitingIndex } from './waiting-index.js';

/** A timer's payload. `live`: still in the heap; `dead`: cancelled (skipped when due, pruned in bulk). */
export type TimerValue = (
  | { kind: 'offer'; contactId: string; seq: number }
  | { kind: 'step'; contactId: string; epoch: number; stepIndex: number }
  | { kind: 'max_wait'; contactId: string; epoch: number }
  | { kind: 'preferred'; contactId: string; epoch: number }
  | { kind: 'cooldown'; contactId: string; epoch: number }
  | { kind: 'acw'; agentId: string }
) & { live?: boolean; dead?: boolean };

/** Cancelled timers are pruned from the heap once there are this many and they are half of it. */
const PRUNE_AT = 2048;

/** One agent's place in one queue's ready list for one channel (`pos` = index there, -1 when out). */
interface ReadyEntry {
  agent: Agent;
  pos: number;
}

/**
 * Agents of one queue with room on one channel: a dense array with swap-removal, so joining and
 * leaving are O(1) and allocate nothing. Order carries no meaning (selectors do not depend on it).
 */
export class ReadyList {
  readonly entries: ReadyEntry[] = [];

  get size() {
    return this.entries.length;
  }

  add(e: ReadyEntry): void {
    if (e.pos >= 0) return;
    e.pos = this.entries.length;
    this.entries.push(e);
  }

  delete(e: ReadyEntry): void {
    const i = e.pos;
    if (i < 0) return;
    const last = this.entries.pop()!;
    if (last !== e) {
      this.entries[i] = last;
      last.pos = i;
    }
    e.pos = -1;
  }

  *[Symbol.iterator](): IterableIterator<Agent> {
    for (const e of this.entries) yield e.agent;
  }
}

/** One channel of an agent: its entries in the ready lists of its queues, and the lines it may serve. */
export interface ReadySlot {
  channel: Channel;
  lists: ReadyList[];
  entries: ReadyEntry[];
  /** Per queue of the agent (same order as `queueIds`): the live set of waiting lines on this channel. */
  lines: ReadonlySet<Bucket>[];
  /** Whether the agent has room on this channel (hasRoom), as of its last change. */
  room: boolean;
}

/** A queue with its relaxed skill sets precomputed (index = relax level). */
export interface QueueEntry extends Queue {
  relaxed: SkillRequirement[][];
  /** The own-queue target of each relax level, shared by every contact at that level (read only). */
  ownTargets: readonly Target[][];
  /** Handle-time sample keys (`queue|channel`), built once per channel. */
  handleTimeKeys: Partial<Record<Channel, string>>;
}

/** Builds a queue's entry: relaxed skill sets and the targets they make, computed once per upsert. */
export function queueEntry(q: Queue, relaxed: SkillRequirement[][]): QueueEntry {
  return { ...q, relaxed, ownTargets: relaxed.map((skills) => [{ queueId: q.id, skills }]), handleTimeKeys: {} };
}

/** The key under which handle times of a queue and channel are kept (see ewt.ts). */
export function handleTimeKey(q: QueueEntry, ch: Channel): string {
  return (q.handleTimeKeys[ch] ??= `${q.id}|${ch}`);
}

/**
 * The engine's memory and its indexes, with the primitive moves that keep them consistent. Each move
 * records what it made "dirty" (agents that may now take work, contacts that may now be offered);
 * matching.ts turns those into offers.
 */
export class RouterState {
  readonly queues = new Map<string, QueueEntry>();
  readonly agents = new Map<string, Agent>();
  readonly contacts = new Map<string, Contact>();
  readonly waiting = new WaitingIndex();
  /** queue -> agents serving it */
  readonly members = new Map<string, Set<Agent>>();
  /** queue -> channel -> members that are available with room on that channel */
  readonly ready = new Map<string, Map<Channel, ReadyList>>();
  /** agent -> its ready lists per channel and whether it is in them */
  private readonly readySlots = new Map<Agent, ReadySlot[]>();
  /** agent -> waiting contacts held for that agent (forced or preferred) */
  readonly held = new Map<string, Set<Contact>>();
  /** queue -> its waiting and offered contacts */
  readonly inQueue = new Map<string, Set<Contact>>();
  readonly timers = new TimerHeap<TimerValue>();
  readonly lastPicked = new Map<string, string>();
  readonly dirtyAgents = new Set<Agent>();
  readonly dirtyContacts = new Set<Contact>();
  out: Decision[] = [];
  now = 0;
  /** How long an agent who turned a contact down is not offered it again (then only if nobody else can take it). */
  rejectCooldownMs = 30_000;
  private seq = 0;
  private offerSeq = 0;
  private deadTimers = 0;

  /** Schedules a timer; the contact-bound ones are remembered on the contact so they can be cancelled. */
  addTimer(at: number, t: TimerValue): TimerValue {
    t.live = true;
    this.timers.push(at, t);
    return t;
  }

  /** The next due timer that was not cancelled, if any. */
  popDueTimer(now: number): TimerValue | undefined {
    for (let t = this.timers.popDueValue(now); t !== undefined; t = this.timers.popDueValue(now)) {
      t.live = false;
      if (t.dead !== true) return t;
      this.deadTimers--;
    }
    return undefined;
  }

  /** Cancels a timer that is no longer wanted (its offer ended, its contact left the queue). */
  cancelTimer(t: TimerValue | undefined): void {
    if (t === undefined || t.live !== true || t.dead === true) return;
    t.dead = true;
    if (++this.deadTimers >= PRUNE_AT && this.deadTimers * 2 >= this.timers.size) {
      this.timers.prune((v) => v.dead === true);
      this.deadTimers = 0;
    }
  }

  cancelQueueTimers(c: Contact): void {
    const ts = c.queueTimers;
    if (ts.length === 0) return;
    for (let i = 0; i < ts.length; i++) this.cancelTimer(ts[i] as TimerValue);
    ts.length = 0;
  }

  /** Whether `agentId` turned this contact down so recently that it must not be offered it now. */
  cooling(c: Contact, agentId: string): boolean {
    const until = c.cooling?.get(agentId);
    return until !== undefined && until > this.now;
  }

  /** The agent turned the contact down: not offered it again for a while (see rejectCooldownMs). */
  coolDown(c: Contact, agentId: string): void {
    if (this.rejectCooldownMs <= 0) return;
    const until = this.now + this.rejectCooldownMs;
    (c.cooling ??= new Map()).set(agentId, until);
    // When it ends the contact is looked at again (the agent may be the only one who can take it).
    c.queueTimers.push(this.addTimer(until, { kind: 'cooldown', contactId: c.id, epoch: c.epoch }));
  }

  nextSeq() {
    return this.seq++;
  }

  queueOf(c: Contact): QueueEntry {
    return this.queues.get(c.queueId)!;
  }

  languageOf(c: Contact): string | undefined {
    return c.language ?? this.queueOf(c).language;
  }

  rankIn(c: Contact): number {
    return rankOf(c.priority, c.enqueuedAt, this.queueOf(c).agingPerMinute);
  }

  // ---- agents -------------------------------------------------------------------------------------

  /** Members of `queueId` with room on `ch` now. */
  readyFor(queueId: string, ch: Channel): ReadyList | undefined {
    return this.ready.get(queueId)?.get(ch);
  }

  /** The agent's channels with their ready entries and lines (kept in step with `refreshReady`). */
  slotsOf(a: Agent): readonly ReadySlot[] | undefined {
    return this.readySlots.get(a);
  }

  /** Re-files the agent in the per-channel ready lists of its queues, touching only channels whose room changed. */
  refreshReady(a: Agent): void {
    const slots = this.readySlots.get(a);
    if (!slots) return;
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k];
      const room = hasRoom(a, slot.channel);
      if (room === slot.room) continue;
      slot.room = room;
      const lists = slot.lists;
      const entries = slot.entries;
      for (let i = 0; i < lists.length; i++) {
        if (room) lists[i].add(entries[i]);
        else lists[i].delete(entries[i]);
      }
    }
  }

  joinQueues(a: Agent): void {
    for (const q of a.queueIds) {
      let set = this.members.get(q);
      if (!set) this.members.set(q, (set = new Set()));
      set.add(a);
    }
    const slots: ReadySlot[] = [];
    for (const ch in a.capacity) {
      const lists: ReadyList[] = [];
      const entries: ReadyEntry[] = [];
      const lines: ReadonlySet<Bucket>[] = [];
      for (const q of a.queueIds) {
        let byCh = this.ready.get(q);
        if (!byCh) this.ready.set(q, (byCh = new Map()));
        let list = byCh.get(ch as Channel);
        if (!list) byCh.set(ch as Channel, (list = new ReadyList()));
        lists.push(list);
        entries.push({ agent: a, pos: -1 });
        lines.push(this.waiting.lineSet(q, ch as Channel));
      }
      slots.push({ channel: ch as Channel, lists, entries, lines, room: false });
    }
    this.readySlots.set(a, slots);
    this.refreshReady(a);
  }

  leaveQueues(a: Agent): void {
    for (const q of a.queueIds) this.members.get(q)?.delete(a);
    for (const slot of this.readySlots.get(a) ?? []) {
      for (let i = 0; i < slot.lists.length; i++) slot.lists[i].delete(slot.entries[i]);
    }
    this.readySlots.delete(a);
  }

  addLoad(a: Agent, ch: Channel, delta: number): void {
    a.load.set(ch, (a.load.get(ch) ?? 0) + delta);
    a.totalLoad += delta;
    if (delta < 0) {
      if (a.totalLoad === 0) a.idleSince = this.now;
      this.dirtyAgents.add(a);
    }
    this.refreshReady(a);
  }

  /** Engine-initiated state change, reported as a decision. Leaving available withdraws pending offers. */
  setState(a: Agent, state: Agent['state'], reason: string | undefined, report?: string): void {
    const was = a.state;
    a.state = state;
    a.reason = reason;
    if (state !== 'after_contact_work') a.acwEndsAt = undefined;
    if (state === 'available' && was !== 'available') {
      a.idleSince = this.now;
      a.missedInRow = 0;
      this.dirtyAgents.add(a);
    }
    if (report) this.out.push({ type: 'agent_state', agentId: a.id, state, reason: report });
    this.refreshReady(a);
    if (state !== 'available') {
      for (const id of [...a.offered]) this.revoke(this.contacts.get(id)!, 'reassigned');
    }
    if (state === 'offline') this.releasePreferred(a);
  }

  // ---- contacts -----------------------------------------------------------------------------------

  /** The agent a waiting contact is held for now: forced, else preferred while it lasts and can serve. */
  holderOf(c: Contact): string | undefined {
    if (c.forcedAgentId) return c.forcedAgentId;
    if (c.preferredAgentId === undefined || c.preferredUntil === undefined || this.now >= c.preferredUntil) return undefined;
    // The preferred agent turned it down: it is not held for them any longer.
    if (c.cooling !== undefined && c.cooling.has(c.preferredAgentId)) return undefined;
    const a = this.agents.get(c.preferredAgentId);
    return a && a.state !== 'offline' && a.queueIds.has(c.queueId) ? a.id : undefined;
  }

  /** The ways agents can reach this contact: its own queue (after relaxation) and any added queues. */
  targetsOf(c: Contact): readonly Target[] {
    const q = this.queueOf(c);
    const own = q.ownTargets[Math.min(c.relaxLevel, q.relaxed.length - 1)];
    if (c.addedQueues.length === 0) return own;
    const t: Target[] = [own[0]];
    for (const id of c.addedQueues) {
      const other = this.queues.get(id);
      if (other && id !== q.id) t.push({ queueId: id, skills: other.requiredSkills });
    }
    return t;
  }

  placementOf(c: Contact): Placement {
    return this.fillPlacement(
      { id: '', channel: 'voice', language: undefined, targets: [], rejectedBy: c.rejectedBy, cooling: undefined, now: 0, scoreSkills: [] },
      c,
    );
  }

  /** The contact's placement written into `p` (matching reuses one object; nothing keeps it). */
  fillPlacement(p: MutablePlacement, c: Contact): Placement {
    const q = this.queueOf(c);
    p.id = c.id;
    p.channel = c.channel;
    p.language = c.language ?? q.language;
    p.targets = this.targetsOf(c);
    p.rejectedBy = c.rejectedBy;
    p.cooling = c.cooling;
    p.now = this.now;
    p.scoreSkills = q.requiredSkills;
    return p;
  }

  /** Puts a waiting contact in its lines (or with the agent holding it) and marks it for matching. */
  place(c: Contact): void {
    c.heldFor = this.holderOf(c);
    if (c.heldFor) {
      let set = this.held.get(c.heldFor);
      if (!set) this.held.set(c.heldFor, (set = new Set()));
      set.add(c);
    } else {
      const q = this.queueOf(c);
      const specs: BucketSpec[] = [{ targetQueueId: q.id, relaxLevel: Math.min(c.relaxLevel, q.relaxed.length - 1) }];
      for (const id of c.addedQueues) if (id !== q.id && this.queues.has(id)) specs.push({ targetQueueId: id, relaxLevel: -1 });
      this.waiting.insert(c, this.languageOf(c), specs);
    }
    this.dirtyContacts.add(c);
  }

  unplace(c: Contact): void {
    if (c.heldFor) {
      this.held.get(c.heldFor)?.delete(c);
      c.heldFor = undefined;
    } else this.waiting.remove(c);
  }

  /** Re-files a waiting contact after something that decides its lines changed. */
  replace(c: Contact): void {
    if (c.status !== 'waiting') return;
    this.unplace(c);
    this.place(c);
  }

  releasePreferred(a: Agent): void {
    for (const c of [...(this.held.get(a.id) ?? [])]) if (!c.forcedAgentId) this.replace(c);
  }

  offer(c: Contact, a: Agent): void {
    const held = c.heldFor !== undefined;
    this.unplace(c);
    const q = this.queueOf(c);
    const ch: Channel = c.callback ? 'voice' : c.channel;
    const expiresAt = this.now + q.acceptTimeoutMs[ch];
    c.status = 'offered';
    c.offer = { agentId: a.id, expiresAt, seq: this.offerSeq++, timer: undefined };
    a.offered.add(c.id);
    a.lastOfferedAt = this.now;
    this.addLoad(a, c.channel, 1);
    if (!held) this.lastPicked.set(c.queueId, a.id);
    if (c.callback) this.out.push({ type: 'callback_due', contactId: c.id });
    this.out.push({ type: 'offer', contactId: c.id, agentId: a.id, expiresAt });
    c.offer.timer = this.addTimer(expiresAt, { kind: 'offer', contactId: c.id, seq: c.offer.seq });
  }

  /** Ends a pending offer: frees the agent's slot and, unless told otherwise, puts the contact back in line. */
  revoke(c: Contact, reason: RevokeReason | undefined, requeue = true): void {
    const o = c.offer!;
    const a = this.agents.get(o.agentId)!;
    if (reason) this.out.push({ type: 'revoke', contactId: c.id, agentId: a.id, reason });
    a.offered.delete(c.id);
    this.addLoad(a, c.channel, -1);
    this.cancelTimer(o.timer as TimerValue | undefined);
    c.offer = undefined;
    c.status = 'waiting';
    if (requeue) this.requeue(c);
  }

  /** Back in line after an offer: steps and max wait that fell due meanwhile apply now. */
  requeue(c: Contact): void {
    c.status = 'waiting';
    if (!c.forcedAgentId) {
      const q = this.queueOf(c);
      if (q.maxWaitSeconds !== undefined && !c.callback && this.now >= c.queuedAt + q.maxWaitSeconds * 1000) {
        this.expire(c, q.expireAction);
        return;
      }
      let applied = false;
      while (c.stepIndex < q.overflow.length && this.now >= c.queuedAt + q.overflow[c.stepIndex].afterSeconds * 1000) {
        this.applyStep(c, false);
        applied = true;
      }
      if (applied) this.armStep(c);
    }
    this.place(c);
  }

  /** Applies the contact's next overflow step (the caller re-files it). */
  applyStep(c: Contact, refile: boolean): void {
    const q = this.queueOf(c);
    const stepIndex = c.stepIndex++;
    const step = q.overflow[stepIndex];
    if (step.action === 'relax_skills') c.relaxLevel++;
    else if (step.action === 'add_queue') c.addedQueues.push(step.queueId);
    else if (c.callback) return; // already a callback: offering callback/voicemail/message again makes no sense
    this.out.push({ type: 'overflow', contactId: c.id, stepIndex, step });
    if (refile && (step.action === 'relax_skills' || step.action === 'add_queue')) this.replace(c);
  }

  expire(c: Contact, action: Queue['expireAction']): void {
    this.out.push({ type: 'expired', contactId: c.id, action });
    this.forget(c);
  }

  /** Drops a contact that is no longer routed (waiting or offered). */
  forget(c: Contact): void {
    if (c.status === 'waiting') this.unplace(c);
    this.cancelQueueTimers(c);
    this.cancelTimer(c.offer?.timer as TimerValue | undefined);
    this.inQueue.get(c.queueId)?.delete(c);
    this.contacts.delete(c.id);
    this.dirtyContacts.delete(c);
  }

  // ---- timers -------------------------------------------------------------------------------------

  armStep(c: Contact): void {
    const q = this.queueOf(c);
    const step = q.overflow[c.stepIndex];
    if (step) {
      c.queueTimers.push(this.addTimer(c.queuedAt + step.afterSeconds * 1000, { kind: 'step', contactId: c.id, epoch: c.epoch, stepIndex: c.stepIndex }));
    }
  }

  /** Cancels and arms again the timers of a contact's stay (its queue's settings changed). */
  rearmQueueTimers(c: Contact): void {
    this.cancelQueueTimers(c);
    this.armQueueTimers(c);
  }

  /** Timers of a contact's stay in its current queue. */
  armQueueTimers(c: Contact): void {
    const q = this.queueOf(c);
    this.armStep(c);
    if (q.maxWaitSeconds !== undefined) {
      c.queueTimers.push(this.addTimer(c.queuedAt + q.maxWaitSeconds * 1000, { kind: 'max_wait', contactId: c.id, epoch: c.epoch }));
    }
    if (c.preferredUntil !== undefined && c.heldFor && !c.forcedAgentId) {
      c.queueTimers.push(this.addTimer(c.preferredUntil, { kind: 'preferred', contactId: c.id, epoch: c.epoch }));
    }
    if (c.cooling !== undefined) {
      for (const until of c.cooling.values()) {
        if (until > this.now) c.queueTimers.push(this.addTimer(until, { kind: 'cooldown', contactId: c.id, epoch: c.epoch }));
      }
    }
  }

  /** Puts a contact into a queue (arrival or transfer) as waiting. */
  enter(c: Contact, queueId: string): void {
    this.cancelQueueTimers(c);
    c.queueId = queueId;
    c.queuedAt = this.now;
    c.epoch++;
    c.stepIndex = 0;
    c.relaxLevel = 0;
    if (c.addedQueues.length !== 0) c.addedQueues = [];
    if (c.rejectedBy.size !== 0) c.rejectedBy.clear();
    c.cooling = undefined;
    c.rank = this.rankIn(c);
    c.status = 'waiting';
    let set = this.inQueue.get(queueId);
    if (!set) this.inQueue.set(queueId, (set = new Set()));
    set.add(c);
    this.place(c);
    this.armQueueTimers(c);
  }

  /** Takes a contact out of its current queue and off its agent, whatever its status. */
  leave(c: Contact): void {
    if (c.status === 'offered') this.revoke(c, 'reassigned', false);
    else if (c.status === 'assigned') {
      const a = this.agents.get(c.assignedTo!)!;
      a.assigned.delete(c.id);
      this.addLoad(a, c.channel, -1);
      c.assignedTo = undefined;
      c.assignedAt = undefined;
    } else this.unplace(c);
    this.inQueue.get(c.queueId)?.delete(c);
    this.dirtyContacts.delete(c);
  }
}
