// Routing end to end on a real PostgreSQL: the product runs as its own process (embedded PostgreSQL in a
// fresh temp directory, loopback only); 500 agents connect over websockets and go available; contacts
// are created through the public API at 200/s for 30 s; each agent accepts its offers, handles the
// contact for 1-3 s and closes it. Measures creation -> offer received (websocket) and accept ->
// assignment confirmed (HTTP 200), then checks in the database that no contact was lost or doubled.
// Prints one JSON line on stdout; progress goes to stderr. Exit code 1 when contacts were lost or
// doubled or the server answered 5xx.
//
// Run: npx tsx bench/routing-e2e.ts [--rate=200] [--duration=30] [--agents=500] ...
// Every option is also an environment variable in upper case (RATE=100 DURATION=10 npx tsx ...):
//   rate (contacts/s), duration (s), agents, capacity (chat per agent), handle_min_ms, handle_max_ms,
//   drain (s), warmup (contacts before measuring), arrivals (poisson | even), acw (after-contact work s),
//   sockets (HTTP keep-alive sockets), seed, timeout (s, whole bench), metrics_rollups (1 | 0: 0 disables the
//   KPI rollup triggers, a diagnostic to tell routing's own cost from theirs; reported as `metrics_rollups`).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { httpClient, type Reply, type Session } from './lib/http.js';
import { cpuSeconds, startBenchProduct, treeCpuSeconds, type BenchProduct } from './lib/product.js';
import { audit, seed } from './lib/seed.js';
import { pool, rng, summary } from './lib/stats.js';

process.chdir(path.resolve(import.meta.dirname, '..'));

