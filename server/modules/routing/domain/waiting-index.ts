import type { Channel, Contact } from './model.js';
import { compareInQueue } from './ordering.js';
import { SortedList } from './sorted-list.js';

/**
 * A line of waiting contacts that one set of agents serves in the same way: same target queue (whose
 * members may take them), origin queue, channel, language and skill relaxation. Every agent is either
 * eligible for the whole line or for none of it, so an agent looks only at each line's head.
 */
export interface Bucket {
  key: string;
  /** Agents of this queue may take the contacts. */
  targetQueueId: string;
  /** The contacts' own queue (for priority and aging). */
  originQueueId: string;
  channel: Channel;
  language: string | undefined;
  /** relax_skills steps applied; -1 for contacts widened into another queue (that queue's skills apply). */
  relaxLevel: number;
  list: SortedList<Contact>;
}

export interface BucketSpec {
  targetQueueId: string;
  relaxLevel: number;
}

/** All waiting, unheld contacts in their lines, indexed by the queue whose agents serve them. */
export class WaitingIndex {
  private readonly buckets = new Map<string, Bucket>();
  private readonly byTarget = new Map<string, Map<Channel, Set<Bucket>>>();
  private readonly ofContact = new Map<Contact, Bucket[]>();

  /** Non-empty lines of one channel that agents of `queueId` may serve. */
  linesFor(queueId: string, ch: Channel): ReadonlySet<Bucket> | undefined {
    return this.byTarget.get(queueId)?.get(ch);
  }

  /** Every non-empty line that agents of `queueId` may serve. */
  *allLinesFor(queueId: string): IterableIterator<Bucket> {
    for (const set of this.byTarget.get(queueId)?.values() ?? []) yield* set;
  }

  has(c: Contact): boolean {
    return this.ofContact.has(c);
  }

  insert(c: Contact, language: string | undefined, specs: readonly BucketSpec[]): void {
    const list: Bucket[] = [];
    for (const s of specs) {
      const key = `${s.targetQueueId}\u0000${c.queueId}\u0000${c.channel}\u0000${language ?? ''}\u0000${s.relaxLevel}`;
      let b = this.buckets.get(key);
      if (!b) {
        b = {
          key,
          targetQueueId: s.targetQueueId,
          originQueueId: c.queueId,
          channel: c.channel,
          language,
          relaxLevel: s.relaxLevel,
          list: new SortedList(compareInQueue),
        };
        this.buckets.set(key, b);
        let byCh = this.byTarget.get(s.targetQueueId);
        if (!byCh) this.byTarget.set(s.targetQueueId, (byCh = new Map()));
        let set = byCh.get(c.channel);
        if (!set) byCh.set(c.channel, (set = new Set()));
        set.add(b);
      }
      b.list.insert(c);
      list.push(b);
    }
    this.ofContact.set(c, list);
  }

  remove(c: Contact): void {
    const list = this.ofContact.get(c);
    if (!list) return;
    this.ofContact.delete(c);
    for (const b of list) {
      b.list.remove(c);
      if (b.list.size === 0) {
        this.buckets.delete(b.key);
        const byCh = this.byTarget.get(b.targetQueueId)!;
        const set = byCh.get(b.channel)!;
        set.delete(b);
        if (set.size === 0) byCh.delete(b.channel);
        if (byCh.size === 0) this.byTarget.delete(b.targetQueueId);
      }
    }
  }

  /** Contacts of the same queue and channel ordered before `c` (it must be waiting in its own queue). */
  ahead(c: Contact): number {
    let n = 0;
    for (const b of this.linesFor(c.queueId, c.channel) ?? []) {
      if (b.originQueueId === c.queueId && b.relaxLevel >= 0) n += b.list.rank(c);
    }
    return n;
  }
}
