import { hasRoom } from './capacity.js';
import type { Agent, Channel, Contact } from './model.js';
import { compareAcross, effectivePriority } from './ordering.js';
import { type MutablePlacement, pickAgent } from './pipeline.js';
import type { RouterState } from './router-state.js';
import { meetsSkills } from './skills.js';
import { type StrategyContext, strategies } from './strategies/index.js';

// Matching only looks at what changed. An agent who got room takes the best head among the lines it
// can serve; a contact that came (back) into line is placed by its queue's strategy among the ready
// agents of its queues. Between events no eligible agent with room sits idle while a contact waits.

/** The best waiting contact this agent may take now: held for it first, then the best line head. */
export function bestContactFor(s: RouterState, a: Agent): Contact | undefined {
  let best: Contact | undefined;
  let bestP = 0;
  for (const c of s.held.get(a.id) ?? []) {
    if (!hasRoom(a, c.channel)) continue;
    const p = effectivePriority(c, s.queueOf(c).priority, s.queueOf(c).agingPerMinute, s.now) + (c.forcedAgentId ? 1e12 : 0);
    if (!best || compareAcross(c, p, best, bestP) < 0) [best, bestP] = [c, p];
  }
  if (best) return best;
  for (const ch in a.capacity) {
    if (!hasRoom(a, ch as Channel)) continue;
    for (const qid of a.queueIds) {
      const lines = s.waiting.linesFor(qid, ch as Channel);
      if (!lines) continue;
      for (const line of lines) {
        if (line.language !== undefined && !a.languages.has(line.language)) continue;
        const origin = s.queues.get(line.originQueueId)!;
        const skills = line.relaxLevel < 0 ? s.queues.get(line.targetQueueId)!.requiredSkills : origin.relaxed[line.relaxLevel];
        if (!meetsSkills(a.skills, skills)) continue;
        const head = line.list.first()!;
        const p = effectivePriority(head, origin.priority, origin.agingPerMinute, s.now);
        if (!best || compareAcross(head, p, best, bestP) < 0) [best, bestP] = [head, p];
      }
    }
  }
  return best;
}

// Scratch objects for agentFor: the pipeline and selectors read them during the call and keep nothing.
const NOBODY: readonly Agent[] = [];
const NO_ONE: ReadonlySet<string> = new Set();
const placement: MutablePlacement = { id: '', channel: 'voice', language: undefined, targets: [], rejectedBy: NO_ONE, scoreSkills: [] };
const ctx: StrategyContext = { queueId: '', now: 0, lastPicked: undefined };

/** The agent a waiting contact should be offered to now, through the pipeline and its queue's strategy. */
export function agentFor(s: RouterState, c: Contact): Agent | undefined {
  if (c.heldFor) {
    const a = s.agents.get(c.heldFor);
    return a && hasRoom(a, c.channel) ? a : undefined;
  }
  const p = s.fillPlacement(placement, c);
  let pool: Iterable<Agent>;
  if (p.targets.length === 1) pool = s.readyFor(p.targets[0].queueId, c.channel) ?? NOBODY;
  else {
    const union = new Set<Agent>();
    for (const t of p.targets) for (const a of s.readyFor(t.queueId, c.channel) ?? NOBODY) union.add(a);
    pool = union;
  }
  const q = s.queueOf(c);
  ctx.queueId = q.id;
  ctx.now = s.now;
  ctx.lastPicked = s.lastPicked.get(q.id);
  const id = pickAgent(pool, p, strategies[q.strategy], ctx);
  placement.rejectedBy = NO_ONE;
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
    const list: Contact[] = [];
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
  }
}
