// The routing vocabulary: queues, agents and contacts as the engine sees them.
// Inputs (`*Input`) are what the service passes in; the engine normalises them with defaults.

export const channels = ['voice', 'email', 'chat', 'sms', 'whatsapp', 'telegram', 'messenger', 'form', 'walk_in'] as const;
export type Channel = (typeof channels)[number];

export const strategyNames = ['longest_idle', 'least_busy', 'round_robin', 'best_skill'] as const;
export type StrategyName = (typeof strategyNames)[number];

export type AgentState = 'available' | 'after_contact_work' | 'away' | 'offline';

export interface SkillRequirement {
  skill: string;
  /** 1–5 */
  minLevel: number;
}

/** What happens to a contact that waited too long, or arrived while the queue is closed. */
export type EndAction = 'callback' | 'voicemail' | 'leave_message' | 'disconnect';

export type OverflowStep =
  | { afterSeconds: number; action: 'relax_skills'; by?: number; dropSkills?: readonly string[] }
  | { afterSeconds: number; action: 'add_queue'; queueId: string }
  | { afterSeconds: number; action: 'callback' | 'voicemail' | 'leave_message' };

export interface QueueInput {
  id: string;
  strategy?: StrategyName;
  channels: readonly Channel[];
  requiredSkills?: readonly SkillRequirement[];
  language?: string;
  /** Queue weight, added to each contact's priority when queues compete for one agent. */
  priority?: number;
  acceptTimeoutMs?: Partial<Record<Channel, number>>;
  maxMissedOffers?: number;
  /** Priority points a contact gains per minute of wait (0 = strict priority, then FIFO). */
  agingPerMinute?: number;
  overflow?: readonly OverflowStep[];
  maxWaitSeconds?: number;
  expireAction?: EndAction;
  open?: boolean;
  /** 'queue' keeps taking contacts while closed; any other action turns new arrivals away. */
  closedAction?: EndAction | 'queue';
  /** After-contact work granted when a contact of this queue completes; 0 = straight back to available. */
  afterContactWorkSeconds?: number;
}

export interface Queue {
  id: string;
  strategy: StrategyName;
  channels: readonly Channel[];
  requiredSkills: readonly SkillRequirement[];
  language: string | undefined;
  priority: number;
  acceptTimeoutMs: Record<Channel, number>;
  maxMissedOffers: number;
  agingPerMinute: number;
  /** Sorted by afterSeconds. */
  overflow: readonly OverflowStep[];
  maxWaitSeconds: number | undefined;
  expireAction: EndAction;
  open: boolean;
  closedAction: EndAction | 'queue';
  afterContactWorkSeconds: number;
}

export const DEFAULT_ACCEPT_TIMEOUT_MS: Readonly<Record<Channel, number>> = Object.fromEntries(
  channels.map((c) => [c, c === 'voice' ? 15_000 : 20_000]),
) as Record<Channel, number>;

/** Fills a queue's defaults: longest idle, 15 s voice / 20 s other accept timeout, 3 missed offers. */
export function normalizeQueue(q: QueueInput): Queue {
  return {
    id: q.id,
    strategy: q.strategy ?? 'longest_idle',
    channels: [...q.channels],
    requiredSkills: (q.requiredSkills ?? []).map((r) => ({ skill: r.skill, minLevel: r.minLevel })),
    language: q.language,
    priority: q.priority ?? 0,
    acceptTimeoutMs: { ...DEFAULT_ACCEPT_TIMEOUT_MS, ...q.acceptTimeoutMs },
    maxMissedOffers: q.maxMissedOffers ?? 3,
    agingPerMinute: q.agingPerMinute ?? 0,
    overflow: [...(q.overflow ?? [])].sort((a, b) => a.afterSeconds - b.afterSeconds),
    maxWaitSeconds: q.maxWaitSeconds,
    expireAction: q.expireAction ?? 'voicemail',
    open: q.open ?? true,
    closedAction: q.closedAction ?? 'leave_message',
    afterContactWorkSeconds: q.afterContactWorkSeconds ?? 0,
  };
}

