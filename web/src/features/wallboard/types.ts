export type FloorState = 'available' | 'busy' | 'after_contact_work' | 'away' | 'offline';

export interface WallboardQueue {
  queueId: string;
  name: string;
  waiting: number;
  oldestQueuedAt: string | null;
  longestWaitSeconds: number;
  offeredToday: number;
  answeredToday: number;
  abandonedToday: number;
  shortAbandonedToday: number;
  asaToday: number | null;
  serviceLevelToday: number | null;
  ahtToday: number | null;
  target: { percent: number; seconds: number };
  agents: Record<FloorState, number>;
}

export interface WallboardAgent {
  agentId: string;
  name: string;
  state: FloorState;
  reason: string | null;
  since: string;
  contacts: number;
  channels: string[];
  handledToday: number;
  aht: number | null;
}

export interface Wallboard {
  at: string;
  timezone: string;
  dayStart: string;
  queues: WallboardQueue[];
  agents: WallboardAgent[];
}

export type Level = 'ok' | 'amber' | 'red';

/** Tile colour: service level under target is amber (red 10 points under); a wait over T is amber (red over 3 T). */
export function queueLevel(q: WallboardQueue, longestWait: number): { sl: Level; wait: Level; tile: Level } {
  const sl: Level = q.serviceLevelToday === null ? 'ok' : q.serviceLevelToday < q.target.percent - 10 ? 'red' : q.serviceLevelToday < q.target.percent ? 'amber' : 'ok';
  const wait: Level = q.waiting === 0 ? 'ok' : longestWait > 3 * q.target.seconds ? 'red' : longestWait > q.target.seconds ? 'amber' : 'ok';
  const rank = { ok: 0, amber: 1, red: 2 } as const;
  return { sl, wait, tile: rank[sl] >= rank[wait] ? sl : wait };
}
