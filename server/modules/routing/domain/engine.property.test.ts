import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decision } from './decisions.js';
import { RoutingEngine } from './engine.js';
import type { RoutingEvent } from './events.js';
import { type Agent, type AgentState, type Channel, type Contact, normalizeQueue, type OverflowStep, type QueueInput } from './model.js';
import { meetsSkills, relaxedSkills } from './skills.js';

// Random worlds and random interleavings of everything that can happen; after every step the
// invariants below are checked against an independent reading of the engine's state.

const CH: Channel[] = ['voice', 'chat', 'email'];
const SKILLS = ['s0', 's1', 's2'];
const LANGS = ['ar', 'en'];
const STATES: AgentState[] = ['available', 'available', 'after_contact_work', 'away', 'offline'];

const stepArb: fc.Arbitrary<OverflowStep> = fc.oneof(
  fc.record({ afterSeconds: fc.integer({ min: 5, max: 120 }), action: fc.constant('relax_skills' as const) }),
  fc.record({ afterSeconds: fc.integer({ min: 5, max: 120 }), action: fc.constant('add_queue' as const), queueId: fc.constantFrom('q0', 'q1', 'q2') }),
  fc.record({ afterSeconds: fc.integer({ min: 5, max: 120 }), action: fc.constantFrom('callback' as const, 'voicemail' as const) }),
);

const queueArb = (id: string): fc.Arbitrary<QueueInput> =>
  fc.record({
    id: fc.constant(id),
    strategy: fc.constantFrom('longest_idle' as const, 'least_busy' as const, 'round_robin' as const, 'best_skill' as const),
    channels: fc.constant(CH),
    requiredSkills: fc.uniqueArray(fc.record({ skill: fc.constantFrom(...SKILLS), minLevel: fc.integer({ min: 1, max: 3 }) }), {
      selector: (r) => r.skill,
      maxLength: 1,
    }),
    language: fc.option(fc.constantFrom(...LANGS), { nil: undefined }),
    priority: fc.integer({ min: 0, max: 2 }),
    maxMissedOffers: fc.integer({ min: 1, max: 3 }),
    agingPerMinute: fc.constantFrom(0, 1),
    overflow: fc.array(stepArb, { maxLength: 3 }),
    maxWaitSeconds: fc.option(fc.integer({ min: 30, max: 300 }), { nil: undefined }),
    afterContactWorkSeconds: fc.constantFrom(0, 0, 10),
  });

const agentArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    skills: fc.dictionary(fc.constantFrom(...SKILLS), fc.integer({ min: 1, max: 5 }), { minKeys: 1 }),
    languages: fc.oneof(fc.constant(LANGS), fc.subarray(LANGS)),
    capacity: fc.record({ voice: fc.integer({ min: 0, max: 1 }), chat: fc.integer({ min: 1, max: 3 }), email: fc.integer({ min: 0, max: 2 }) }),
    queueIds: fc.subarray(['q0', 'q1', 'q2'], { minLength: 1 }),
    state: fc.constantFrom(...STATES),
  });

type Cmd =
  | { k: 'queue'; q: number; ch: Channel; prio: number; lang?: string; pref?: number; cb: boolean }
  | { k: 'accept' | 'reject' | 'abandon' | 'complete' | 'callback'; pick: number }
  | { k: 'state'; agent: number; state: AgentState }
  | { k: 'transfer'; pick: number; q: number; agent?: number }
  | { k: 'force'; pick: number; agent: number }
  | { k: 'upsert'; agent: number; skills: Record<string, number>; queueIds: string[]; languages: string[] }
  | { k: 'tick'; dt: number };

const nat = fc.nat(1000);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('queue' as const), q: fc.nat(2), ch: fc.constantFrom(...CH), prio: fc.nat(2), lang: fc.option(fc.constantFrom(...LANGS), { nil: undefined }), pref: fc.option(fc.nat(5), { nil: undefined }), cb: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('accept' as const), pick: nat }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('reject' as const), pick: nat }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('abandon' as const), pick: nat }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('complete' as const), pick: nat }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('callback' as const), pick: nat }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('state' as const), agent: fc.nat(5), state: fc.constantFrom(...STATES) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), pick: nat, q: fc.nat(2), agent: fc.option(fc.nat(5), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('force' as const), pick: nat, agent: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('upsert' as const), agent: fc.nat(5), skills: fc.dictionary(fc.constantFrom(...SKILLS), fc.integer({ min: 1, max: 5 })), queueIds: fc.subarray(['q0', 'q1', 'q2']), languages: fc.subarray(LANGS) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('tick' as const), dt: fc.integer({ min: 1, max: 40_000 }) }) },
);

const worldArb = fc.record({
  queues: fc.tuple(queueArb('q0'), queueArb('q1'), queueArb('q2')),
  agents: fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => agentArb(`a${i}`)))),
  cmds: fc.array(cmdArb, { minLength: 50, maxLength: 200, size: 'max' }),
});

