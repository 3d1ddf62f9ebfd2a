/**
 * The chat widget on the demo shop page (`/demo`, strict CSP) in real Chromium: an Arabic-speaking
 * visitor (browser language Arabic, so the whole widget is right-to-left) chats with an agent who works
 * through the API (accepts the routed offer, sends messages), reloads the page and keeps the
 * conversation, sees hostile strings as plain text, and rates the chat at the end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, root, withProduct } from './support.js';

interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
}

async function apiAs(request: APIRequestContext, email: string): Promise<Api> {
  const login = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const check = async (res: Awaited<ReturnType<APIRequestContext['get']>>, what: string) => {
    if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
    return (res.status() === 204 ? undefined : await res.json()) as never;
  };
  const headers = { 'x-csrf-token': csrfToken };
  return {
    get: async (p) => check(await request.get(`/api${p}`), `GET ${p}`),
    post: async (p, body) => check(await request.post(`/api${p}`, { data: body as object, headers }), `POST ${p}`),
    put: async (p, body) => check(await request.put(`/api${p}`, { data: body as object, headers }), `PUT ${p}`),
  };
}

/** Running one file by hand: build the widget if `npm test` / `npm start` have not. */
function ensureWidgetBuilt() {
  const bundle = path.join(root, 'dist', 'widget', 'widget.js');
  const src = path.join(root, 'widget', 'src');
  if (existsSync(bundle) && readdirSync(src).every((f) => statSync(path.join(src, f)).mtimeMs <= statSync(bundle).mtimeMs)) return;
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'widget/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`widget build failed (exit ${r.status})`);
}

type WidgetGlobal = { Tawasul?: { state?: { connection: string }; dropConnection(): void } };
const hostile = '<img src=x onerror="window.__pwned=1">';

