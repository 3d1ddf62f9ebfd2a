import { describe, expect, it } from 'vitest';
import { harness, only, T0 } from './engine.fixture.js';

describe('routing engine: offers', () => {
  it('offers a new contact to the longest idle eligible agent, with the channel accept timeout', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.advance(1000);
    h.agent({ id: 'a2' });
    h.advance(1000);
    expect(h.contact({ id: 'c1' })).toEqual([{ type: 'offer', contactId: 'c1', agentId: 'a1', expiresAt: h.now + 15_000 }]);
    expect(h.contact({ id: 'c2', channel: 'chat' })).toEqual([{ type: 'offer', contactId: 'c2', agentId: 'a2', expiresAt: h.now + 20_000 }]);
    expect(h.accept('c1', 'a1')).toEqual([{ type: 'assigned', contactId: 'c1', agentId: 'a1' }]);
    expect(h.engine.contact('c1')?.status).toBe('assigned');
  });

  it('a timed-out offer is revoked and goes to the next agent', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.advance(10);
    h.agent({ id: 'a2' });
    h.contact({ id: 'c1' });
    h.advance(14_999);
    expect(h.advance(1)).toEqual([
      { type: 'revoke', contactId: 'c1', agentId: 'a1', reason: 'timeout' },
      { type: 'offer', contactId: 'c1', agentId: 'a2', expiresAt: h.now + 15_000 },
    ]);
    expect(h.accept('c1', 'a1')).toEqual([]);
  });

  it('an accept that arrives after expiry is too late even without a tick in between', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.advance(10);
    h.agent({ id: 'a2' });
    h.contact({ id: 'c1' });
    const late = h.engine.apply({ type: 'offer_accepted', contactId: 'c1', agentId: 'a1' }, h.now + 15_000);
    expect(only(late, 'assigned')).toEqual([]);
    expect(only(late, 'offer')[0].agentId).toBe('a2');
    expect(only(late, 'revoke')).toEqual([{ type: 'revoke', contactId: 'c1', agentId: 'a1', reason: 'timeout' }]);
  });

  it('an agent who misses N offers in a row is set away, and answering resets the count', () => {
    const h = harness();
    h.queue({ id: 'q', maxMissedOffers: 2 });
    h.agent({ id: 'a1' });
    h.contact({ id: 'c1' });
    h.advance(15_000); // miss 1, offered again (nobody else)
    expect(h.engine.agent('a1')?.missedInRow).toBe(1);
    h.accept('c1', 'a1');
    expect(h.engine.agent('a1')?.missedInRow).toBe(0);
    h.complete('c1');
    h.contact({ id: 'c2' });
    h.advance(15_000);
    const d = h.advance(15_000);
    expect(d).toEqual([
      { type: 'revoke', contactId: 'c2', agentId: 'a1', reason: 'timeout' },
      { type: 'agent_state', agentId: 'a1', state: 'away', reason: 'missed_offers' },
    ]);
    expect(h.engine.agent('a1')?.state).toBe('away');
    expect(h.engine.contact('c2')?.status).toBe('waiting');
  });

  it('a rejected contact goes to another agent, and back to one who rejected it only after a cool-down, when nobody else can take it', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.advance(10);
    h.agent({ id: 'a2' });
    h.contact({ id: 'c1' });
    expect(h.reject('c1', 'a1')).toEqual([{ type: 'offer', contactId: 'c1', agentId: 'a2', expiresAt: h.now + 15_000 }]);
    expect(h.reject('c1', 'a2')).toEqual([]); // both turned it down a moment ago: it waits
    expect(h.advance(29_999)).toEqual([]);
    // a1's cool-down (30 s) ends first: nobody else can take it, so back to a1.
    expect(h.advance(1)).toEqual([{ type: 'offer', contactId: 'c1', agentId: 'a1', expiresAt: h.now + 15_000 }]);
  });

  it('the only agent who rejected a contact is not offered it again during the cool-down, but other work meanwhile', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1', capacity: { voice: 1, chat: 3, email: 5 } });
    h.contact({ id: 'c1', channel: 'chat' });
    h.advance(100);
    expect(h.reject('c1', 'a1')).toEqual([]);
    // A later contact goes to a1 at once: only c1 is cooling for it.
    expect(h.contact({ id: 'c2', channel: 'chat' })).toEqual([{ type: 'offer', contactId: 'c2', agentId: 'a1', expiresAt: h.now + 20_000 }]);
    h.accept('c2', 'a1');
    expect(h.advance(30_000)).toEqual([{ type: 'offer', contactId: 'c1', agentId: 'a1', expiresAt: h.now + 20_000 }]);
  });

  it('a sticky contact turned down by its preferred agent is no longer held for that agent', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.agent({ id: 'a2' });
    h.contact({ id: 'c1', preferredAgentId: 'a2', preferredUntil: h.now + 60_000 });
    expect(h.engine.contact('c1')?.offer?.agentId).toBe('a2');
    expect(h.reject('c1', 'a2')).toEqual([{ type: 'offer', contactId: 'c1', agentId: 'a1', expiresAt: h.now + 15_000 }]);
  });

  it('a rejecting agent who frees up does not take the contact while a fresh agent can', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.agent({ id: 'a2', state: 'away' });
    h.contact({ id: 'c1' });
    h.reject('c1', 'a1'); // nobody else: back to a1 once its cool-down ends
    expect(h.engine.contact('c1')?.offer).toBeUndefined();
    h.advance(30_000);
    expect(h.engine.contact('c1')?.offer?.agentId).toBe('a1');
    h.apply({ type: 'agent_state_changed', agentId: 'a2', state: 'available' });
    expect(h.reject('c1', 'a1')).toEqual([{ type: 'offer', contactId: 'c1', agentId: 'a2', expiresAt: h.now + 15_000 }]);
  });

  it('revokes the offer when the customer leaves, and frees the agent', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.contact({ id: 'c1' });
    h.contact({ id: 'c2' });
    expect(h.apply({ type: 'contact_abandoned', contactId: 'c1' })).toEqual([
      { type: 'revoke', contactId: 'c1', agentId: 'a1', reason: 'abandoned' },
      { type: 'offer', contactId: 'c2', agentId: 'a1', expiresAt: h.now + 15_000 },
    ]);
    expect(h.engine.contact('c1')).toBeUndefined();
  });

  it('an agent going away loses its pending offers to others', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.agent({ id: 'a2', state: 'away' });
    h.contact({ id: 'c1', channel: 'chat' });
    h.apply({ type: 'agent_state_changed', agentId: 'a2', state: 'available' });
    expect(h.apply({ type: 'agent_state_changed', agentId: 'a1', state: 'away', reason: 'lunch' })).toEqual([
      { type: 'revoke', contactId: 'c1', agentId: 'a1', reason: 'reassigned' },
      { type: 'offer', contactId: 'c1', agentId: 'a2', expiresAt: h.now + 20_000 },
    ]);
    expect(h.engine.agent('a1')?.reason).toBe('lunch');
  });
});

