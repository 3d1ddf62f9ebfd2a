import { estimateWaitMs, type HandleTimes } from './ewt.js';
import type { AgentState, Contact } from './model.js';
import type { RouterState } from './router-state.js';

export interface ContactPosition {
  /** 1 = next in line for its queue and channel; 0 once it is being offered or handled. */
  position: number;
  /** Estimated wait in ms (see ewt.ts); 0 once offered; undefined when nobody is staffed. */
  ewtMs: number | undefined;
}

/** Queue position and EWT. Contacts held for one agent count as first in line. */
export function positionOf(s: RouterState, times: HandleTimes, c: Contact, _now: number): ContactPosition {
  if (c.status !== 'waiting') return { position: 0, ewtMs: 0 };
  const ahead = c.heldFor ? 0 : s.waiting.ahead(c);
  let slots = 0;
  for (const a of s.members.get(c.queueId) ?? []) {
    if (a.state === 'available' || a.state === 'after_contact_work') slots += a.capacity[c.channel] ?? 0;
  }
  return { position: ahead + 1, ewtMs: estimateWaitMs(ahead, times.mean(`${c.queueId}|${c.channel}`), slots) };
}

export interface QueueStats {
  waiting: number;
  offered: number;
  /** Longest time a waiting or offered contact has been in line, from its original queue time (ms). */
  longestWaitMs: number;
  /** Members by state; `busy` counts available members with at least one contact. */
  agents: Record<AgentState, number> & { busy: number };
}

export function queueStats(s: RouterState, queueId: string, now: number): QueueStats {
  let waiting = 0;
  let offered = 0;
  let oldest = now;
  for (const c of s.inQueue.get(queueId) ?? []) {
    if (c.status === 'waiting') waiting++;
    else if (c.status === 'offered') offered++;
    oldest = Math.min(oldest, c.enqueuedAt);
  }
  const agents = { available: 0, after_contact_work: 0, away: 0, offline: 0, busy: 0 };
  for (const a of s.members.get(queueId) ?? []) {
    agents[a.state]++;
    if (a.state === 'available' && a.totalLoad > 0) agents.busy++;
  }
  return { waiting, offered, longestWaitMs: now - oldest, agents };
}
