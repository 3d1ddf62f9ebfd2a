/**
 * One contact's numbers, computed from its events alone (plus the contact row and two settings).
 * The database computes the same facts in `metrics_fact_source` (migration 0003); an integration test
 * runs both on the same events.
 */

export type MetricEvent = {
  type: string;
  at: number;
  queueId?: string | null;
  agentId?: string | null;
  data?: Record<string, unknown> | null;
};

export type ContactInfo = {
  id: string;
  channel: string;
  customerId: string;
  caseId?: string | null;
  reason?: string | null;
  createdAt: number;
};

export type FactSettings = {
  /** An abandon sooner than this after queueing is a short abandon. */
  shortAbandonSeconds: number;
  /** Service level threshold T of the contact's queue. */
  slSeconds: number;
};

export type ContactFact = {
  interactionId: string;
  channel: string;
  customerId: string;
  caseId: string | null;
  reason: string | null;
  createdAt: number;
  queueId: string | null;
  agentId: string | null;
  /** When it counts: first queued, else its first event. Every measure of the contact lands in this interval. */
  arrivedAt: number;
  queuedAt: number | null;
  answeredAt: number | null;
  closedAt: number | null;
  offered: 0 | 1;
  answered: 0 | 1;
  answeredInSl: 0 | 1;
  abandoned: 0 | 1;
  shortAbandoned: 0 | 1;
  /** answered − first queued, for answered contacts (ASA). */
  answerWaitMs: number | null;
  /** Realised wait in queue: until answered or abandoned (longest wait). */
  waitMs: number | null;
  handled: 0 | 1;
  talkMs: number;
  holdMs: number;
  acwMs: number;
  transfers: number;
  escalations: number;
  resolved: 0 | 1;
  rating: number | null;
};

const TAKE = new Set(['accepted', 'assigned']);
const START = new Set(['accepted', 'assigned', 'answered']);

const first = (events: MetricEvent[], pred: (e: MetricEvent) => boolean) => {
  let best: MetricEvent | undefined;
  for (const e of events) if (pred(e) && (!best || e.at < best.at)) best = e;
  return best;
};

/** The facts of one contact from its events in log order. */
export function contactFacts(contact: ContactInfo, events: MetricEvent[], s: FactSettings): ContactFact {
  const queued = first(events, (e) => e.type === 'queued');
  const answered = first(events, (e) => e.type === 'answered');
  const abandoned = first(events, (e) => e.type === 'abandoned');
  const start = first(events, (e) => START.has(e.type));
  const end = first(events, (e) => e.type === 'wrap_up_ended' || e.type === 'closed');
  const wrap = first(events, (e) => e.type === 'wrap_up_started');
  const closed = first(events, (e) => e.type === 'closed');
  const firstAt = events.length ? Math.min(...events.map((e) => e.at)) : contact.createdAt;

  const queuedAt = queued?.at ?? null;
  const offered = queuedAt !== null;
  const isAnswered = offered && !!answered;
  const answerWaitMs = isAnswered ? Math.max(0, answered!.at - queuedAt!) : null;
  const abandonWait = offered && !isAnswered && abandoned ? Math.max(0, abandoned.at - queuedAt!) : null;
  const short = abandonWait !== null && abandonWait < s.shortAbandonSeconds * 1000;

  let talkMs = 0, holdMs = 0, acwMs = 0;
  const handled = !!(start && end && end.at >= start.at);
  if (handled) {
    const holdEnd = wrap?.at ?? end!.at;
    // Hold: each `held` until the next `resumed` (or the end of talk). Re-queue: each transfer until the next take.
    let heldSince: number | null = null, transferredAt: number | null = null, requeueMs = 0;
    for (const e of events) {
      if (e.type === 'held' && heldSince === null) heldSince = e.at;
      else if (e.type === 'resumed' && heldSince !== null) { holdMs += e.at - heldSince; heldSince = null; }
      else if (e.type === 'transferred' && transferredAt === null) transferredAt = e.at;
      else if (TAKE.has(e.type) && transferredAt !== null) { requeueMs += e.at - transferredAt; transferredAt = null; }
    }
    if (heldSince !== null) holdMs += holdEnd - heldSince;
    if (transferredAt !== null) requeueMs += holdEnd - transferredAt;
    talkMs = Math.max(0, holdEnd - start!.at - holdMs - requeueMs);
    acwMs = wrap ? Math.max(0, end!.at - wrap.at) : 0;
  }
  let agentId: string | null = null;
  for (const e of events) if (START.has(e.type) && e.agentId) agentId = e.agentId;
  let rating: number | null = null;
  for (const e of events) {
    const score = e.type === 'rated' ? e.data?.score : undefined;
    if (typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5) rating = score;
  }
  return {
    interactionId: contact.id, channel: contact.channel, customerId: contact.customerId,
    caseId: contact.caseId ?? null, reason: contact.reason ?? null, createdAt: contact.createdAt,
    queueId: queued?.queueId ?? events.find((e) => e.queueId)?.queueId ?? null,
    agentId,
    arrivedAt: queuedAt ?? firstAt,
    queuedAt, answeredAt: answered?.at ?? null, closedAt: closed?.at ?? null,
    offered: offered ? 1 : 0,
    answered: isAnswered ? 1 : 0,
    answeredInSl: isAnswered && answerWaitMs! <= s.slSeconds * 1000 ? 1 : 0,
    abandoned: abandonWait !== null && !short ? 1 : 0,
    shortAbandoned: short ? 1 : 0,
    answerWaitMs,
    waitMs: answerWaitMs ?? abandonWait,
    handled: handled ? 1 : 0,
    talkMs, holdMs, acwMs,
    transfers: events.filter((e) => e.type === 'transferred').length,
    escalations: events.filter((e) => e.type === 'escalated').length,
    resolved: events.some((e) => e.type === 'resolved') ? 1 : 0,
    rating,
  };
}

/**
 * FCR: whether a contact was followed, within `days` of its creation, by another contact of the same
 * customer on the same case or with the same contact reason.
 */
export function isRepeated(c: Pick<ContactFact, 'interactionId' | 'customerId' | 'caseId' | 'reason' | 'createdAt'>, all: Pick<ContactFact, 'interactionId' | 'customerId' | 'caseId' | 'reason' | 'createdAt'>[], days: number) {
  const until = c.createdAt + days * 86_400_000;
  return all.some((y) => y.interactionId !== c.interactionId && y.customerId === c.customerId && y.createdAt > c.createdAt && y.createdAt <= until
    && ((c.caseId !== null && y.caseId === c.caseId) || (c.reason !== null && y.reason === c.reason)));
}