describe('routing engine: order', () => {
  it('higher priority first, then FIFO; a freed agent takes the head of its queue', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.contact({ id: 'busy' });
    h.accept('busy', 'a1');
    h.contact({ id: 'old' });
    h.advance(1000);
    h.contact({ id: 'vip', priority: 5 });
    h.advance(1000);
    h.contact({ id: 'new' });
    expect(h.engine.position('vip', h.now)?.position).toBe(1);
    expect(h.engine.position('new', h.now)?.position).toBe(3);
    expect(only(h.complete('busy'), 'offer')[0].contactId).toBe('vip');
    h.accept('vip', 'a1');
    expect(only(h.complete('vip'), 'offer')[0].contactId).toBe('old');
  });

  it('aging lets an older low-priority contact overtake a newer high-priority one only when configured', () => {
    for (const [aging, first] of [
      [0, 'vip'],
      [1, 'old'],
    ] as const) {
      const h = harness();
      h.queue({ id: 'q', agingPerMinute: aging });
      h.agent({ id: 'a1' });
      h.contact({ id: 'busy' });
      h.accept('busy', 'a1');
      h.contact({ id: 'old' });
      h.advance(3 * 60_000);
      h.contact({ id: 'vip', priority: 2 }); // old has aged 3 points with aging on
      expect(only(h.complete('busy'), 'offer')[0].contactId).toBe(first);
    }
  });

  it('a queue with more weight wins the agent it shares with another queue', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.queue({ id: 'vipq', priority: 10 });
    h.agent({ id: 'a1', queueIds: ['q', 'vipq'] });
    h.contact({ id: 'busy' });
    h.accept('busy', 'a1');
    h.contact({ id: 'c1' });
    h.advance(1000);
    h.contact({ id: 'c2', queueId: 'vipq' });
    expect(only(h.complete('busy'), 'offer')[0].contactId).toBe('c2');
  });
});

