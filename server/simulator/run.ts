import { setMaxListeners } from 'node:events';
import WebSocket from 'ws';
import { arrivals, exponential, logNormal, pick, seeded, type Rand } from './sample.js';

/**
 * Traffic simulator: drives a running Tawasul through its public interfaces. Customers arrive on
 * several channels as a Poisson process (staff REST API creates the contact in a queue) and leave the
 * queue after a sampled patience; simulated agents sign in, go available, take offers from their
 * websocket, talk for a sampled handle time, wrap up, close (resolved or not, with a reason), sometimes
 * answer a CSAT survey, and take breaks.
 */
export type SimOptions = {
  url: string;
  admin: { email: string; password: string };
  agents: { email: string; password: string }[];
  ratePerMinute: number;
  durationSeconds: number;
  /** After arrivals stop, how long agents go on finishing their contacts. */
  drainSeconds: number;
  handleSeconds: number;
  wrapSeconds: number;
  patienceSeconds: number;
  ringSeconds: number;
  breakChance: number;
  breakSeconds: number;
  resolvedShare: number;
  surveyShare: number;
  channels: string[];
  reasons: string[];
  seed: number;
  log: (line: string) => void;
};

export const defaultOptions: Omit<SimOptions, 'url' | 'admin' | 'agents'> = {
  ratePerMinute: 20, durationSeconds: 120, drainSeconds: 30, handleSeconds: 45, wrapSeconds: 8, patienceSeconds: 40, ringSeconds: 2,
  breakChance: 0.05, breakSeconds: 20, resolvedShare: 0.85, surveyShare: 0.5,
  channels: ['chat', 'voice', 'email', 'whatsapp'], reasons: ['billing', 'delivery', 'returns', 'order_status', 'technical', 'account'],
  seed: Date.now() % 100_000, log: () => {},
};

export type SimStats = { created: number; answered: number; abandoned: number; closed: number; resolved: number; rated: number; stateChanges: number; breaks: number; errors: number };

class Http {
  cookie = '';
  csrf = '';
  userId = '';
  constructor(readonly base: string) {}

  async login(email: string, password: string) {
    const res = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const body = (await res.json()) as { csrfToken: string; user: { id: string } };
    this.csrf = body.csrfToken;
    this.userId = body.user.id;
    return this;
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

/** Waits `ms`, or less when `signal` aborts; the listener goes away with the wait (many waits share a signal). */
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  if (signal?.aborted) return resolve();
  const done = () => { clearTimeout(t); signal?.removeEventListener('abort', done); resolve(); };
  const t = setTimeout(done, ms);
  signal?.addEventListener('abort', done, { once: true });
});

