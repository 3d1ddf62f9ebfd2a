import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasRoom } from '../capacity.js';
import { type Agent, type Channel, DEFAULT_BLOCKS } from '../model.js';
import { isEligible, pickAgent, type Placement } from '../pipeline.js';
import { strategies } from './index.js';
import type { EligibleAgent, Strategy } from './types.js';

// One suite every strategy must pass, selector alone and inside the pipeline.

const eligibleArb = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^a[0-9]{1,2}$/),
    idleSince: fc.integer({ min: 0, max: 100 }),
    lastOfferedAt: fc.integer({ min: 0, max: 100 }),
    loadRatio: fc.constantFrom(0, 0.25, 0.5, 0.75),
    totalLoad: fc.integer({ min: 0, max: 4 }),
    skillScore: fc.integer({ min: 0, max: 10 }),
  }),
  { selector: (a) => a.id, maxLength: 12 },
);

const chans: Channel[] = ['voice', 'chat', 'email'];
const agentArb = (i: number) =>
  fc
    .record({
      state: fc.constantFrom('available', 'available', 'after_contact_work', 'away', 'offline'),
      skill: fc.integer({ min: 0, max: 5 }),
      lang: fc.constantFrom('ar', 'en'),
      inQueue: fc.boolean(),
      voice: fc.integer({ min: 0, max: 1 }),
      chat: fc.integer({ min: 0, max: 3 }),
      email: fc.integer({ min: 0, max: 3 }),
      idleSince: fc.integer({ min: 0, max: 50 }),
    })
    .map(
      (r): Agent => ({
        id: `a${i}`,
        state: r.state as Agent['state'],
        reason: undefined,
        skills: new Map([['billing', r.skill]]),
        languages: new Set([r.lang]),
        capacity: { voice: 1, chat: 3, email: 2 },
        queueIds: new Set(r.inQueue ? ['q'] : []),
        blocks: DEFAULT_BLOCKS,
        load: new Map<Channel, number>([['voice', r.voice], ['chat', r.chat], ['email', Math.min(r.email, 2)]]),
        totalLoad: r.voice + r.chat + Math.min(r.email, 2),
        idleSince: r.idleSince,
        lastOfferedAt: 0,
        missedInRow: 0,
        acwEndsAt: undefined,
        offered: new Set(),
        assigned: new Set(),
      }),
    );
const agentsArb = fc.integer({ min: 0, max: 10 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => agentArb(i))));
const placementArb = fc.record({
  channel: fc.constantFrom(...chans),
  minLevel: fc.integer({ min: 1, max: 5 }),
  language: fc.constantFrom(undefined, 'ar', 'en'),
  rejected: fc.subarray(Array.from({ length: 10 }, (_, i) => `a${i}`)),
});
type PlacementInput = typeof placementArb extends fc.Arbitrary<infer T> ? T : never;
const toPlacement = (r: PlacementInput): Placement => ({
  id: 'c',
  channel: r.channel,
  language: r.language,
  targets: [{ queueId: 'q', skills: [{ skill: 'billing', minLevel: r.minLevel }] }],
  rejectedBy: new Set(r.rejected),
  scoreSkills: [{ skill: 'billing', minLevel: r.minLevel }],
});
const ctx = (lastPicked?: string) => ({ queueId: 'q', now: 1000, lastPicked });
const shuffle = <T>(xs: readonly T[], seed: number) =>
  xs.map((x, i) => [x, (i * 7919 + seed * 104729) % 1009] as const).sort((a, b) => a[1] - b[1]).map(([x]) => x);

describe.each(Object.values(strategies))('strategy contract: $name', (strategy: Strategy) => {
  it('returns one of the candidates, and undefined only when there are none', () => {
    fc.assert(
      fc.property(eligibleArb, fc.option(fc.stringMatching(/^a[0-9]{1,2}$/), { nil: undefined }), (cands, last) => {
        const id = strategy.select(cands, { id: 'c', channel: 'chat' }, ctx(last));
        if (cands.length === 0) expect(id).toBeUndefined();
        else expect(cands.map((c) => c.id)).toContain(id);
      }),
    );
  });

  it('is deterministic and does not depend on candidate order', () => {
    fc.assert(
      fc.property(eligibleArb, fc.nat(50), fc.option(fc.constant('a5'), { nil: undefined }), (cands, seed, last) => {
        const frozen = JSON.stringify(cands);
        const a = strategy.select(cands, { id: 'c', channel: 'chat' }, ctx(last));
        const b = strategy.select(cands, { id: 'c', channel: 'chat' }, ctx(last));
        const c = strategy.select(shuffle(cands, seed), { id: 'c', channel: 'chat' }, ctx(last));
        expect(b).toBe(a);
        expect(c).toBe(a);
        expect(JSON.stringify(cands)).toBe(frozen);
      }),
    );
  });

  it('in the pipeline never picks an ineligible or full agent, and finds one whenever one can take it', () => {
    fc.assert(
      fc.property(agentsArb, placementArb, (agents, r) => {
        const p = toPlacement(r);
        const id = pickAgent(agents, p, strategy, ctx());
        const ok = agents.filter((a) => hasRoom(a, p.channel) && isEligible(a, p));
        if (ok.length === 0) {
          expect(id).toBeUndefined();
          return;
        }
        const chosen = agents.find((a) => a.id === id)!;
        expect(ok).toContain(chosen);
        // someone who rejected it only when everyone who can take it did
        if (p.rejectedBy.has(chosen.id)) expect(ok.every((a) => p.rejectedBy.has(a.id))).toBe(true);
      }),
    );
  });
});

describe('strategy orderings', () => {
  const e = (id: string, over: Partial<EligibleAgent> = {}): EligibleAgent => ({
    id,
    idleSince: 0,
    lastOfferedAt: 0,
    loadRatio: 0,
    totalLoad: 0,
    skillScore: 0,
    ...over,
  });
  it('exists for every strategy name', () => {
    expect(Object.keys(strategies).sort()).toEqual(['best_skill', 'least_busy', 'longest_idle', 'round_robin']);
    for (const [name, s] of Object.entries(strategies)) expect(s.name).toBe(name);
  });
  it('every strategy breaks full ties by agent id', () => {
    for (const s of Object.values(strategies)) expect(s.select([e('b'), e('a')], { id: 'c', channel: 'chat' }, ctx())).toBe('a');
  });
});
