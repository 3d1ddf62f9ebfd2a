/**
 * bench:desktop — how fast the agent desktop's actions answer. Starts the real product (`tawasul start`, its
 * own embedded PostgreSQL, the built web app), seeds two agents and customers with an order each, then runs
 * contacts one after another through the API the desktop uses: accept an offer, send a message, add a note,
 * search (customers, then their contacts and cases, as the search box does), load the customer panel
 * (customer, orders, cases, past contacts in parallel), transfer to the other agent, wrap up (wrap-up +
 * close). Then, in Chromium signed in as an agent, click-to-render of sending a message (click on Send until
 * the bubble is in the page) and of switching contact tabs (click until the other contact's conversation
 * shows). Prints ONE JSON line (milliseconds: n, p50, p90, p99, max); progress goes to stderr.
 * Options: --runs=40 (API contacts), --ui_runs=20 (each browser measurement).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { chromium, type Browser } from 'playwright-core';
import WebSocket from 'ws';
import { httpClient, type Reply, type Session } from './lib/http.js';
import { startBenchProduct, type BenchProduct } from './lib/product.js';
import { seed } from './lib/seed.js';
import { summary } from './lib/stats.js';

process.chdir(path.resolve(import.meta.dirname, '..'));

const args = Object.fromEntries(process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
  const [k, v] = a.slice(2).split('=');
  return [k!.replace(/-/g, '_'), v ?? 'true'];
}));
const opt = (name: string, dflt: number) => {
  const raw = args[name] ?? process.env[name.toUpperCase()];
  const n = raw === undefined ? dflt : Number(raw);
  if (!Number.isFinite(n) || n < 1) throw new Error(`--${name} must be a positive number, got ${raw}`);
  return Math.floor(n);
};
const RUNS = opt('runs', 40);
const UI_RUNS = opt('ui_runs', 20);
const log = (m: string) => process.stderr.write(`${m}\n`);

type Agent = Session & { userId: string; token: string; socket?: WebSocket };
const samples: Record<string, number[]> = {
  accept: [], send_message: [], add_note: [], search: [], customer_panel: [], transfer: [], wrap_up: [],
};

/**
 * Page script (a string: the bench's own transpiled functions would not exist in the page): clicks `click`,
 * resolves with the ms until an element matching `until` contains `text`.
 */
const clickToRender = (click: string, until: string, text: string) => `new Promise((resolve, reject) => {
  const button = document.querySelector(${JSON.stringify(click)});
  if (!button) return reject(new Error('nothing to click: ' + ${JSON.stringify(click)}));
  const shown = () => [...document.querySelectorAll(${JSON.stringify(until)})].some((e) => e.textContent.includes(${JSON.stringify(text)}));
  const obs = new MutationObserver(() => { if (shown()) { obs.disconnect(); resolve(performance.now() - t0); } });
  obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  const t0 = performance.now();
  button.click();
})`;

let product: BenchProduct | undefined;
let browser: Browser | undefined;

const ok = (what: string, r: Reply) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
  return r.body ? JSON.parse(r.body) as Record<string, unknown> : {};
};