export async function simulate(given: Partial<SimOptions> & Pick<SimOptions, 'url' | 'admin' | 'agents'>): Promise<SimStats> {
  const o: SimOptions = { ...defaultOptions, ...given };
  const rand: Rand = seeded(o.seed);
  const stats: SimStats = { created: 0, answered: 0, abandoned: 0, closed: 0, resolved: 0, rated: 0, stateChanges: 0, breaks: 0, errors: 0 };
  const fail = (what: string, e: unknown) => {
    stats.errors += 1;
    o.log(`${what}: ${(e as Error)?.message ?? String(e)}`);
  };
  const admin = await new Http(o.url).login(o.admin.email, o.admin.password);
  const queues = (await admin.call<{ items: { id: string; name: string; channels: string[] }[] }>('GET', '/api/queues')).body.items;
  let customers = (await admin.call<{ items: { id: string }[] }>('GET', '/api/customers?limit=100')).body.items.map((c) => c.id);
  for (let i = customers.length; i < 20; i++) {
    const r = await admin.call<{ customer: { id: string } }>('POST', '/api/customers', { name: `Simulated customer ${i + 1}` });
    if (r.status === 201) customers = [...customers, r.body.customer.id];
  }
  const routable = o.channels.map((c) => ({ channel: c, queues: queues.filter((q) => q.channels.includes(c)) })).filter((c) => c.queues.length);
  if (!routable.length) throw new Error(`no queue takes any of the channels ${o.channels.join(', ')}`);

  const stopArrivals = new AbortController();
  const agentsDone = new AbortController();
  // Every waiting customer and agent listens for the end of the run.
  setMaxListeners(0, stopArrivals.signal, agentsDone.signal);

  // Agents
  const agentRuns = o.agents.map(async (cred) => {
    let http: Http;
    try {
      http = await new Http(o.url).login(cred.email, cred.password);
    } catch (e) {
      return fail('agent sign-in', e);
    }
    const setState = async (state: string, reason?: string) => {
      const r = await http.call('PUT', '/api/routing/me/state', { state, ...(reason ? { reason } : {}) });
      if (r.status === 200) stats.stateChanges += 1;
      else fail(`state ${state}`, new Error(String(r.status)));
    };
    let active = 0;
    let onBreak = false;
    const handle = async (offer: { id: string; interactionId: string }) => {
      await sleep(exponential(o.ringSeconds * 1000, rand));
      const a = await http.call('POST', `/api/routing/offers/${offer.id}/accept`);
      if (a.status !== 200) {
        // 503: the router did not confirm in time; the contact may be ours all the same.
        const now = a.status === 503 ? await http.call<{ interaction: { status: string; assigneeId: string | null } }>('GET', `/api/interactions/${offer.interactionId}`) : null;
        if (now?.body?.interaction?.status !== 'active' || now.body.interaction.assigneeId !== http.userId) return; // taken back, or the customer left
      }
      stats.answered += 1;
      active += 1;
      try {
        await sleep(logNormal(o.handleSeconds * 1000, 0.6, rand));
        await http.call('POST', `/api/interactions/${offer.interactionId}/wrap-up`);
        await sleep(exponential(o.wrapSeconds * 1000, rand));
        const resolved = rand() < o.resolvedShare;
        const c = await http.call('POST', `/api/interactions/${offer.interactionId}/close`, { resolved, reason: pick(o.reasons.map((r, i) => ({ value: r, weight: o.reasons.length - i })), rand) });
        if (c.status === 200) {
          stats.closed += 1;
          if (resolved) stats.resolved += 1;
        }
        if (resolved && rand() < o.surveyShare) {
          const s = await http.call<{ survey: { token: string } | null }>('POST', `/api/interactions/${offer.interactionId}/survey`);
          if (s.body?.survey) {
            const score = pick([{ value: 5, weight: 45 }, { value: 4, weight: 30 }, { value: 3, weight: 12 }, { value: 2, weight: 7 }, { value: 1, weight: 6 }], rand);
            const r = await fetch(`${o.url}/api/public/surveys/${s.body.survey.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ score, comment: null }) });
            if (r.status === 204) stats.rated += 1;
          }
        }
      } catch (e) {
        fail('handling', e);
      } finally {
        active -= 1;
      }
      if (active === 0 && !onBreak && !agentsDone.signal.aborted && rand() < o.breakChance) {
        onBreak = true;
        stats.breaks += 1;
        await setState('away', 'break');
        await sleep(exponential(o.breakSeconds * 1000, rand), agentsDone.signal);
        if (!agentsDone.signal.aborted) await setState('available');
        onBreak = false;
      }
    };
    const ws = new WebSocket(`${o.url.replace(/^http/, 'ws')}/api/realtime`, { headers: { cookie: http.cookie } });
    const work: Promise<void>[] = [];
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { kind: string; type?: string; payload?: { id: string; interactionId: string } };
      if (m.kind === 'event' && m.type === 'routing.offer' && m.payload && !agentsDone.signal.aborted) work.push(handle(m.payload).catch((e) => fail('offer', e)));
    });
    ws.on('error', (e) => fail('websocket', e));
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    ws.send(JSON.stringify({ type: 'subscribe', topics: [`user:${http.userId}`] }));
    await setState('available');
    await new Promise<void>((resolve) => agentsDone.signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.allSettled(work);
    await setState('offline');
    ws.close();
  });

  // Customers
  const started = Date.now();
  const patience: Promise<void>[] = [];
  const arrive = async () => {
    const c = pick(routable.map((r) => ({ value: r, weight: r.channel === 'chat' ? 3 : r.channel === 'voice' ? 3 : 1 })), rand);
    const queue = c.queues[Math.floor(rand() * c.queues.length)]!;
    const r = await admin.call<{ interaction: { id: string } }>('POST', '/api/interactions', { customerId: customers[Math.floor(rand() * customers.length)], channel: c.channel, queueId: queue.id });
    if (r.status !== 201) return fail('create contact', new Error(`${r.status} ${JSON.stringify(r.body)}`));
    stats.created += 1;
    const id = r.body.interaction.id;
    patience.push((async () => {
      await sleep(exponential(o.patienceSeconds * 1000, rand), agentsDone.signal);
      const now = await admin.call<{ interaction: { status: string } }>('GET', `/api/interactions/${id}`);
      if (now.body?.interaction?.status !== 'queued') return;
      const a = await admin.call('POST', `/api/interactions/${id}/abandon`);
      if (a.status === 204) stats.abandoned += 1;
    })().catch((e) => fail('abandon', e)));
  };
  const times = arrivals(o.ratePerMinute, o.durationSeconds * 1000, rand);
  const creating: Promise<void>[] = [];
  for (const at of times) {
    await sleep(Math.max(0, started + at - Date.now()), stopArrivals.signal);
    if (stopArrivals.signal.aborted) break;
    creating.push(arrive().catch((e) => fail('arrival', e)));
  }
  await Promise.allSettled(creating);
  await sleep(Math.max(0, started + o.durationSeconds * 1000 - Date.now()));
  o.log(`arrivals over: ${JSON.stringify(stats)}`);
  await sleep(o.drainSeconds * 1000);
  agentsDone.abort();
  await Promise.allSettled([...agentRuns, ...patience]);
  return stats;
}
