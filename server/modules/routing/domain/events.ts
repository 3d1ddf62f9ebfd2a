import type { AgentInput, AgentState, ContactInput, QueueInput } from './model.js';

/** Everything that can happen to the router. Time is passed beside each event, never read. */
export type RoutingEvent =
  | { type: 'queue_upserted'; queue: QueueInput }
  | { type: 'agent_upserted'; agent: AgentInput }
  | { type: 'agent_state_changed'; agentId: string; state: AgentState; reason?: string }
  | { type: 'contact_queued'; contact: ContactInput }
  | { type: 'contact_abandoned'; contactId: string }
  | { type: 'offer_accepted'; contactId: string; agentId: string }
  | { type: 'offer_rejected'; contactId: string; agentId: string }
  | { type: 'contact_completed'; contactId: string }
  /** The assignment could not be written (the contact left or was taken meanwhile): the agent never handled it. */
  | { type: 'assignment_failed'; contactId: string }
  | { type: 'contact_transferred'; contactId: string; toQueueId?: string; toAgentId?: string }
  | { type: 'force_assign'; contactId: string; agentId: string }
  | { type: 'callback_requested'; contactId: string }
  | { type: 'tick' };

export type RoutingEventType = RoutingEvent['type'];