describe('chat widget on the demo shop', () => {
  const e2e = withProduct();
  let visitorContext: BrowserContext;
  let page: Page;
  let agent: Api;
  let admin: Api;

  beforeAll(async () => {
    ensureWidgetBuilt();
    // Fatima speaks Arabic and has the Sales skill the demo website's queue needs.
    const agentContext = await e2e.newContext();
    agent = await apiAs(agentContext.request, 'agent5@demo.tawasul.test');
    await agent.put('/routing/me/state', { state: 'available' });
    admin = await apiAs((await e2e.newContext()).request, 'admin@demo.tawasul.test');
    visitorContext = await e2e.browser.newContext({ baseURL: e2e.product.baseUrl, locale: 'ar-AE', viewport: { width: 1100, height: 800 } });
    // Any Content-Security-Policy violation on the page is recorded (the widget must need none).
    await visitorContext.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    page = await visitorContext.newPage();
  });
  afterAll(async () => {
    await visitorContext?.close();
  });

  const widget = () => page.locator('tawasul-chat');
  const messages = () => page.locator('[data-part="messages"] .msg');

  async function acceptOffer() {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const me = await agent.get<{ offers: { id: string; interactionId: string }[] }>('/routing/me');
      if (me.offers[0]) {
        await agent.post(`/routing/offers/${me.offers[0].id}/accept`, {});
        return me.offers[0].interactionId;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('no offer reached the agent');
  }

  it('serves the shop under a strict CSP and shows the widget in Arabic, right to left', async () => {
    const res = await page.goto('/demo');
    expect(res?.status()).toBe(200);
    const csp = res!.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await page.locator('[data-part="launcher"]').click();
    const panel = page.locator('[data-part="panel"]');
    await panel.waitFor();
    await expect.poll(() => panel.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await page.locator('.tw').getAttribute('dir')).toBe('rtl');
    expect(await panel.locator('h2').textContent()).toBe('تحدث مع متجر العرض');
    // The styles apply (constructed sheet inside the shadow root), in the Arabic accent colour.
    expect(await page.locator('[data-part="launcher"]').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(15, 123, 95)');
    // Nothing leaked onto the host page: one custom element, one global.
    expect(await page.evaluate(() => Object.keys(window).filter((k) => /tawasul/i.test(k)))).toEqual(['Tawasul']);
    expect(await widget().count()).toBe(1);
  });

  it('is a small script any site can load', async () => {
    const res = await page.request.get('/widget.js');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('javascript');
    const gzipped = gzipSync(await res.body(), { level: 9 }).length;
    expect(gzipped).toBeLessThan(16 * 1024);
  });

  let interactionId: string;

  it('chats both ways with the agent', async () => {
    const form = page.locator('[data-part="prechat"]');
    await form.locator('input[name="name"]').fill(hostile);
    await form.locator('button[type="submit"]').click();
    const input = page.locator('[data-part="input"]');
    await input.waitFor();
    await input.fill('مرحباً، هل الغلاية الزرقاء متوفرة؟');
    await input.press('Enter');
    await expect.poll(() => messages().filter({ hasText: 'هل الغلاية الزرقاء متوفرة' }).count()).toBe(1);
    await expect.poll(() => page.locator('[data-part="status"]').getAttribute('data-status'), { timeout: 15_000 }).toMatch(/queued|active/);

    interactionId = await acceptOffer();
    await expect.poll(() => page.locator('[data-part="status"]').textContent(), { timeout: 15_000 }).toContain('انضم Fatima');
    await agent.post(`/interactions/${interactionId}/typing`, { typing: true });
    await expect.poll(() => page.locator('[data-part="typing"]').textContent()).toContain('Fatima');
    await agent.post(`/interactions/${interactionId}/messages`, { body: 'نعم، إنها متوفرة. هل تريد طلبها؟' });
    const fromAgent = page.locator('[data-part="messages"] [data-from="agent"]');
    await expect.poll(() => fromAgent.last().textContent(), { timeout: 15_000 }).toContain('نعم، إنها متوفرة');
    // The visitor has the panel open: the agent's message becomes read.
    await expect.poll(async () => {
      const items = (await agent.get<{ items: { body: string; deliveryStatus: string }[] }>(`/interactions/${interactionId}/messages`)).items;
      return items.find((m) => m.body.startsWith('نعم'))?.deliveryStatus;
    }, { timeout: 15_000 }).toBe('read');
  });

  it('keeps the conversation after a reload and after the connection drops', async () => {
    await page.reload();
    await page.locator('[data-part="launcher"]').click();
    await expect.poll(() => messages().count(), { timeout: 15_000 }).toBe(2);
    expect(await messages().first().textContent()).toContain('هل الغلاية الزرقاء متوفرة');
    await expect.poll(() => page.evaluate(() => (window as unknown as WidgetGlobal).Tawasul?.state?.connection)).toBe('open');
    await page.evaluate(() => (window as unknown as WidgetGlobal).Tawasul?.dropConnection());
    await agent.post(`/interactions/${interactionId}/messages`, { body: 'Sent while the connection was down' });
    await expect.poll(() => messages().filter({ hasText: 'Sent while the connection was down' }).count(), { timeout: 20_000 }).toBe(1);
  });

  it('shows hostile strings as text: no element is made and no script runs', async () => {
    const input = page.locator('[data-part="input"]');
    await input.fill(hostile);
    await input.press('Enter');
    await agent.post(`/interactions/${interactionId}/messages`, { body: `<b>bold?</b> ${hostile}` });
    await expect.poll(() => messages().filter({ hasText: hostile }).count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('[data-part="messages"] img').count()).toBe(0);
    expect(await page.locator('[data-part="messages"] b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The name went to the agent's side verbatim.
    const i = await admin.get<{ interaction: { customerId: string } }>(`/interactions/${interactionId}`);
    expect((await admin.get<{ customer: { name: string } }>(`/customers/${i.interaction.customerId}`)).customer.name).toBe(hostile);
  });

  it('works from another website under that site’s own strict CSP (CORS API, websocket)', async () => {
    const base = e2e.product.baseUrl;
    const channels = await admin.get<{ items: { kind: string; publicKey: string }[] }>('/channels?kind=chat');
    const key = channels.items[0]!.publicKey;
    const other = await e2e.browser.newContext({ locale: 'en-GB' });
    let site: Server | undefined;
    try {
      await other.addInitScript(() => {
        const w = window as unknown as { __csp: string[] };
        w.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      // Another origin: its own little server on another port, reached as localhost (the product is 127.0.0.1).
      const html = `<!doctype html><html><head><title>Other shop</title></head><body><h1>Another site</h1><script src="${base}/widget.js" data-tawasul-key="${key}" async></script></body></html>`;
      const csp = `default-src 'none'; script-src ${base}; connect-src ${base} ${base.replace('http', 'ws')}; img-src ${base}; style-src 'self'`;
      site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(html));
      await new Promise<void>((resolve) => site!.listen(0, '127.0.0.1', resolve));
      const siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
      const p = await other.newPage();
      await p.goto(siteUrl);
      await p.locator('[data-part="launcher"]').click();
      const form = p.locator('[data-part="prechat"]');
      await form.waitFor();
      expect(await p.locator('.tw').getAttribute('dir')).toBe('ltr');
      await form.locator('input[name="name"]').fill('Guest from another site');
      await form.locator('button[type="submit"]').click();
      await p.locator('[data-part="input"]').fill('Hello from another site');
      await p.locator('[data-part="input"]').press('Enter');
      await expect.poll(() => p.locator('[data-part="messages"] .msg').filter({ hasText: 'Hello from another site' }).count()).toBe(1);
      await expect.poll(() => p.evaluate(() => (window as unknown as WidgetGlobal).Tawasul?.state?.connection)).toBe('open');
      expect(await p.locator('[data-part="launcher"]').evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
      expect(await p.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
      // The visitor's token is kept per channel in this site's storage, so a reload continues the chat.
      await p.reload();
      await p.locator('[data-part="launcher"]').click();
      await expect.poll(() => p.locator('[data-part="messages"] .msg').filter({ hasText: 'Hello from another site' }).count()).toBe(1);
      const ended = await p.evaluate(async ([b, k]) => {
        const token = localStorage.getItem(`tawasul:${k}:token`);
        const r = await fetch(`${b}/api/public/chat/end`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-chat-token': token ?? '' }, body: '{}' });
        return r.status;
      }, [base, key]);
      expect(ended).toBe(200);
    } finally {
      await other.close();
      site?.close();
    }
  });

  it('asks for a rating when the agent ends the chat, and records it', async () => {
    await agent.post(`/interactions/${interactionId}/close`, { resolved: true });
    const rating = page.locator('[data-part="rating"]');
    await rating.waitFor({ timeout: 15_000 });
    await rating.locator('[data-score="4"]').click();
    await rating.locator('textarea').fill('خدمة سريعة');
    await rating.locator('button[type="submit"]').click();
    await page.locator('[data-part="rated"]').waitFor();
    const events = await admin.get<{ items: { type: string; data: Record<string, unknown> }[] }>(`/interactions/${interactionId}/events`);
    expect(events.items.find((e) => e.type === 'rated')?.data).toEqual({ score: 4, comment: 'خدمة سريعة', source: 'chat' });
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  });
});
