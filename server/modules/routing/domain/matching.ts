import { hasRoom } from './capacity.js';
import type { Agent, Contact, SkillRequirement } from './model.js';
import { compareAcross, effectivePriority } from './ordering.js';
import { considerWithRoom, finishPick, type MutablePlacement, pickAgent, startPick } from './pipeline.js';
import type { QueueEntry, RouterState } from './router-state.js';
import type { Bucket } from './waiting-index.js';
import { meetsSkills } from './skills.js';
import { type StrategyContext, strategies } from './strategies/index.js';

// Matching only looks at what changed. An agent who got room takes the best head among the lines it
// can serve; a contact that came (back) into line is placed by its queue's strategy among the ready
// agents of its queues. Between events no eligible agent with room sits idle while a contact waits.

/** The best waiting contact this agent may take now: held for it first, then the best line head. */
export function bestContactFor(s: RouterState, a: Agent): Contact | undefined {
  let best: Contact | undefined;
  let bestP = 0;
  const held = s.held.get(a.id);
  if (held !== undefined && held.size > 0) {
    for (const c of held) {
      if (!hasRoom(a, c.channel)) continue;
      const p = effectivePriority(c, s.queueOf(c).priority, s.queueOf(c).agingPerMinute, s.now) + (c.forcedAgentId ? 1e12 : 0);
      if (!best || compareAcross(c, p, best, bestP) < 0) {
        best = c;
        bestP = p;
      }
    }
    if (best) return best;
  }
  // The agent's channels with room (kept by refreshReady) and, per channel, the lines of its queues.
  // Every line's head is compared under one total order, so the visiting order does not matter.
  const slots = s.slotsOf(a);
  if (slots === undefined) return undefined;
  const now = s.now;
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k];
    if (!slot.room) continue;
    const lineSets = slot.lines;
    for (let i = 0; i < lineSets.length; i++) {
      const lines = lineSets[i];
      if (lines.size === 0) continue;
      for (const line of lines) {
        if (line.language !== undefined && !a.languages.has(line.language)) continue;
        const info = lineInfo(s, line);
        if (!meetsSkills(a.skills, info.skills)) continue;
        let head = line.list.first()!;
        if (head.cooling !== undefined && s.cooling(head, a.id)) {
          // This agent turned the head down a moment ago: the next one in the line is its candidate.
          head = firstNotCooling(s, line, a)!;
          if (head === undefined) continue;
        }
        const p = effectivePriority(head, info.origin.priority, info.origin.agingPerMinute, now);
        if (!best || compareAcross(head, p, best, bestP) < 0) {
          best = head;
          bestP = p;
        }
      }
    }
  }
  return best;
}

function firstNotCooling(s: RouterState, line: Bucket, a: Agent): Contact | undefined {
  for (let i = 1; i < line.list.size; i++) {
    const c = line.list.at(i)!;
    if (c.cooling === undefined || !s.cooling(c, a.id)) return c;
  }
  return undefined;
}

/** What matching needs of a line's queues, cached on the line until queue settings change. */
interface LineInfo {
  origin: QueueEntry;
  skills: readonly SkillRequirement[];
}

function lineInfo(s: RouterState, line: Bucket): LineInfo {
  let info = line.cache as LineInfo | undefined;
  if (info === undefined) {
    const origin = s.queues.get(line.originQueueId)!;
    const skills = line.relaxLevel < 0 ? s.queues.get(line.targetQueueId)!.requiredSkills : origin.relaxed[line.relaxLevel];
    line.cache = info = { origin, skills };
  }
  return info;
}

// Scratch objects for agentFor: the pipeline and selectors read them during the call and keep nothing.
const NOBODY: readonly Agent[] = [];
const NO_ONE: ReadonlySet<string> = new Set();
const placement: MutablePlacement = { id: '', channel: 'voice', language: undefined, targets: [], rejectedBy: NO_ONE, cooling: undefined, now: 0, scoreSkills: [] };
const ctx: StrategyContext = { queueId: '', now: 0, lastPicked: undefined };

/** The agent a waiting contact should be offered to now, through the pipeline and its queue's strategy. */
export function agentFor(s: RouterState, c: Contact): Agent | undefined {
  if (c.heldFor) {
    const a = s.agents.get(c.heldFor);
    return a && hasRoom(a, c.channel) ? a : undefined;
  }
  const p = s.fillPlacement(placement, c);
  const q = s.queueOf(c);
  ctx.queueId = q.id;
  ctx.now = s.now;
  ctx.lastPicked = s.lastPicked.get(q.id);
  let id: string | undefined;
  if (p.targets.length === 1) {
    // The usual case, without building a pool: the ready list of the one queue that can serve it.
    const ready = s.readyFor(p.targets[0].queueId, c.channel);
    startPick();
    if (ready !== undefined) {
      // Being in this list means room on the channel (refreshReady keeps it so after every change of
      // state, load, capacity or blocks), so only eligibility is left to check.
      const entries = ready.entries;
      for (let i = 0; i < entries.length; i++) considerWithRoom(entries[i].agent, p);
    }
    id = finishPick(p, strategies[q.strategy], ctx);
  } else {
    const union = new Set<Agent>();
    for (const t of p.targets) for (const a of s.readyFor(t.queueId, c.channel) ?? NOBODY) union.add(a);
    id = pickAgent(union, p, strategies[q.strategy], ctx);
  }
  placement.rejectedBy = NO_ONE;
  placement.cooling = undefined;
  return id === undefined ? undefined : s.agents.get(id);
}

/** Turns everything marked dirty into offers. */
export function flush(s: RouterState): void {
  while (s.dirtyAgents.size > 0 || s.dirtyContacts.size > 0) {
    for (const a of s.dirtyAgents) {
      s.dirtyAgents.delete(a);
      for (;;) {
        const c = bestContactFor(s, a);
        if (!c) break;
        // Someone it was already offered to gets it again only when nobody else can take it now.
        const to = c.heldFor || !c.rejectedBy.has(a.id) ? a : (agentFor(s, c) ?? a);
        s.offer(c, to);
      }
    }
    if (s.dirtyContacts.size === 0) break;
    const list = dirtyList;
    list.length = 0;
    for (const c of s.dirtyContacts) if (c.status === 'waiting') list.push(c);
    s.dirtyContacts.clear();
    if (list.length > 1) {
      const prio = new Map(list.map((c) => [c, effectivePriority(c, s.queueOf(c).priority, s.queueOf(c).agingPerMinute, s.now)]));
      list.sort((x, y) => compareAcross(x, prio.get(x)!, y, prio.get(y)!));
    }
    for (const c of list) {
      if (c.status !== 'waiting') continue;
      const a = agentFor(s, c);
      if (a) s.offer(c, a);
    }
    list.length = 0;
  }
}

/** flush's worklist, reused (flush never runs inside itself). */
const dirtyList: Contact[] = [];