/** Plain assertion: the checks run millions of times, so they skip the matcher machinery. */
function ok(cond: boolean, msg: string): asserts cond is true {
  if (!cond) throw new Error(msg);
}

const blocks: Partial<Record<Channel, Channel[]>> = { voice: ['chat', 'email'], chat: ['voice'] };

/** Load per channel, read from the contacts (not from the engine's counters). */
function loads(contacts: readonly Contact[]) {
  const m = new Map<string, Map<Channel, number>>();
  for (const c of contacts) {
    const who = c.status === 'offered' ? c.offer!.agentId : c.status === 'assigned' ? c.assignedTo! : undefined;
    if (!who) continue;
    const l = m.get(who) ?? new Map<Channel, number>();
    l.set(c.channel, (l.get(c.channel) ?? 0) + 1);
    m.set(who, l);
  }
  return m;
}

function room(a: Agent, load: Map<Channel, number> | undefined, ch: Channel) {
  if (a.state !== 'available') return false;
  const l = load ?? new Map<Channel, number>();
  if ((l.get(ch) ?? 0) >= (a.capacity[ch] ?? 0)) return false;
  for (const [busy, n] of l) if (n > 0 && busy !== ch && blocks[busy]?.includes(ch)) return false;
  return true;
}

function eligible(a: Agent, c: Contact, queues: Map<string, ReturnType<typeof normalizeQueue>>) {
  const q = queues.get(c.queueId)!;
  const lang = c.language ?? q.language;
  if (lang !== undefined && !a.languages.has(lang)) return false;
  if (a.queueIds.has(q.id) && meetsSkills(a.skills, relaxedSkills(q, c.relaxLevel))) return true;
  return c.addedQueues.some((id) => id !== q.id && a.queueIds.has(id) && meetsSkills(a.skills, queues.get(id)!.requiredSkills));
}

const STATS: Record<string, number> = {};
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

