import type { Channel, Contact } from './model.js';
import { compareInQueue } from './ordering.js';
import { SortedList } from './sorted-list.js';

/**
 * A line of waiting contacts that one set of agents serves in the same way: same target queue (whose
 * members may take them), origin queue, channel, language and skill relaxation. Every agent is either
 * eligible for the whole line or for none of it, so an agent looks only at each line's head.
 */
export interface Bucket {
  /** Agents of this queue may take the contacts. */
  targetQueueId: string;
  /** The contacts' own queue (for priority and aging). */
  originQueueId: string;
  channel: Channel;
  language: string | undefined;
  /** relax_skills steps applied; -1 for contacts widened into another queue (that queue's skills apply). */
  relaxLevel: number;
  list: SortedList<Contact>;
  /** Whoever reads the lines may cache derived data here (matching keeps queue settings); cleared by `clearCaches`. */
  cache: unknown;
}

export interface BucketSpec {
  targetQueueId: string;
  relaxLevel: number;
}

/** The lines of one target queue and channel: the non-empty ones, and empty ones kept for reuse. */
interface LineGroup {
  active: Set<Bucket>;
  dormant: Bucket[];
}

/** All waiting, unheld contacts in their lines, indexed by the queue whose agents serve them. */
export class WaitingIndex {
  private readonly byTarget = new Map<string, Map<Channel, LineGroup>>();
  /** contact -> its line, or its lines when it waits in more than one */
  private readonly ofContact = new Map<Contact, Bucket | Bucket[]>();

  /** Non-empty lines of one channel that agents of `queueId` may serve. */
  linesFor(queueId: string, ch: Channel): ReadonlySet<Bucket> | undefined {
    return this.byTarget.get(queueId)?.get(ch)?.active;
  }

  /**
   * The live set of non-empty lines of `queueId` on `ch`, created empty if need be. The same set object
   * stays in place for good, so a reader may keep it and see lines come and go.
   */
  lineSet(queueId: string, ch: Channel): ReadonlySet<Bucket> {
    return this.group(queueId, ch).active;
  }

  /** Every non-empty line that agents of `queueId` may serve. */
  *allLinesFor(queueId: string): IterableIterator<Bucket> {
    for (const g of this.byTarget.get(queueId)?.values() ?? []) yield* g.active;
  }

  /** Forgets what readers cached on the lines (after queue settings changed). */
  clearCaches(): void {
    for (const byCh of this.byTarget.values()) {
      for (const g of byCh.values()) {
        for (const b of g.active) b.cache = undefined;
        for (const b of g.dormant) b.cache = undefined;
      }
    }
  }

  has(c: Contact): boolean {
    return this.ofContact.has(c);
  }

  insert(c: Contact, language: string | undefined, specs: readonly BucketSpec[]): void {
    if (specs.length === 1) {
      const b = this.line(specs[0], c, language);
      b.list.insert(c);
      this.ofContact.set(c, b);
      return;
    }
    const list: Bucket[] = [];
    for (const s of specs) {
      const b = this.line(s, c, language);
      b.list.insert(c);
      list.push(b);
    }
    this.ofContact.set(c, list);
  }

  remove(c: Contact): void {
    const entry = this.ofContact.get(c);
    if (entry === undefined) return;
    this.ofContact.delete(c);
    if (Array.isArray(entry)) for (const b of entry) this.take(b, c);
    else this.take(entry, c);
  }

  /** Contacts of the same queue and channel ordered before `c` (it must be waiting in its own queue). */
  ahead(c: Contact): number {
    let n = 0;
    for (const b of this.linesFor(c.queueId, c.channel) ?? []) {
      if (b.originQueueId === c.queueId && b.relaxLevel >= 0) n += b.list.rank(c);
    }
    return n;
  }

  private group(queueId: string, ch: Channel): LineGroup {
    let byCh = this.byTarget.get(queueId);
    if (!byCh) this.byTarget.set(queueId, (byCh = new Map()));
    let g = byCh.get(ch);
    if (!g) byCh.set(ch, (g = { active: new Set(), dormant: [] }));
    return g;
  }

  /** The line for `c` under `spec`, made non-empty-ready: found among the live or dormant ones, or new. */
  private line(spec: BucketSpec, c: Contact, language: string | undefined): Bucket {
    const g = this.group(spec.targetQueueId, c.channel);
    const origin = c.queueId;
    const relax = spec.relaxLevel;
    for (const b of g.active) if (b.originQueueId === origin && b.language === language && b.relaxLevel === relax) return b;
    const dormant = g.dormant;
    for (let i = 0; i < dormant.length; i++) {
      const b = dormant[i];
      if (b.originQueueId === origin && b.language === language && b.relaxLevel === relax) {
        dormant[i] = dormant[dormant.length - 1];
        dormant.pop();
        g.active.add(b);
        return b;
      }
    }
    const b: Bucket = {
      targetQueueId: spec.targetQueueId,
      originQueueId: origin,
      channel: c.channel,
      language,
      relaxLevel: relax,
      list: new SortedList(compareInQueue),
      cache: undefined,
    };
    g.active.add(b);
    return b;
  }

  private take(b: Bucket, c: Contact): void {
    b.list.remove(c);
    if (b.list.size === 0) {
      const g = this.byTarget.get(b.targetQueueId)!.get(b.channel)!;
      g.active.delete(b);
      g.dormant.push(b);
    }
  }
}
