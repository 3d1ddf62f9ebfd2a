import type { ContactFact } from './facts.js';

/** Additive counters: what a rollup bucket stores, and what any slice of contacts sums to. */
export type Totals = {
  offered: number; answered: number; answeredInSl: number; abandoned: number; shortAbandoned: number;
  answerWaitMs: number; maxWaitMs: number; handled: number; talkMs: number; holdMs: number; acwMs: number;
  transfers: number; escalations: number; resolved: number; fcrResolved: number;
  ratings: number; ratingSum: number; ratingsPositive: number;
};

export const totalKeys = [
  'offered', 'answered', 'answeredInSl', 'abandoned', 'shortAbandoned', 'answerWaitMs', 'maxWaitMs', 'handled', 'talkMs', 'holdMs', 'acwMs',
  'transfers', 'escalations', 'resolved', 'fcrResolved', 'ratings', 'ratingSum', 'ratingsPositive',
] as const satisfies readonly (keyof Totals)[];

export const emptyTotals = (): Totals => Object.fromEntries(totalKeys.map((k) => [k, 0])) as Totals;

/** One contact's contribution to the counters. */
export function contribution(f: ContactFact, repeated: boolean, csatPositiveMin: number): Totals {
  return {
    offered: f.offered, answered: f.answered, answeredInSl: f.answeredInSl, abandoned: f.abandoned, shortAbandoned: f.shortAbandoned,
    answerWaitMs: f.answerWaitMs ?? 0, maxWaitMs: f.waitMs ?? 0, handled: f.handled,
    talkMs: f.talkMs, holdMs: f.holdMs, acwMs: f.acwMs, transfers: f.transfers, escalations: f.escalations,
    resolved: f.resolved, fcrResolved: f.resolved && !repeated ? 1 : 0,
    ratings: f.rating === null ? 0 : 1, ratingSum: f.rating ?? 0, ratingsPositive: f.rating !== null && f.rating >= csatPositiveMin ? 1 : 0,
  };
}

export function addTotals(a: Totals, b: Totals): Totals {
  const out = { ...a };
  for (const k of totalKeys) out[k] = k === 'maxWaitMs' ? Math.max(a[k], b[k]) : a[k] + b[k];
  return out;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
const round = (x: number | null, digits = 1) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export type Kpis = Totals & {
  /** Average speed of answer, seconds. */
  asa: number | null;
  /** Answered within T ÷ (answered + abandoned after the short-abandon threshold), percent. */
  serviceLevel: number | null;
  /** Abandoned ÷ (offered − short abandons), percent. */
  abandonRate: number | null;
  /** Average handle time and its parts per handled contact, seconds. */
  aht: number | null; avgTalk: number | null; avgHold: number | null; avgAcw: number | null;
  longestWait: number;
  fcr: number | null;
  csat: number | null;
  csatMean: number | null;
};

/** The published KPIs from summed counters. */
export function kpis(t: Totals): Kpis {
  const per = (ms: number) => round(ratio(ms / 1000, t.handled));
  const pct = (n: number, d: number) => round(ratio(n * 100, d));
  return {
    ...t,
    asa: round(ratio(t.answerWaitMs / 1000, t.answered)),
    serviceLevel: pct(t.answeredInSl, t.answered + t.abandoned),
    abandonRate: pct(t.abandoned, t.offered - t.shortAbandoned),
    aht: per(t.talkMs + t.holdMs + t.acwMs), avgTalk: per(t.talkMs), avgHold: per(t.holdMs), avgAcw: per(t.acwMs),
    longestWait: Math.round(t.maxWaitMs / 1000),
    fcr: pct(t.fcrResolved, t.resolved),
    csat: pct(t.ratingsPositive, t.ratings),
    csatMean: round(ratio(t.ratingSum, t.ratings), 2),
  };
}
