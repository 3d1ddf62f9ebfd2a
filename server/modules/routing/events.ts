import type { AgentStateName } from './schema.js';
import type { PendingOffer } from './store.js';

/**
 * Commands to the router, published on the private `routing` topic (no client may subscribe to it).
 * Any server process writes them; the process that owns the workspace's routing applies them in order.
 */
export type RoutingCommand =
  | { type: 'agent_state'; agentId: string; state: AgentStateName; reason: string | null }
  | { type: 'accept'; contactId: string; agentId: string; offerId: string }
  | { type: 'reject'; contactId: string; agentId: string; offerId: string }
  | { type: 'transfer'; contactId: string; toQueueId?: string; toAgentId?: string }
  | { type: 'force_assign'; contactId: string; agentId: string }
  | { type: 'callback'; contactId: string }
  | { type: 'config' };

export const routingTopics = {
  commands: 'routing',
  supervisors: 'supervisors',
  user: (id: string) => `user:${id}`,
};

/** Realtime event types of the routing module. */
export const routingEventTypes = ['routing.offer', 'routing.offer_revoked', 'routing.assigned', 'routing.state', 'routing.agent_state', 'routing.queue_stats'] as const;

type OfferFacts = {
  offer: { id: string; interactionId: string; queueId: string | null; offeredAt: Date; expiresAt: Date };
  channel: string; customerName: string; queueName: string | null; enqueuedAt: Date | null;
};

export const offerView = (p: PendingOffer | OfferFacts, now: Date) => ({
  id: p.offer.id, interactionId: p.offer.interactionId, queueId: p.offer.queueId, queueName: p.queueName, channel: p.channel,
  customerName: p.customerName, offeredAt: p.offer.offeredAt.toISOString(), expiresAt: p.offer.expiresAt.toISOString(),
  waitSeconds: p.enqueuedAt ? Math.max(0, Math.round((now.getTime() - p.enqueuedAt.getTime()) / 1000)) : 0,
});