describe('routing engine: sticky, forced, transfer, callback', () => {
  it('holds a contact for its preferred agent until preferredUntil, then offers it to anyone', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.agent({ id: 'pref' });
    h.contact({ id: 'busy' });
    h.accept('busy', 'a1');
    h.contact({ id: 'busy2' });
    h.accept('busy2', 'pref');
    h.complete('busy'); // a1 is free but the next contact is for pref
    expect(h.contact({ id: 'c1', preferredAgentId: 'pref', preferredUntil: h.now + 60_000 })).toEqual([]);
    expect(h.advance(59_999)).toEqual([]);
    expect(h.advance(1)).toEqual([{ type: 'offer', contactId: 'c1', agentId: 'a1', expiresAt: h.now + 15_000 }]);
  });

  it('offers to the preferred agent first when free', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.advance(1000);
    h.agent({ id: 'pref' });
    expect(only(h.contact({ id: 'c1', preferredAgentId: 'pref', preferredUntil: h.now + 60_000 }), 'offer')[0].agentId).toBe('pref');
  });

  it('a force-assigned contact is offered only to that agent, even without the skills', () => {
    const h = harness();
    h.queue({ id: 'q', requiredSkills: [{ skill: 'billing', minLevel: 3 }] });
    h.agent({ id: 'expert', skills: { billing: 5 } });
    h.agent({ id: 'junior', queueIds: [], state: 'after_contact_work' });
    h.contact({ id: 'busy' });
    h.accept('busy', 'expert');
    h.contact({ id: 'c1' });
    expect(h.apply({ type: 'force_assign', contactId: 'c1', agentId: 'junior' })).toEqual([]);
    expect(h.complete('busy')).toEqual([]); // expert free, but c1 is for junior
    expect(only(h.apply({ type: 'agent_state_changed', agentId: 'junior', state: 'available' }), 'offer')).toEqual([
      { type: 'offer', contactId: 'c1', agentId: 'junior', expiresAt: h.now + 15_000 },
    ]);
  });

  it('a transfer keeps the original queue time and frees the first agent', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.queue({ id: 'q2' });
    h.agent({ id: 'a1' });
    h.agent({ id: 'b1', queueIds: ['q2'] });
    h.contact({ id: 'c1' });
    h.accept('c1', 'a1');
    h.advance(90_000);
    const d = h.apply({ type: 'contact_transferred', contactId: 'c1', toQueueId: 'q2' });
    expect(d).toEqual([{ type: 'offer', contactId: 'c1', agentId: 'b1', expiresAt: h.now + 15_000 }]);
    expect(h.engine.contact('c1')?.enqueuedAt).toBe(T0);
    expect(h.engine.contact('c1')?.queueId).toBe('q2');
    expect(h.engine.agent('a1')?.totalLoad).toBe(0);
  });

  it('a transfer to an agent holds the contact for that agent', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.agent({ id: 'a2' });
    h.contact({ id: 'c1' });
    h.accept('c1', 'a1');
    const d = h.apply({ type: 'contact_transferred', contactId: 'c1', toAgentId: 'a1' });
    expect(only(d, 'offer')).toEqual([{ type: 'offer', contactId: 'c1', agentId: 'a1', expiresAt: h.now + 15_000 }]);
  });

  it('a queued callback keeps its place and is offered as an outbound call at the head', () => {
    const h = harness();
    h.queue({ id: 'q', maxWaitSeconds: 60 });
    h.agent({ id: 'a1' });
    h.contact({ id: 'busy' });
    h.accept('busy', 'a1');
    h.contact({ id: 'c1', channel: 'chat' });
    h.advance(10);
    h.contact({ id: 'c2' });
    h.apply({ type: 'callback_requested', contactId: 'c1' });
    expect(h.engine.position('c1', h.now)?.position).toBe(1);
    h.advance(120_000); // past max wait: the callback stays, the caller on the line does not
    expect(only(h.log, 'expired')).toEqual([{ type: 'expired', contactId: 'c2', action: 'voicemail' }]);
    expect(h.complete('busy')).toEqual([
      { type: 'callback_due', contactId: 'c1' },
      { type: 'offer', contactId: 'c1', agentId: 'a1', expiresAt: h.now + 15_000 },
    ]);
  });
});

