import { hasRoom, loadRatio } from './capacity.js';
import type { Agent, Channel, SkillRequirement } from './model.js';
import { meetsSkills, skillScore } from './skills.js';
import type { EligibleAgent, Strategy, StrategyContext } from './strategies/types.js';

/** A way into a contact: agents of `queueId` with these skills (own queue after relaxation, or an added queue). */
export interface Target {
  queueId: string;
  skills: readonly SkillRequirement[];
}

/** What the pipeline needs to know about the contact being placed. */
export interface Placement {
  id: string;
  channel: Channel;
  /** The contact's language, or its queue's; agents must speak it. */
  language: string | undefined;
  targets: readonly Target[];
  rejectedBy: ReadonlySet<string>;
  /** Agents who rejected it and may not be offered it before the given time (a subset of rejectedBy). */
  cooling?: ReadonlyMap<string, number>;
  /** The time of the pick (for cooling). */
  now?: number;
  /** Skills scored by best-skill (the own queue's base requirement). */
  scoreSkills: readonly SkillRequirement[];
}

export type MutablePlacement = { -readonly [K in keyof Placement]: Placement[K] };

/** Eligibility: serves one of the targets' queues with its skills, and speaks the language. State is capacity's job. */
export function isEligible(a: Agent, p: Placement): boolean {
  if (p.language !== undefined && !a.languages.has(p.language)) return false;
  for (const t of p.targets) if (a.queueIds.has(t.queueId) && meetsSkills(a.skills, t.skills)) return true;
  return false;
}

export const toEligible = (a: Agent, p: Placement): EligibleAgent => ({
  id: a.id,
  idleSince: a.idleSince,
  lastOfferedAt: a.lastOfferedAt,
  loadRatio: loadRatio(a, p.channel),
  totalLoad: a.totalLoad,
  skillScore: skillScore(a.skills, p.scoreSkills),
});

/** Scratch candidates reused across calls: selectors only read them during `select`, never keep them. */
class CandidateBuffer {
  readonly list: EligibleAgent[] = [];
  private readonly pool: EligibleAgent[] = [];
  private n = 0;

  reset(): void {
    this.n = 0;
  }

  get length() {
    return this.n;
  }

  add(a: Agent, p: Placement): void {
    let e = this.pool[this.n];
    if (e === undefined) {
      e = toEligible(a, p);
      this.pool.push(e);
    } else {
      e.id = a.id;
      e.idleSince = a.idleSince;
      e.lastOfferedAt = a.lastOfferedAt;
      e.loadRatio = loadRatio(a, p.channel);
      e.totalLoad = a.totalLoad;
      e.skillScore = skillScore(a.skills, p.scoreSkills);
    }
    this.n++;
  }

  /** The candidates added since the last reset, as an array of exactly that length. */
  view(): readonly EligibleAgent[] {
    const list = this.list;
    const n = this.n;
    for (let i = 0; i < n; i++) list[i] = this.pool[i];
    if (list.length !== n) list.length = n;
    return list;
  }
}

const fresh = new CandidateBuffer();
const rejectedAgents: Agent[] = [];

/**
 * The routing pipeline: eligibility -> capacity -> selector. Agents who rejected or missed this contact
 * are only considered when nobody else can take it now.
 */
export function pickAgent(pool: Iterable<Agent>, p: Placement, strategy: Strategy, ctx: StrategyContext): string | undefined {
  startPick();
  for (const a of pool) consider(a, p);
  return finishPick(p, strategy, ctx);
}

// pickAgent in three steps, for callers that walk their pool themselves: startPick, consider each
// agent, finishPick. One pick at a time (the buffers are shared).
let nRejected = 0;

export function startPick(): void {
  fresh.reset();
  nRejected = 0;
}

/** Capacity and eligibility for one agent of the pool; a candidate goes to the fresh or rejected side. */
export function consider(a: Agent, p: Placement): void {
  if (!hasRoom(a, p.channel) || !isEligible(a, p)) return;
  if (p.rejectedBy.size > 0 && p.rejectedBy.has(a.id)) turnedDown(a, p);
  else fresh.add(a, p);
}

/** An agent who rejected or missed the contact: a last resort, and not at all while cooling down. */
function turnedDown(a: Agent, p: Placement): void {
  if (p.cooling !== undefined && (p.cooling.get(a.id) ?? -Infinity) > (p.now ?? Infinity)) return;
  rejectedAgents[nRejected++] = a;
}

/** `consider` for an agent known to have room on the placement's channel. */
export function considerWithRoom(a: Agent, p: Placement): void {
  if (!isEligible(a, p)) return;
  if (p.rejectedBy.size > 0 && p.rejectedBy.has(a.id)) turnedDown(a, p);
  else fresh.add(a, p);
}

export function finishPick(p: Placement, strategy: Strategy, ctx: StrategyContext): string | undefined {
  if (fresh.length === 0) {
    // Only now are the agents who turned it down worth describing to the selector.
    for (let i = 0; i < nRejected; i++) fresh.add(rejectedAgents[i], p);
  }
  for (let i = 0; i < nRejected; i++) rejectedAgents[i] = undefined as unknown as Agent;
  nRejected = 0;
  return strategy.select(fresh.view(), p, ctx);
}
