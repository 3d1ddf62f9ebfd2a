import { describe, expect, it } from 'vitest';
import type { Contact } from './model.js';
import { WaitingIndex } from './waiting-index.js';

let seq = 0;
const contact = (id: string, priority: number, enqueuedAt: number, channel: Contact['channel'] = 'chat'): Contact => ({
  id,
  queueId: 'q',
  channel,
  priority,
  enqueuedAt,
  queuedAt: enqueuedAt,
  language: undefined,
  preferredAgentId: undefined,
  preferredUntil: undefined,
  forcedAgentId: undefined,
  heldFor: undefined,
  status: 'waiting',
  offer: undefined,
  assignedTo: undefined,
  assignedAt: undefined,
  rejectedBy: new Set(),
  cooling: undefined,
  queueTimers: [],
  callback: false,
  stepIndex: 0,
  relaxLevel: 0,
  addedQueues: [],
  seq: seq++,
  rank: priority,
  epoch: 0,
});

describe('WaitingIndex', () => {
  it('keeps lines per language and relaxation, and counts who is ahead across them', () => {
    const w = new WaitingIndex();
    const a = contact('a', 0, 10);
    const b = contact('b', 5, 20);
    const c = contact('c', 0, 5);
    const v = contact('v', 9, 1, 'voice');
    w.insert(a, 'ar', [{ targetQueueId: 'q', relaxLevel: 0 }]);
    w.insert(b, 'en', [{ targetQueueId: 'q', relaxLevel: 0 }]);
    w.insert(c, 'ar', [{ targetQueueId: 'q', relaxLevel: 1 }, { targetQueueId: 'q2', relaxLevel: -1 }]);
    w.insert(v, undefined, [{ targetQueueId: 'q', relaxLevel: 0 }]);
    expect([...w.allLinesFor('q')].length).toBe(4);
    expect(w.linesFor('q', 'chat')?.size).toBe(3);
    expect(w.ahead(b)).toBe(0);
    expect(w.ahead(c)).toBe(1);
    expect(w.ahead(a)).toBe(2);
    expect(w.ahead(v)).toBe(0);
    w.remove(c);
    expect([...w.allLinesFor('q2')]).toEqual([]);
    expect(w.linesFor('q', 'chat')?.size).toBe(2);
    expect(w.ahead(a)).toBe(1);
    expect(w.has(c)).toBe(false);
  });
});

describe('WaitingIndex lines', () => {
  it('keeps one live line set per queue and channel, and reuses an emptied line', () => {
    const w = new WaitingIndex();
    const live = w.lineSet('q', 'chat');
    expect(live.size).toBe(0);
    const a = contact('la', 0, 10);
    const b = contact('lb', 0, 20);
    w.insert(a, undefined, [{ targetQueueId: 'q', relaxLevel: 0 }]);
    expect(w.linesFor('q', 'chat')).toBe(live);
    expect(live.size).toBe(1);
    const line = [...live][0];
    line.cache = 'x';
    w.remove(a);
    expect(live.size).toBe(0);
    expect(w.has(a)).toBe(false);
    w.insert(b, undefined, [{ targetQueueId: 'q', relaxLevel: 0 }]);
    expect([...live]).toEqual([line]);
    expect(line.list.first()).toBe(b);
    w.clearCaches();
    expect(line.cache).toBeUndefined();
    // a different language is a different line
    w.insert(a, 'ar', [{ targetQueueId: 'q', relaxLevel: 0 }]);
    expect(live.size).toBe(2);
    expect(w.ahead(a)).toBe(0);
    expect(w.ahead(b)).toBe(1);
  });
});
