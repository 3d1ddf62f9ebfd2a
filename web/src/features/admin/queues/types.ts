export const strategies = ['longest_idle', 'least_busy', 'round_robin', 'best_skill'] as const;
export type Strategy = (typeof strategies)[number];

export const expireActions = ['callback', 'voicemail', 'leave_message', 'disconnect'] as const;
export type ExpireAction = (typeof expireActions)[number];

export const closedActions = ['queue', 'callback', 'voicemail', 'leave_message', 'disconnect'] as const;
export type ClosedAction = (typeof closedActions)[number];

export const overflowActions = ['relax_skills', 'add_queue', 'callback', 'voicemail', 'leave_message'] as const;
export type OverflowAction = (typeof overflowActions)[number];

/** Channels a queue can serve (the server's list). */
export const queueChannels = ['voice', 'email', 'chat', 'sms', 'whatsapp', 'telegram', 'messenger', 'form', 'walk_in'] as const;

/** The router's defaults when a queue sets no accept timeout (seconds). */
export const defaultAcceptTimeouts: Record<string, number> = { voice: 15, chat: 20 };

export interface RequiredSkill {
  skill: string;
  minLevel: number;
}

export interface WeeklyHours {
  /** 0 = Sunday … 6 = Saturday */
  day: number;
  open: string;
  close: string;
}

export interface Hours {
  timezone: string;
  weekly: WeeklyHours[];
  holidays: string[];
}

export type OverflowStep =
  | { afterSeconds: number; action: 'relax_skills'; by?: number }
  | { afterSeconds: number; action: 'add_queue'; queueId: string }
  | { afterSeconds: number; action: 'callback' | 'voicemail' | 'leave_message' };

export interface QueueSettings {
  strategy?: Strategy;
  requiredSkills?: RequiredSkill[];
  serviceLevel?: { percent: number; seconds: number };
  acceptTimeoutSeconds?: Record<string, number>;
  maxMissedOffers?: number;
  agingPerMinute?: number;
  maxWaitSeconds?: number;
  expireAction?: ExpireAction;
  afterContactWorkSeconds?: number;
  /** How long a returning customer waits for the agent who last helped them. */
  preferredAgentSeconds?: number;
  closedAction?: ClosedAction;
  hours?: Hours | null;
  overflow?: OverflowStep[];
}

export interface Queue {
  id: string;
  name: string;
  departmentId: string | null;
  channels: string[];
  language: string | null;
  priority: number;
  settings: QueueSettings & Record<string, unknown>;
}

export interface QueueInput {
  name: string;
  departmentId: string | null;
  channels: string[];
  language: string | null;
  priority: number;
  settings: Record<string, unknown>;
}
