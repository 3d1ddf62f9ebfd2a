import type { Contact } from './model.js';

// Effective priority = priority + queue weight + agingPerMinute × minutes waited (since enqueuedAt).
// Inside one queue every contact ages at the same rate, so comparing two contacts at any `now` gives
// the same answer as comparing `priority − rate × enqueuedAt / 60 000`: that rank never changes while
// the contact waits, which lets a queue stay sorted without re-sorting on every tick.

/** The time-free rank of a contact in a queue aging at `agingPerMinute` (higher first). */
export const rankOf = (priority: number, enqueuedAt: number, agingPerMinute: number) =>
  agingPerMinute === 0 ? priority : priority - (agingPerMinute * enqueuedAt) / 60_000;

/** Effective priority at `now`, comparable across queues. */
export const effectivePriority = (c: Contact, queuePriority: number, agingPerMinute: number, now: number) =>
  c.priority + queuePriority + (agingPerMinute * Math.max(0, now - c.enqueuedAt)) / 60_000;

/** Order inside one queue: rank (priority + aging) first, then FIFO by original queue time, then arrival. */
export const compareInQueue = (a: Contact, b: Contact) => b.rank - a.rank || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq;

/** Order across queues at `now` given each one's effective priority. */
export const compareAcross = (a: Contact, pa: number, b: Contact, pb: number) =>
  pb - pa || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq;
