// Routing engine alone: 1,000 agents, 10,000 waiting contacts, 50 queues, 20 skills.
// Agents are kept busy so a queue of ~10,000 stays; each round completes a random contact (the freed
// agent takes the best head among its queues), accepts that offer, sometimes rejects instead, and
// queues a new contact. Latency is per engine call that produced decisions.
// Run: npx tsx bench/routing-engine.ts
import { performance } from 'node:perf_hooks';
import { type Channel, type Decision, type RoutingEvent, RoutingEngine } from '../server/modules/routing/domain/index.js';

const AGENTS = 1000;
const WAITING = 10_000;
const QUEUES = 50;
const SKILLS = 20;
const ROUNDS = Number(process.env.ROUNDS ?? 60_000);

let seed = 42;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n: number) => Math.floor(rnd() * n);

const engine = new RoutingEngine();
let now = 1_700_000_000_000;
const strategies = ['longest_idle', 'least_busy', 'round_robin', 'best_skill'] as const;
const queueSkills: string[][] = [];
for (let i = 0; i < QUEUES; i++) {
  const skills = [`s${int(SKILLS)}`, `s${int(SKILLS)}`].slice(0, 1 + int(2));
  queueSkills.push(skills);
  engine.apply(
    {
      type: 'queue_upserted',
      queue: {
        id: `q${i}`,
        channels: ['voice', 'chat', 'email'],
        strategy: strategies[i % 4],
        requiredSkills: [...new Set(skills)].map((skill) => ({ skill, minLevel: 1 + int(3) })),
        language: i % 5 === 0 ? 'ar' : undefined,
        priority: int(3),
        agingPerMinute: i % 3 === 0 ? 1 : 0,
        overflow: [{ afterSeconds: 120, action: 'relax_skills' }],
      },
    },
    now,
  );
}
for (let i = 0; i < AGENTS; i++) {
  const queueIds = [...new Set(Array.from({ length: 5 }, () => `q${int(QUEUES)}`))];
  const skills: Record<string, number> = {};
  for (const q of queueIds) for (const s of queueSkills[Number(q.slice(1))]) skills[s] = 3 + int(3);
  for (let k = 0; k < 3; k++) skills[`s${int(SKILLS)}`] ??= 1 + int(5);
  engine.apply(
    {
      type: 'agent_upserted',
      agent: { id: `a${i}`, skills, languages: rnd() < 0.7 ? ['ar', 'en'] : ['en'], capacity: { voice: 1, chat: 3, email: 5 }, queueIds, state: 'available' },
    },
    now,
  );
}

const channelsPick: Channel[] = ['voice', 'voice', 'chat', 'chat', 'email'];
let nextId = 0;
const assigned: string[] = [];
const pending: { contactId: string; agentId: string }[] = [];

const apply = (e: RoutingEvent): Decision[] => engine.apply(e, now);
const absorb = (ds: Decision[]) => {
  for (const d of ds) {
    if (d.type === 'offer') pending.push(d);
  }
};
const newContact = (): RoutingEvent => {
  return {
    type: 'contact_queued',
    contact: { id: `c${nextId++}`, queueId: `q${int(QUEUES)}`, channel: channelsPick[int(5)], priority: int(3), language: rnd() < 0.2 ? 'ar' : undefined },
  };
};
const acceptPending = () => {
  while (pending.length) {
    const o = pending.pop()!;
    for (const d of apply({ type: 'offer_accepted', contactId: o.contactId, agentId: o.agentId })) if (d.type === 'assigned') assigned.push(d.contactId);
  }
};

const countWaiting = () => {
  let n = 0;
  for (let i = 0; i < QUEUES; i++) n += engine.queueStats(`q${i}`, now)!.waiting;
  return n;
};

// Fill every agent, then build the waiting line.
let waiting = 0;
for (let i = 0; waiting < WAITING; i++) {
  absorb(apply(newContact()));
  acceptPending();
  now += 1;
  if (i % 500 === 0) waiting = countWaiting();
}
const waitingAtStart = countWaiting();

const latencies: number[] = [];
let decisions = 0;
let busyMs = 0;
const byType: Record<string, number> = {};
const countType: Record<string, number> = {};
const timed = (e: RoutingEvent): Decision[] => {
  const t = performance.now();
  const ds = engine.apply(e, now);
  const dt = performance.now() - t;
  busyMs += dt;
  byType[e.type] = (byType[e.type] ?? 0) + dt;
  countType[e.type] = (countType[e.type] ?? 0) + 1;
  if (ds.length > 0) {
    decisions += ds.length;
    latencies.push((dt * 1000) / ds.length);
  }
  return ds;
};

// CPU time of the whole loop (engine + this harness + GC threads): steadier than wall time on a shared machine.
const cpu0 = process.cpuUsage();
for (let r = 0; r < ROUNDS; r++) {
  now += 5;
  const k = int(assigned.length);
  const done = assigned[k];
  assigned[k] = assigned[assigned.length - 1];
  assigned.pop();
  absorb(timed({ type: 'contact_completed', contactId: done }));
  while (pending.length) {
    const o = pending.pop()!;
    if (rnd() < 0.1) absorb(timed({ type: 'offer_rejected', contactId: o.contactId, agentId: o.agentId }));
    else for (const d of timed({ type: 'offer_accepted', contactId: o.contactId, agentId: o.agentId })) if (d.type === 'assigned') assigned.push(d.contactId);
  }
  absorb(timed(newContact()));
  if (r % 100 === 0) absorb(timed({ type: 'tick' }));
}

const cpu = process.cpuUsage(cpu0);
if (process.env.DETAIL) console.error(Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, { n: countType[k], us: +((v * 1000) / countType[k]).toFixed(2) }])));
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
console.log(
  JSON.stringify({
    bench: 'routing-engine',
    agents: AGENTS,
    queues: QUEUES,
    skills: SKILLS,
    waiting_at_start: waitingAtStart,
    waiting_at_end: countWaiting(),
    decisions,
    engine_decisions_per_s: Math.round(decisions / (busyMs / 1000)),
    engine_p50_us: Number(q(0.5).toFixed(2)),
    engine_p99_us: Number(q(0.99).toFixed(2)),
    loop_cpu_decisions_per_s: Math.round(decisions / ((cpu.user + cpu.system) / 1e6)),
  }),
);
