export type AgentState = 'available' | 'after_contact_work' | 'away' | 'offline';

export const agentStates: AgentState[] = ['available', 'after_contact_work', 'away', 'offline'];

/** Per channel: how many contacts at once (capacity) and how many now (load). */
export type ChannelCounts = Record<string, number>;

export interface Offer {
  id: string;
  interactionId: string;
  queueId: string;
  queueName: string;
  channel: string;
  customerName: string | null;
  waitSeconds: number;
  offeredAt: string;
  expiresAt: string;
}

export interface RoutingMe {
  state: AgentState;
  reason: string | null;
  since: string;
  capacity: ChannelCounts;
  load: ChannelCounts;
  missedInRow: number;
  offers: Offer[];
}

export interface AgentRow {
  userId: string;
  name: string;
  state: AgentState;
  reason: string | null;
  since: string;
  load: ChannelCounts;
  capacity?: ChannelCounts;
}

export interface QueueStats {
  queueId: string;
  name: string;
  waiting: number;
  offered: number;
  longestWaitSeconds: number;
  agents: { available: number; after_contact_work: number; away: number; offline: number; busy: number };
}

export type RevokeReason = 'timeout' | 'abandoned' | 'reassigned';

/** Realtime event types of the routing engine. */
export const routingEvents = {
  offer: 'routing.offer',
  offerRevoked: 'routing.offer_revoked',
  assigned: 'routing.assigned',
  state: 'routing.state',
  queueStats: 'routing.queue_stats',
  agentState: 'routing.agent_state',
} as const;
