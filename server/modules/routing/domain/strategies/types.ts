import type { Channel, StrategyName } from '../model.js';

/** An agent that passed eligibility and capacity, with what selectors may rank on. */
export interface EligibleAgent {
  id: string;
  idleSince: number;
  lastOfferedAt: number;
  /** Load over capacity on the contact's channel, 0..1. */
  loadRatio: number;
  totalLoad: number;
  /** Sum of the agent's levels on the queue's required skills. */
  skillScore: number;
}

export interface SelectorContact {
  id: string;
  channel: Channel;
}

export interface StrategyContext {
  queueId: string;
  now: number;
  /** The agent this queue's round robin picked last. */
  lastPicked: string | undefined;
}

/**
 * The last stage of the pipeline (eligibility -> capacity -> selector): choose one of the candidates.
 * Must return a candidate's id, undefined only when there is none, and not depend on candidate order.
 */
export interface Strategy {
  name: StrategyName;
  select(candidates: readonly EligibleAgent[], contact: SelectorContact, ctx: StrategyContext): string | undefined;
}

/** The candidate that sorts first under `cmp` (ties must be broken by id for order independence). */
export function minBy(candidates: readonly EligibleAgent[], cmp: (a: EligibleAgent, b: EligibleAgent) => number) {
  let best: EligibleAgent | undefined;
  for (const c of candidates) if (!best || cmp(c, best) < 0) best = c;
  return best?.id;
}

export const byId = (a: EligibleAgent, b: EligibleAgent) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