describe('routing engine: capacity and presence', () => {
  it('an active call blocks chats; a chat blocks calls but not more chats', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.contact({ id: 'v1' });
    expect(h.contact({ id: 'ch1', channel: 'chat' })).toEqual([]);
    h.accept('v1', 'a1');
    expect(only(h.complete('v1'), 'offer')[0].contactId).toBe('ch1');
    expect(h.contact({ id: 'v2' })).toEqual([]);
    expect(only(h.contact({ id: 'ch2', channel: 'chat' }), 'offer')[0].agentId).toBe('a1');
    expect(h.engine.agent('a1')?.load.get('chat')).toBe(2);
  });

  it('after-contact work follows a completed contact when the queue says so, and ends by itself', () => {
    const h = harness();
    h.queue({ id: 'q', afterContactWorkSeconds: 30 });
    h.agent({ id: 'a1' });
    h.contact({ id: 'c1' });
    h.accept('c1', 'a1');
    h.contact({ id: 'c2' });
    expect(h.complete('c1')).toEqual([{ type: 'agent_state', agentId: 'a1', state: 'after_contact_work', reason: 'contact_completed' }]);
    expect(h.advance(29_999)).toEqual([]);
    expect(h.advance(1)).toEqual([
      { type: 'agent_state', agentId: 'a1', state: 'available', reason: 'acw_ended' },
      { type: 'offer', contactId: 'c2', agentId: 'a1', expiresAt: h.now + 15_000 },
    ]);
  });

  it('an assignment the database refused frees the agent at once, with no after-contact work', () => {
    const h = harness();
    h.queue({ id: 'q', afterContactWorkSeconds: 30 });
    h.agent({ id: 'a1', capacity: { voice: 1 } });
    h.contact({ id: 'c1' });
    h.accept('c1', 'a1');
    h.contact({ id: 'c2' });
    // c2 waits: the agent's one voice slot is taken by c1.
    expect(h.engine.contact('c2')?.status).toBe('waiting');
    expect(h.engine.apply({ type: 'assignment_failed', contactId: 'c1' }, h.now)).toEqual([
      { type: 'offer', contactId: 'c2', agentId: 'a1', expiresAt: h.now + 15_000 },
    ]);
    expect(h.engine.contact('c1')).toBeUndefined();
    expect(h.engine.agent('a1')?.state).toBe('available');
  });

  it('skills and language decide eligibility', () => {
    const h = harness();
    h.queue({ id: 'q', requiredSkills: [{ skill: 'billing', minLevel: 3 }], language: 'ar' });
    h.agent({ id: 'low', skills: { billing: 2 }, languages: ['ar'] });
    h.agent({ id: 'en', skills: { billing: 4 }, languages: ['en'] });
    expect(h.contact({ id: 'c1' })).toEqual([]);
    expect(only(h.contact({ id: 'c2', language: 'en', channel: 'chat' }), 'offer')[0].agentId).toBe('en');
  });
});

