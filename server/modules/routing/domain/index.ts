// The routing engine's public face: a pure ACD, events in and decisions out.
export type { Decision, DecisionType, RevokeReason } from './decisions.js';
export { RoutingEngine, type EngineOptions } from './engine.js';
export type { RoutingEvent, RoutingEventType } from './events.js';
export { estimateWaitMs } from './ewt.js';
export {
  type Agent,
  type AgentInput,
  type AgentState,
  type BlockRules,
  type Channel,
  channels,
  type Contact,
  type ContactInput,
  type ContactStatus,
  DEFAULT_ACCEPT_TIMEOUT_MS,
  DEFAULT_BLOCKS,
  type EndAction,
  normalizeQueue,
  type OverflowStep,
  type Queue,
  type QueueInput,
  RoutingError,
  type SkillRequirement,
  type StrategyName,
  strategyNames,
} from './model.js';
export type { ContactPosition, QueueStats } from './queries.js';
export { type EligibleAgent, type Strategy, type StrategyContext, strategies } from './strategies/index.js';