/** Which channels a busy channel blocks: a call blocks everything else, a chat blocks calls. */
export type BlockRules = Partial<Record<Channel, readonly Channel[]>>;

export const DEFAULT_BLOCKS: BlockRules = {
  voice: channels.filter((c) => c !== 'voice'),
  chat: ['voice'],
};

export interface AgentInput {
  id: string;
  /** skill -> level 1–5 */
  skills?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  languages?: readonly string[];
  capacity: Partial<Record<Channel, number>>;
  queueIds: readonly string[];
  blocks?: BlockRules;
  /** State of a new agent (default offline); ignored for a known agent, whose state changes by event. */
  state?: AgentState;
}

export interface Agent {
  id: string;
  state: AgentState;
  /** Reason code of the current state (break, lunch, missed_offers, ...). */
  reason: string | undefined;
  skills: Map<string, number>;
  languages: Set<string>;
  capacity: Partial<Record<Channel, number>>;
  queueIds: Set<string>;
  blocks: BlockRules;
  /** Assigned contacts plus pending offers, per channel. */
  load: Map<Channel, number>;
  totalLoad: number;
  idleSince: number;
  lastOfferedAt: number;
  missedInRow: number;
  /** When engine-started after-contact work ends (undefined when none is running). */
  acwEndsAt: number | undefined;
  /** Contacts offered to the agent and not yet answered. */
  offered: Set<string>;
  /** Contacts the agent has accepted and not completed. */
  assigned: Set<string>;
}

export type ContactStatus = 'waiting' | 'offered' | 'assigned';

export interface ContactInput {
  id: string;
  queueId: string;
  channel: Channel;
  priority?: number;
  /** Original queue time; defaults to now. */
  enqueuedAt?: number;
  language?: string;
  preferredAgentId?: string;
  preferredUntil?: number;
  forcedAgentId?: string;
  callback?: boolean;
}

export interface Offer {
  agentId: string;
  expiresAt: number;
  seq: number;
  /** Its timeout timer (cancelled when the offer ends first). */
  timer: unknown;
}

export interface Contact {
  id: string;
  queueId: string;
  channel: Channel;
  priority: number;
  enqueuedAt: number;
  /** When it entered its current queue: overflow steps and max wait count from here. */
  queuedAt: number;
  language: string | undefined;
  preferredAgentId: string | undefined;
  preferredUntil: number | undefined;
  forcedAgentId: string | undefined;
  /** The one agent it is held for right now: the forced agent, or the preferred one while the window lasts. */
  heldFor: string | undefined;
  status: ContactStatus;
  offer: Offer | undefined;
  assignedTo: string | undefined;
  assignedAt: number | undefined;
  rejectedBy: Set<string>;
  /** Agents who turned it down recently -> until when they are not offered it again. */
  cooling: Map<string, number> | undefined;
  /** Timers of its stay in the current queue (overflow steps, max wait, preferred agent, cool-downs). */
  queueTimers: unknown[];
  callback: boolean;
  /** Overflow steps already applied (index of the next one). */
  stepIndex: number;
  /** relax_skills steps applied so far. */
  relaxLevel: number;
  /** Extra queues whose agents may also take it (add_queue steps). */
  addedQueues: string[];
  /** Insertion number: the last FIFO tie-break. */
  seq: number;
  /** Time-free sort rank inside its queue (see ordering.ts). */
  rank: number;
  /** Bumped when it enters a queue, so timers of an earlier stay are ignored. */
  epoch: number;
}

export class RoutingError extends Error {
  constructor(readonly code: 'unknown_queue' | 'unknown_agent' | 'duplicate_contact' | 'invalid_input', message: string) {
    super(message);
    this.name = 'RoutingError';
  }
}
