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
  /** Skills scored by best-skill (the own queue's base requirement). */
  scoreSkills: readonly SkillRequirement[];
}

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

/**
 * The routing pipeline: eligibility -> capacity -> selector. Agents who rejected or missed this contact
 * are only considered when nobody else can take it now.
 */
export function pickAgent(pool: Iterable<Agent>, p: Placement, strategy: Strategy, ctx: StrategyContext): string | undefined {
  const fresh: EligibleAgent[] = [];
  const rejected: EligibleAgent[] = [];
  for (const a of pool) {
    if (!hasRoom(a, p.channel) || !isEligible(a, p)) continue;
    (p.rejectedBy.has(a.id) ? rejected : fresh).push(toEligible(a, p));
  }
  return strategy.select(fresh.length > 0 ? fresh : rejected, p, ctx);
}
