import { describe, expect, it } from 'vitest';
import { blocked, hasRoom, isReady, loadRatio } from './capacity.js';
import { type Agent, type Channel, DEFAULT_BLOCKS } from './model.js';

const agent = (load: Partial<Record<Channel, number>>, over: Partial<Agent> = {}): Agent => ({
  id: 'a',
  state: 'available',
  reason: undefined,
  skills: new Map(),
  languages: new Set(),
  capacity: { voice: 1, chat: 3, email: 5 },
  queueIds: new Set(),
  blocks: DEFAULT_BLOCKS,
  load: new Map(Object.entries(load)) as Map<Channel, number>,
  totalLoad: Object.values(load).reduce((s, n) => s + (n ?? 0), 0),
  idleSince: 0,
  lastOfferedAt: 0,
  missedInRow: 0,
  acwEndsAt: undefined,
  offered: new Set(),
  assigned: new Set(),
  ...over,
});

describe('capacity', () => {
  it('respects per-channel capacity', () => {
    expect(hasRoom(agent({ chat: 2 }), 'chat')).toBe(true);
    expect(hasRoom(agent({ chat: 3 }), 'chat')).toBe(false);
    expect(hasRoom(agent({}), 'sms')).toBe(false);
    expect(loadRatio(agent({ chat: 1 }), 'chat')).toBeCloseTo(1 / 3);
  });

  it('a call blocks every other channel, a chat blocks calls but not email', () => {
    const onCall = agent({ voice: 1 });
    expect(blocked(onCall, 'chat')).toBe(true);
    expect(blocked(onCall, 'email')).toBe(true);
    const chatting = agent({ chat: 1 });
    expect(hasRoom(chatting, 'voice')).toBe(false);
    expect(hasRoom(chatting, 'email')).toBe(true);
    expect(hasRoom(chatting, 'chat')).toBe(true);
  });

  it('cross-channel rules are configurable per agent', () => {
    const relaxed = agent({ chat: 1 }, { blocks: { voice: ['chat'] } });
    expect(hasRoom(relaxed, 'voice')).toBe(true);
  });

  it('only an available agent has room', () => {
    expect(isReady(agent({}, { state: 'after_contact_work' }))).toBe(false);
    expect(isReady(agent({ voice: 1 }))).toBe(false);
    expect(isReady(agent({ email: 1 }))).toBe(true);
  });
});