async function main() {
  log('starting the product (fresh embedded PostgreSQL) …');
  product = await startBenchProduct();
  if (!existsSync(path.join('dist', 'web', 'index.html'))) throw new Error('the web app is not built: npm run build');
  const fixture = await seed(product.dbUrl, { agents: 2, customers: RUNS + 10, chatCapacity: 50, queueSettings: { afterContactWorkSeconds: 0 } });
  // An order per customer (the panel and the saved answers read them).
  const db = new pg.Client({ connectionString: product.dbUrl });
  await db.connect();
  await db.query(`INSERT INTO orders (workspace_id, customer_id, number, status, currency, amount)
    SELECT $1, c, 'B-' || row_number() OVER (), 'shipped', 'AZN', 25.50 FROM unnest($2::uuid[]) c`, [fixture.workspaceId, fixture.customerIds]);
  await db.end();
  const http = httpClient(product.base, 8);
  const token = (s: Session) => s.cookie.slice('tawasul_session='.length);
  const agents: Agent[] = fixture.agents.map((a) => ({ ...a, token: token(a) }));
  const admin = fixture.admin;

  // Offers arrive on each agent's websocket, as in the browser.
  const waiting = new Map<string, (o: { agent: Agent; offerId: string }) => void>();
  const early = new Map<string, { agent: Agent; offerId: string }>();
  const wsBase = product.base.replace('http', 'ws');
  await Promise.all(agents.map((a) => new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(`${wsBase}/api/realtime`, { headers: { cookie: a.cookie }, perMessageDeflate: false });
    a.socket = socket;
    socket.on('error', reject);
    socket.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { kind: string; type?: string; payload?: { id: string; interactionId: string } };
      if (m.kind === 'subscribed') resolve();
      else if (m.kind === 'event' && m.type === 'routing.offer' && m.payload) {
        const offer = { agent: a, offerId: m.payload.id };
        const w = waiting.get(m.payload.interactionId);
        if (w) w(offer);
        else early.set(m.payload.interactionId, offer);
      }
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'subscribe', topics: [`user:${a.userId}`] })));
  })));
  const offerFor = (id: string) => new Promise<{ agent: Agent; offerId: string }>((resolve, reject) => {
    const got = early.get(id);
    if (got) {
      early.delete(id);
      resolve(got);
      return;
    }
    const timer = setTimeout(() => reject(new Error(`no offer for ${id} within 15 s`)), 15_000);
    waiting.set(id, (o) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(o);
    });
  });
  const timed = async (key: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    samples[key]!.push(performance.now() - t0);
  };
  const available = () => Promise.all(agents.map(async (a) => ok('PUT state', await http.request('PUT', '/api/routing/me/state', a, { state: 'available' }))));
  await available();

  log(`${RUNS} contacts through the API …`);
  for (let i = 0; i < RUNS; i++) {
    const customerId = fixture.customerIds[i]!;
    const created = ok('POST /api/interactions', await http.request('POST', '/api/interactions', admin, { customerId, channel: 'chat', queueId: fixture.queueId }));
    const id = (created.interaction as { id: string }).id;
    const first = await offerFor(id);
    const a = first.agent;
    const b = agents.find((x) => x !== a)!;
    await timed('accept', async () => ok('accept', await http.request('POST', `/api/routing/offers/${first.offerId}/accept`, a)));
    await timed('send_message', async () => ok('message', await http.request('POST', `/api/interactions/${id}/messages`, a, { body: `Hello, this is about your order (${i}).` })));
    await timed('add_note', async () => ok('note', await http.request('POST', `/api/interactions/${id}/notes`, a, { body: `Checked the order, run ${i}` })));
    await timed('search', async () => {
      const found = ok('search', await http.request('GET', `/api/customers?q=${encodeURIComponent(`Bench customer ${i + 1}`)}&limit=5`, a));
      const c = (found.items as { id: string }[])[0];
      if (!c) throw new Error('search found nothing');
      await Promise.all([`/api/interactions?customerId=${c.id}&limit=5`, `/api/cases?customerId=${c.id}&limit=5`].map(async (p) => ok(p, await http.request('GET', p, a))));
    });
    await timed('customer_panel', () => Promise.all([
      `/api/customers/${customerId}`, `/api/customers/${customerId}/orders`, `/api/cases?customerId=${customerId}&limit=20`, `/api/interactions?customerId=${customerId}&limit=20`,
    ].map(async (p) => ok(p, await http.request('GET', p, a)))));
    const second = offerFor(id);
    await timed('transfer', async () => ok('transfer', await http.request('POST', `/api/interactions/${id}/transfer`, a, { agentId: b.userId, note: 'Over to you' })));
    const offer = await second;
    if (offer.agent !== b) throw new Error('the transfer was offered to the wrong agent');
    await timed('accept', async () => ok('accept', await http.request('POST', `/api/routing/offers/${offer.offerId}/accept`, b)));
    await timed('wrap_up', async () => {
      ok('wrap-up', await http.request('POST', `/api/interactions/${id}/wrap-up`, b));
      ok('close', await http.request('POST', `/api/interactions/${id}/close`, b, { resolved: true }));
    });
    await available();
  }

  log(`browser: ${UI_RUNS} sends and ${UI_RUNS} tab switches …`);
  const agent = agents[0]!;
  const tabs: string[] = [];
  for (let k = 0; k < 2; k++) {
    const created = ok('POST /api/interactions', await http.request('POST', '/api/interactions', admin, { customerId: fixture.customerIds[RUNS + k]!, channel: 'chat' }));
    const id = (created.interaction as { id: string }).id;
    ok('assign', await http.request('POST', `/api/interactions/${id}/assign`, admin, { agentId: agent.userId }));
    ok('message', await http.request('POST', `/api/interactions/${id}/messages`, agent, { body: `marker-${id}` }));
    tabs.push(id);
  }
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const context = await browser.newContext({ baseURL: product.base, locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await context.addCookies([{ name: 'tawasul_session', value: agent.token, url: product.base }]);
  const page = await context.newPage();
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(`/desktop/${tabs[0]}`);
      await page.getByTestId('conversation').getByText(`marker-${tabs[0]}`).waitFor({ timeout: 30_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
      log(`the desktop did not open (attempt ${attempt}), again …`);
    }
  }
  const ui = { send_message: [] as number[], switch_tab: [] as number[] };
  for (let k = 0; k < UI_RUNS; k++) {
    const text = `UI message ${k} ${Date.now()}`;
    await page.getByTestId('composer-input').fill(text);
    await page.getByTestId('composer-send').waitFor();
    ui.send_message.push(await page.evaluate<number>(clickToRender('[data-testid="composer-send"]', '[data-testid="message-out"]', text)));
    // The composer empties once the send is done (polled with evaluate: the app's CSP forbids string predicates).
    while (await page.evaluate<boolean>(`document.querySelector('[data-testid="composer-input"]')?.value !== ''`)) await page.waitForTimeout(20);
  }
  for (let k = 0; k < UI_RUNS; k++) {
    const target = tabs[(k + 1) % 2]!;
    ui.switch_tab.push(await page.evaluate<number>(clickToRender(`[role="tab"][data-testid="contact-tab"][id$="${target}"]`, '[data-testid="conversation"]', `marker-${target}`)));
    await page.waitForURL(`**/desktop/${target}`);
  }
  await browser.close();
  browser = undefined;

  const result = {
    bench: 'desktop',
    runs: RUNS,
    ui_runs: UI_RUNS,
    api_ms: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v)])),
    ui_ms: { send_message_click_to_render: summary(ui.send_message), switch_tab_click_to_render: summary(ui.switch_tab) },
    machine: { cpus: os.cpus().length, loadavg_1m: Number(os.loadavg()[0]!.toFixed(2)) },
  };
  for (const a of agents) a.socket?.close();
  http.close();
  const p = product;
  product = undefined;
  await p.stop(true);
  console.log(JSON.stringify(result));
}

const abort = async (why: unknown) => {
  log(`FAILED: ${why instanceof Error ? why.stack ?? why.message : String(why)}`);
  await browser?.close().catch(() => undefined);
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
const guard = setTimeout(() => void abort('the bench took longer than 10 minutes'), 600_000);
main().then(() => {
  clearTimeout(guard);
  process.exit(0);
}, (e) => void abort(e));
