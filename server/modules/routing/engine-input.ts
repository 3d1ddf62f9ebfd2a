import { isOpen, readQueueSettings } from '../queues/index.js';
import type { queues } from '../queues/schema.js';
import type { AgentInput, Channel, ContactInput, QueueInput } from './domain/index.js';
import type { AgentRow, RoutedInteraction } from './store.js';

type QueueRow = typeof queues.$inferSelect;
type InteractionRow = RoutedInteraction;

/** A stored queue as the engine sees it, open or closed at `now`. */
export function queueInput(q: QueueRow, now: Date): QueueInput {
  const s = readQueueSettings(q.settings);
  return {
    id: q.id,
    strategy: s.strategy,
    channels: q.channels as Channel[],
    requiredSkills: s.requiredSkills,
    language: q.language ?? undefined,
    priority: q.priority,
    acceptTimeoutMs: Object.fromEntries(Object.entries(s.acceptTimeoutSeconds).map(([c, sec]) => [c, sec! * 1000])),
    maxMissedOffers: s.maxMissedOffers,
    agingPerMinute: s.agingPerMinute,
    overflow: s.overflow,
    maxWaitSeconds: s.maxWaitSeconds,
    expireAction: s.expireAction,
    open: isOpen(s.hours, now),
    closedAction: s.closedAction,
    afterContactWorkSeconds: s.afterContactWorkSeconds,
  };
}

/** The queues an agent serves: those whose required skills the agent has (at any level, so relaxation can widen). */
export function agentInput(a: AgentRow, queues: QueueRow[], state?: AgentInput['state']): AgentInput {
  const served = queues.filter((q) => readQueueSettings(q.settings).requiredSkills.every((r) => a.skills[r.skill] !== undefined));
  return {
    id: a.id, skills: a.skills, languages: a.languages, capacity: a.capacity as AgentInput['capacity'],
    queueIds: served.map((q) => q.id), state,
  };
}

/** A queued interaction as the engine sees it. */
export function contactInput(i: InteractionRow, preferred?: { agentId: string; seconds: number }): ContactInput {
  const enqueuedAt = (i.enqueuedAt ?? i.createdAt).getTime();
  return {
    id: i.id, queueId: i.queueId!, channel: i.channel as Channel, priority: i.routingPriority + priorityBoost[i.priority],
    enqueuedAt, language: i.language ?? undefined, callback: i.callbackRequested,
    ...(preferred && preferred.seconds > 0 ? { preferredAgentId: preferred.agentId, preferredUntil: enqueuedAt + preferred.seconds * 1000 } : {}),
  };
}

const priorityBoost: Record<InteractionRow['priority'], number> = { low: -10, normal: 0, high: 10, urgent: 20 };