const args = Object.fromEntries(process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
  const [k, v] = a.slice(2).split('=');
  return [k!.replace(/-/g, '_'), v ?? 'true'];
}));
const opt = (name: string, dflt: number) => {
  const raw = args[name] ?? process.env[name.toUpperCase()];
  const n = raw === undefined ? dflt : Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${raw}`);
  return n;
};
const cfg = {
  rate: opt('rate', 200),
  duration: opt('duration', 30),
  agents: opt('agents', 500),
  capacity: opt('capacity', 3),
  handleMinMs: opt('handle_min_ms', 1000),
  handleMaxMs: opt('handle_max_ms', 3000),
  drain: opt('drain', 15),
  warmup: opt('warmup', 50),
  arrivals: String(args.arrivals ?? process.env.ARRIVALS ?? 'poisson'),
  acw: opt('acw', 0),
  sockets: opt('sockets', 64),
  seed: opt('seed', 7),
  timeout: opt('timeout', 0),
  metricsRollups: opt('metrics_rollups', 1) !== 0,
};
if (!['poisson', 'even'].includes(cfg.arrivals)) throw new Error('--arrivals is poisson or even');
const total = Math.round(cfg.rate * cfg.duration);
const log = (m: string) => process.stderr.write(`[routing-e2e] ${m}\n`);

type Agent = Session & { userId: string; socket?: WebSocket; load: number };
interface Rec {
  warm: boolean;
  sentAt?: number;
  offerAt?: number;
  offers: number;
  acceptSentAt?: number;
  acceptMs?: number;
  acceptedBy: Set<string>;
  /** Handling started (after accept 200, or the `routing.assigned` event when the accept answer failed). */
  handling: boolean;
  closed: boolean;
}

const recs = new Map<string, Rec>();
const rec = (id: string) => {
  let r = recs.get(id);
  if (!r) recs.set(id, (r = { warm: false, offers: 0, acceptedBy: new Set(), handling: false, closed: false }));
  return r;
};
const errors = new Map<string, number>();
const errorSamples: string[] = [];
let http5xx = 0;
const noteError = (what: string, r: Reply | Error) => {
  const key = r instanceof Error ? `${what} ${r.message.slice(0, 80)}` : `${what} ${r.status}`;
  errors.set(key, (errors.get(key) ?? 0) + 1);
  if (!(r instanceof Error) && r.status >= 500) http5xx++;
  if (errorSamples.length < 8) errorSamples.push(`${what} -> ${r instanceof Error ? r.message : `${r.status} ${r.body.slice(0, 300)}`}`);
};
const counters = { created: 0, createFailed: 0, offered: 0, reoffered: 0, revoked: 0, accepted: 0, acceptFailed: 0, assignedEvents: 0, closed: 0, closeFailed: 0, wsClosed: 0 };
let maxAgentLoad = 0;
let overCapacity = 0;
let stopping = false;
const pendingWork = new Set<Promise<unknown>>();
const track = <T>(p: Promise<T>) => {
  pendingWork.add(p);
  void p.finally(() => pendingWork.delete(p)).catch(() => {});
  return p;
};

let product: BenchProduct | undefined;
let finished = false;

async function main() {
  const random = rng(cfg.seed);
  log(`starting the product (fresh embedded PostgreSQL) …`);
  const t0 = Date.now();
  product = await startBenchProduct();
  log(`up in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${product.base}; seeding ${cfg.agents} agents`);
  const fixture = await seed(product.dbUrl, {
    agents: cfg.agents, customers: total + cfg.warmup, chatCapacity: cfg.capacity, queueSettings: { afterContactWorkSeconds: cfg.acw }, metricsRollups: cfg.metricsRollups,
  });
  const http = httpClient(product.base, cfg.sockets);
  const agents: Agent[] = fixture.agents.map((a) => ({ ...a, load: 0 }));

  const close = (a: Agent, id: string) => {
    a.load--;
    return track(http.request('POST', `/api/interactions/${id}/close`, a, { resolved: true }).then((r) => {
      if (r.status === 200) {
        rec(id).closed = true;
        counters.closed++;
      } else {
        counters.closeFailed++;
        noteError('POST /api/interactions/:id/close', r);
      }
    }, (e: Error) => {
      counters.closeFailed++;
      noteError('POST /api/interactions/:id/close', e);
    }));
  };
  // The agent handles the contact for a while, then closes it (freeing capacity). Started once per contact.
  const handle = (a: Agent, id: string) => {
    const r = rec(id);
    if (r.handling) return;
    r.handling = true;
    a.load++;
    maxAgentLoad = Math.max(maxAgentLoad, a.load);
    if (a.load > cfg.capacity) overCapacity++;
    const ms = cfg.handleMinMs + random() * (cfg.handleMaxMs - cfg.handleMinMs);
    track(new Promise<void>((done) => setTimeout(() => void close(a, id).then(done), ms)));
  };
  const accept = (a: Agent, offerId: string, id: string) => {
    const r = rec(id);
    const sent = performance.now();
    return track(http.request('POST', `/api/routing/offers/${offerId}/accept`, a).then((res) => {
      if (res.status !== 200) {
        counters.acceptFailed++;
        noteError('POST /api/routing/offers/:id/accept', res);
        return;
      }
      r.acceptSentAt = sent;
      r.acceptMs = performance.now() - sent;
      r.acceptedBy.add(a.userId);
      counters.accepted++;
      handle(a, id);
    }, (e: Error) => {
      counters.acceptFailed++;
      noteError('POST /api/routing/offers/:id/accept', e);
    }));
  };

  // Every agent connects its websocket (cookie only, no Origin header) and subscribes to its own topic.
  const wsBase = product.base.replace('http', 'ws');
  await pool(agents, 50, (a) => new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(`${wsBase}/api/realtime`, { headers: { cookie: a.cookie }, perMessageDeflate: false });
    a.socket = socket;
    const timer = setTimeout(() => reject(new Error(`websocket of ${a.userId}: not subscribed within 15 s`)), 15_000);
    socket.on('error', (e) => reject(e));
    socket.on('close', (code) => {
      if (!stopping) {
        counters.wsClosed++;
        noteError('websocket closed', new Error(`code ${code}`));
      }
    });
    socket.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { kind: string; type?: string; topics?: string[]; denied?: string[]; payload?: { id: string; interactionId: string } };
      if (m.kind === 'subscribed') {
        clearTimeout(timer);
        if (!m.topics?.includes(`user:${a.userId}`)) reject(new Error(`subscription denied: ${JSON.stringify(m)}`));
        else resolve();
      } else if (m.kind === 'event' && m.type === 'routing.offer' && m.payload) {
        const r = rec(m.payload.interactionId);
        r.offers++;
        if (r.offerAt === undefined) {
          r.offerAt = performance.now();
          counters.offered++;
        } else counters.reoffered++;
        void accept(a, m.payload.id, m.payload.interactionId);
      } else if (m.kind === 'event' && m.type === 'routing.assigned' && m.payload) {
        // Confirmed by the router even if our accept request gave up waiting (503): handle it anyway.
        counters.assignedEvents++;
        handle(a, m.payload.interactionId);
      } else if (m.kind === 'event' && m.type === 'routing.offer_revoked') counters.revoked++;
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'subscribe', topics: [`user:${a.userId}`] })));
  }));
  log(`${agents.length} websockets subscribed; agents going available`);
  await pool(agents, 16, async (a) => {
    const r = await http.request('PUT', '/api/routing/me/state', a, { state: 'available' });
    if (r.status !== 200) throw new Error(`PUT /api/routing/me/state: ${r.status} ${r.body}`);
  });

  const create = (i: number, warm: boolean) => {
    const customerId = fixture.customerIds[i]!;
    const sent = performance.now();
    return track(http.request('POST', '/api/interactions', fixture.admin, { customerId, channel: 'chat', queueId: fixture.queueId }).then((res) => {
      if (res.status !== 201) {
        counters.createFailed++;
        noteError('POST /api/interactions', res);
        return;
      }
      const id = (JSON.parse(res.body) as { interaction: { id: string } }).interaction.id;
      const r = rec(id); // the offer may have arrived before this answer
      r.sentAt = sent;
      r.warm = warm;
      counters.created++;
    }, (e: Error) => {
      counters.createFailed++;
      noteError('POST /api/interactions', e);
    }));
  };
  const settled = (ids: Iterable<Rec>) => [...ids].every((r) => r.closed);

  // Warm-up (not measured): it also proves the router has claimed the workspace and seen every agent's state.
  if (cfg.warmup > 0) {
    const end = Date.now() + 60_000;
    for (let i = 0; i < cfg.warmup; i++) {
      void create(i, true);
      await new Promise((r) => setTimeout(r, 20));
    }
    while (Date.now() < end && !(counters.created + counters.createFailed === cfg.warmup && settled([...recs.values()].filter((r) => r.warm)))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (Date.now() >= end) throw new Error(`warm-up contacts were not all offered, accepted and closed within 60 s: ${JSON.stringify(counters)}`);
    log(`warm-up: ${cfg.warmup} contacts routed; load: ${total} contacts at ${cfg.rate}/s (${cfg.arrivals}) for ${cfg.duration} s`);
  }
  const base = { ...counters };

  // The load: arrivals at fixed times (Poisson or even), sent when due; lag = how late the client sent them.
  const due: number[] = [];
  for (let i = 0, t = 0; i < total; i++) {
    t += cfg.arrivals === 'even' ? 1000 / cfg.rate : (-Math.log(1 - random()) * 1000) / cfg.rate;
    due.push(t);
  }
  const lag: number[] = [];
  const backlog: number[] = [];
  const cpu0 = { client: process.cpuUsage(), server: cpuSeconds(product.pid), tree: treeCpuSeconds(product.pid) };
  const start = performance.now();
  const progress = setInterval(() => {
    const b = counters.created - base.created - (counters.offered - base.offered);
    backlog.push(b);
    const s = ((performance.now() - start) / 1000).toFixed(0);
    if (backlog.length % 5 === 0) log(`t=${s}s created ${counters.created - base.created} offered ${counters.offered - base.offered} accepted ${counters.accepted - base.accepted} closed ${counters.closed - base.closed} waiting~${b} errors ${[...errors.values()].reduce((a, b) => a + b, 0)}`);
  }, 1000);
  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now() - start;
      while (i < total && due[i]! <= now) {
        lag.push(now - due[i]!);
        void create(cfg.warmup + i, false);
        i++;
      }
      if (i >= total) return resolve();
      setTimeout(tick, Math.max(0, due[i]! - (performance.now() - start) - 0.5));
    };
    tick();
  });
  const loadEnd = performance.now();
  const cpu1 = { client: process.cpuUsage(cpu0.client), server: cpuSeconds(product.pid), tree: treeCpuSeconds(product.pid) };
  log(`load sent in ${((loadEnd - start) / 1000).toFixed(1)} s; draining (up to ${cfg.drain} s)`);

  // Drain: every created contact offered, accepted and closed, or the drain time is up.
  const drainEnd = Date.now() + cfg.drain * 1000;
  while (Date.now() < drainEnd && !(settled(recs.values()) && counters.created + counters.createFailed === total + cfg.warmup)) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainedMs = performance.now() - loadEnd;
  clearInterval(progress);
  // Let requests already sent finish (bounded), then look at the database.
  await Promise.race([Promise.allSettled([...pendingWork]), new Promise((r) => setTimeout(r, 10_000))]);
  const db = await audit(product.dbUrl, fixture.workspaceId);
  stopping = true;
  for (const a of agents) a.socket?.terminate();
  http.close();

  const measured = [...recs.values()].filter((r) => !r.warm && r.sentAt !== undefined);
  const offerMs = measured.filter((r) => r.offerAt !== undefined).map((r) => r.offerAt! - r.sentAt!);
  const acceptMs = measured.filter((r) => r.acceptMs !== undefined).map((r) => r.acceptMs!);
  const offer = summary(offerMs, 1);
  const acc = summary(acceptMs, 1);
  const clientDoubled = [...recs.values()].filter((r) => r.acceptedBy.size > 1).length;
  const notOffered = [...recs.values()].filter((r) => r.sentAt !== undefined && r.offerAt === undefined).length;
  const loadS = (loadEnd - start) / 1000;
  const pct = (v: number | undefined, s: number) => (v === undefined ? null : Math.round((v / s) * 100));
  const result = {
    bench: 'routing-e2e',
    contacts: measured.length,
    rate_per_s: cfg.rate,
    achieved_rate_per_s: Number((measured.length / loadS).toFixed(1)),
    duration_s: cfg.duration,
    arrivals: cfg.arrivals,
    agents: cfg.agents,
    chat_capacity: cfg.capacity,
    metrics_rollups: cfg.metricsRollups ? 'on' : 'off',
    e2e_offer_p50_ms: offer.p50,
    e2e_offer_p90_ms: offer.p90,
    e2e_offer_p99_ms: offer.p99,
    e2e_offer_max_ms: offer.max,
    e2e_accept_p50_ms: acc.p50,
    e2e_accept_p99_ms: acc.p99,
    e2e_accept_max_ms: acc.max,
    lost: db.neverAccepted,
    doubled: db.doubled + clientDoubled,
    not_offered: notOffered,
    still_queued: db.byStatus.queued ?? 0,
    pending_offers: db.pendingOffers,
    reoffers: counters.reoffered,
    revoked: counters.revoked,
    max_agent_load: maxAgentLoad,
    over_capacity: overCapacity,
    create_errors: counters.createFailed,
    create_unanswered: total + cfg.warmup - counters.created - counters.createFailed,
    accept_errors: counters.acceptFailed,
    close_errors: counters.closeFailed,
    http_5xx: http5xx,
    max_waiting: Math.max(0, ...backlog),
    client_send_lag_p99_ms: summary(lag, 1).p99,
    drain_ms: Math.round(drainedMs),
    cpu_pct_server_node: cpu1.server !== undefined && cpu0.server !== undefined ? pct(cpu1.server - cpu0.server, loadS) : null,
    cpu_pct_server_and_pg: cpu1.tree !== undefined && cpu0.tree !== undefined ? pct(cpu1.tree - cpu0.tree, loadS) : null,
    cpu_pct_bench_client: pct((cpu1.client.user + cpu1.client.system) / 1e6, loadS),
    db_contacts: db.total,
    db_by_status: db.byStatus,
    realtime_events: db.realtimeByType,
    ...(errors.size ? { errors: Object.fromEntries(errors), error_samples: errorSamples } : {}),
  };
  const p = product;
  const code = await p.stop(true);
  finished = true;
  product = undefined;
  if (code !== 0) log(`the server exited with code ${code} on SIGTERM; its output (last 2000 chars):\n${p.proc.output().slice(-2000)}`);
  console.log(JSON.stringify(result));
  return result.lost > 0 || result.doubled > 0 || result.http_5xx > 0 ? 1 : 0;
}

const abort = async (why: unknown) => {
  if (finished) return;
  finished = true;
  log(`FAILED: ${why instanceof Error ? why.stack ?? why.message : String(why)}`);
  if (errorSamples.length) log(`errors: ${JSON.stringify(Object.fromEntries(errors))}\n${errorSamples.join('\n')}`);
  const p = product;
  product = undefined;
  if (p) {
    const out = p.proc.output();
    if (out.trim()) log(`server output (last 3000 chars):\n${out.slice(-3000)}`);
    await p.stop(false).catch((e) => log(`cleanup: ${e}`));
  }
  process.exit(2);
};
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void abort(`interrupted (${sig})`));
const limit = (cfg.timeout || cfg.duration + cfg.drain + 240) * 1000;
const guard = setTimeout(() => void abort(`the bench took longer than ${limit / 1000} s`), limit);
main().then((code) => {
  clearTimeout(guard);
  process.exit(code);
}, (e) => void abort(e));
