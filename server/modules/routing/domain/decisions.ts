import type { AgentState, EndAction, OverflowStep } from './model.js';

export type RevokeReason = 'timeout' | 'abandoned' | 'reassigned';

/** What the engine asks the service to do (persist, then tell agents, customers and supervisors). */
export type Decision =
  | { type: 'offer'; contactId: string; agentId: string; expiresAt: number }
  | { type: 'revoke'; contactId: string; agentId: string; reason: RevokeReason }
  | { type: 'assigned'; contactId: string; agentId: string }
  | { type: 'agent_state'; agentId: string; state: AgentState; reason: string }
  | { type: 'overflow'; contactId: string; stepIndex: number; step: OverflowStep }
  | { type: 'expired'; contactId: string; action: EndAction }
  | { type: 'callback_due'; contactId: string };

export type DecisionType = Decision['type'];