function run(world: World) {
  const engine = new RoutingEngine();
  const queues = new Map(world.queues.map((q) => [q.id, normalizeQueue(q)]));
  let now = 1_700_000_000_000;
  const created: string[] = [];
  const ended = new Map<string, string>();
  let n = 0;

  const step = (e: RoutingEvent) => {
    const timersDue = (engine.nextTimerAt() ?? Infinity) <= now;
    const before = new Map([...engine.contacts()].map((c) => [c.id, c.status]));
    const ds = engine.apply(e, now);
    for (const d of ds) STATS[d.type] = (STATS[d.type] ?? 0) + 1;
    check(ds, timersDue, before);
  };

  const check = (ds: Decision[], timersDue: boolean, before: Map<string, string>) => {
    for (const d of ds) if (d.type === 'expired') ended.set(d.contactId, 'expired');
    const contacts = [...engine.contacts()] as Contact[];
    const agents = [...engine.agents()] as Agent[];
    const load = loads(contacts);
    // none lost: every contact is still routed or ended exactly once
    for (const id of created) ok(engine.contact(id) !== undefined || ended.has(id), `lost ${id}`);
    for (const id of ended.keys()) ok(engine.contact(id) === undefined, `ended but routed ${id}`);
    for (const a of agents) {
      const l = load.get(a.id);
      for (const ch of CH) {
        // no agent above capacity, and the engine's own counters agree
        ok((l?.get(ch) ?? 0) <= (a.capacity[ch] ?? 0), `${a.id} over ${ch}`);
        ok((a.load.get(ch) ?? 0) === (l?.get(ch) ?? 0), `${a.id} load counter on ${ch}`);
      }
    }
    // no contact offered or assigned twice at once
    const owners = new Map<string, number>();
    for (const a of agents) for (const id of [...a.offered, ...a.assigned]) owners.set(id, (owners.get(id) ?? 0) + 1);
    for (const [id, n2] of owners) ok(n2 === 1, `${id} held by ${n2} agents`);
    for (const c of contacts) if (c.status !== 'waiting') ok(owners.get(c.id) === 1, `${c.id} ${c.status} without an owner`);
    // no idle agent while an eligible contact waits (except one cooling down after turning that contact down)
    for (const c of contacts) {
      if (c.status !== 'waiting') continue;
      if (c.forcedAgentId) ok(c.heldFor === c.forcedAgentId, `${c.id} not held for its forced agent`);
      for (const a of agents) {
        if (!room(a, load.get(a.id), c.channel)) continue;
        if (!c.heldFor && (c.cooling?.get(a.id) ?? 0) > now) {
          ok(c.rejectedBy.has(a.id), `${c.id} cooling for ${a.id} who never turned it down`);
          continue;
        }
        const could = c.heldFor ? a.id === c.heldFor : eligible(a, c, queues);
        ok(!could, `idle ${a.id} while ${c.id} waits`);
      }
    }
    // priority then FIFO within a queue (when no timer ran in the same step)
    if (timersDue) return;
    const offers = ds.filter((d): d is Extract<Decision, { type: 'offer' }> => d.type === 'offer');
    const ahead = (x: Contact, y: Contact) => {
      const rate = queues.get(x.queueId)!.agingPerMinute;
      const lhs = (x.priority - y.priority) * 60_000;
      const rhs = rate * (x.enqueuedAt - y.enqueuedAt);
      return lhs > rhs || (lhs === rhs && x.enqueuedAt < y.enqueuedAt);
    };
    const waitingBefore = (c: Contact) => before.get(c.id) === 'waiting';
    for (const o of offers) {
      const c = engine.contact(o.contactId) as Contact | undefined;
      if (!c || c.forcedAgentId || (c.preferredAgentId === o.agentId && (c.preferredUntil ?? 0) > now)) continue;
      const a = engine.agent(o.agentId) as Agent;
      for (const w of contacts) {
        if (w.status !== 'waiting' || w.heldFor || !waitingBefore(w) || w.queueId !== c.queueId || w.channel !== c.channel) continue;
        if ((w.cooling?.get(o.agentId) ?? 0) > now) continue; // that agent turned w down a moment ago
        ok(!(ahead(w, c) && eligible(a, w, queues)), `${o.agentId} got ${c.id} while ${w.id} was ahead`);
      }
    }
  };

  for (const q of world.queues) step({ type: 'queue_upserted', queue: q });
  for (const a of world.agents) step({ type: 'agent_upserted', agent: a });
  const pick = <T,>(xs: T[], i: number) => (xs.length ? xs[i % xs.length] : undefined);
  const ofStatus = (s: string) => [...engine.contacts()].filter((c) => c.status === s);
  const agentId = (i: number) => world.agents[i % world.agents.length].id;

  for (const cmd of world.cmds) {
    now += cmd.k === 'tick' ? cmd.dt : 200;
    switch (cmd.k) {
      case 'tick':
        step({ type: 'tick' });
        break;
      case 'queue': {
        const id = `c${n++}`;
        created.push(id);
        const pref = cmd.pref === undefined ? {} : { preferredAgentId: agentId(cmd.pref), preferredUntil: now + 30_000 };
        step({ type: 'contact_queued', contact: { id, queueId: `q${cmd.q}`, channel: cmd.ch, priority: cmd.prio, language: cmd.lang, callback: cmd.cb && cmd.ch === 'voice', ...pref } });
        break;
      }
      case 'accept':
      case 'reject': {
        const c = pick(ofStatus('offered'), cmd.pick);
        if (c) step({ type: cmd.k === 'accept' ? 'offer_accepted' : 'offer_rejected', contactId: c.id, agentId: c.offer!.agentId });
        break;
      }
      case 'complete': {
        const c = pick(ofStatus('assigned'), cmd.pick);
        if (c) {
          ended.set(c.id, 'completed');
          step({ type: 'contact_completed', contactId: c.id });
        }
        break;
      }
      case 'abandon': {
        const c = pick([...ofStatus('waiting'), ...ofStatus('offered')], cmd.pick);
        if (c) {
          ended.set(c.id, 'abandoned');
          step({ type: 'contact_abandoned', contactId: c.id });
        }
        break;
      }
      case 'callback': {
        const c = pick(ofStatus('waiting'), cmd.pick);
        if (c) step({ type: 'callback_requested', contactId: c.id });
        break;
      }
      case 'state':
        step({ type: 'agent_state_changed', agentId: agentId(cmd.agent), state: cmd.state });
        break;
      case 'transfer': {
        const c = pick([...engine.contacts()], cmd.pick);
        if (c) step({ type: 'contact_transferred', contactId: c.id, toQueueId: `q${cmd.q}`, toAgentId: cmd.agent === undefined ? undefined : agentId(cmd.agent) });
        break;
      }
      case 'force': {
        const c = pick(ofStatus('waiting'), cmd.pick);
        if (c) step({ type: 'force_assign', contactId: c.id, agentId: agentId(cmd.agent) });
        break;
      }
      case 'upsert': {
        const base = world.agents[cmd.agent % world.agents.length];
        step({ type: 'agent_upserted', agent: { ...base, skills: cmd.skills, queueIds: cmd.queueIds, languages: cmd.languages } });
        break;
      }
    }
  }
  // every contact ends answered, abandoned, expired, or is still routed
  for (const id of created) {
    const c = engine.contact(id);
    ok(c !== undefined || ['completed', 'abandoned', 'expired'].includes(ended.get(id)!), `${id} neither routed nor ended`);
  }
}

describe('routing engine properties', () => {
  it('holds every invariant over random event sequences', () => {
    fc.assert(fc.property(worldArb, (w) => run(w)), { numRuns: 300 });
    // the generator must actually exercise the engine, not just pass vacuously
    for (const type of ['offer', 'assigned', 'revoke', 'overflow', 'expired', 'agent_state', 'callback_due']) expect(STATS[type] ?? 0).toBeGreaterThan(100);
  }, 60_000);
});