describe('routing engine: overflow, expiry, hours', () => {
  it('runs overflow steps in time order: relax skills, widen to another queue, offer a callback', () => {
    const h = harness();
    h.queue({
      id: 'q',
      requiredSkills: [{ skill: 'billing', minLevel: 4 }],
      overflow: [
        { afterSeconds: 90, action: 'callback' },
        { afterSeconds: 30, action: 'relax_skills' },
        { afterSeconds: 60, action: 'add_queue', queueId: 'q2' },
      ],
    });
    h.queue({ id: 'q2' });
    h.agent({ id: 'mid', skills: { billing: 3 }, state: 'away' });
    h.agent({ id: 'other', queueIds: ['q2'], state: 'away' });
    h.contact({ id: 'c1' });
    h.advance(30_000);
    expect(only(h.log, 'overflow').map((d) => d.step.action)).toEqual(['relax_skills']);
    h.advance(30_000);
    h.advance(30_000);
    expect(only(h.log, 'overflow').map((d) => [d.stepIndex, d.step.action])).toEqual([
      [0, 'relax_skills'],
      [1, 'add_queue'],
      [2, 'callback'],
    ]);
    expect(only(h.apply({ type: 'agent_state_changed', agentId: 'other', state: 'available' }), 'offer')[0].agentId).toBe('other');
  });

  it('relaxed skills let a lower-level agent take the contact', () => {
    const h = harness();
    h.queue({ id: 'q', requiredSkills: [{ skill: 'billing', minLevel: 4 }], overflow: [{ afterSeconds: 30, action: 'relax_skills' }] });
    h.agent({ id: 'mid', skills: { billing: 3 } });
    expect(h.contact({ id: 'c1' })).toEqual([]);
    expect(only(h.advance(30_000), 'offer')[0].agentId).toBe('mid');
  });

  it('expires a contact after max wait with the configured action', () => {
    const h = harness();
    h.queue({ id: 'q', maxWaitSeconds: 120, expireAction: 'leave_message' });
    h.contact({ id: 'c1' });
    expect(h.advance(119_999)).toEqual([]);
    expect(h.advance(1)).toEqual([{ type: 'expired', contactId: 'c1', action: 'leave_message' }]);
    expect(h.engine.contact('c1')).toBeUndefined();
  });

  it('a closed queue turns contacts away per its setting, or keeps them when set to queue', () => {
    const h = harness();
    h.queue({ id: 'q', open: false, closedAction: 'voicemail' });
    expect(h.contact({ id: 'c1' })).toEqual([{ type: 'expired', contactId: 'c1', action: 'voicemail' }]);
    h.queue({ id: 'q', open: false, closedAction: 'queue' });
    expect(h.contact({ id: 'c2' })).toEqual([]);
    expect(h.engine.contact('c2')?.status).toBe('waiting');
  });
});

describe('routing engine: queries', () => {
  it('estimates wait from recent handle times and staffed capacity, and reports queue stats', () => {
    const h = harness();
    h.queue({ id: 'q' });
    h.agent({ id: 'a1' });
    h.agent({ id: 'a2' });
    h.contact({ id: 'x1' });
    h.contact({ id: 'x2' });
    h.accept('x1', 'a1');
    h.accept('x2', 'a2');
    h.advance(100_000);
    h.complete('x1'); // handle time 100 s
    h.contact({ id: 'x3' });
    h.accept('x3', 'a1');
    h.contact({ id: 'w1' });
    h.contact({ id: 'w2' });
    expect(h.engine.position('w2', h.now)).toEqual({ position: 2, ewtMs: 100_000 }); // (1 + 1) × 100 s ÷ 2 slots
    h.advance(5000);
    const stats = h.engine.queueStats('q', h.now);
    expect(stats).toMatchObject({ waiting: 2, offered: 0, longestWaitMs: 5000 });
    expect(stats?.agents).toMatchObject({ available: 2, busy: 2, away: 0 });
  });
});
