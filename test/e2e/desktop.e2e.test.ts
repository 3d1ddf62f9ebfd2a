/**
 * The agent desktop end to end: two agents, a supervisor and a customer in the real chat widget on the demo
 * shop (`/demo`). The customer writes; agent 1 gets the offer, accepts with Enter, sees the customer's name and
 * last order in the panel, answers with a saved answer whose variables are filled (the customer reads it in the
 * widget), mentions agent 2 in a note (agent 2's header bell shows it, the mention jumps to the contact and is
 * read) and hands the contact over by a warm transfer (agent 2 takes it over from a notification, agent 1
 * completes it), agent 2 accepts and replies (the customer reads that too), escalates (the supervisor sees it
 * in the inbox) and ends with a disposition. The contact's event log holds every step in order. Then: an email
 * snoozed out of the tabs and back; offers and snoozes that end make a sound and a system notification when the
 * tab is in the background; a missed offer is warned of in the header. The same screens in Arabic are
 * right-to-left; screenshots go to test-results/desktop/ (ignored by git).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoUsers, root, withProduct } from './support.js';

const shots = path.join(root, 'test-results', 'desktop');

async function apiAs(request: APIRequestContext, email: string) {
  const login = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const check = async (res: Awaited<ReturnType<APIRequestContext['get']>>, what: string) => {
    if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
    return (res.status() === 204 ? undefined : await res.json()) as never;
  };
  return {
    get: async <T>(p: string): Promise<T> => check(await request.get(`/api${p}`), `GET ${p}`),
    post: async <T>(p: string, body: unknown): Promise<T> => check(await request.post(`/api${p}`, { data: body as object, headers: { 'x-csrf-token': csrfToken } }), `POST ${p}`),
    put: async <T>(p: string, body: unknown): Promise<T> => check(await request.put(`/api${p}`, { data: body as object, headers: { 'x-csrf-token': csrfToken } }), `PUT ${p}`),
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

async function setAvailable(page: Page) {
  await page.getByTestId('agent-state').click();
  await page.getByRole('menuitem', { name: 'Available' }).click();
  await expect.poll(() => page.getByTestId('agent-state').getAttribute('data-state')).toBe('available');
}

async function acceptOffer(page: Page, interactionId: string) {
  const dialog = page.getByRole('dialog', { name: 'New contact for you' });
  await dialog.waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/interactions/${interactionId}`, { timeout: 15_000 });
}

describe('agent desktop', () => {
  const e2e = withProduct();
  let admin: Awaited<ReturnType<typeof apiAs>>;
  let interactionId: string;
  let agent1: Page;
  let agent2: Page;
  let supervisor: Page;
  let visitorContext: BrowserContext;
  let visitor: Page;
  let agent1User: { id: string; name: string };
  let agent2User: { id: string; name: string };
  const customerName = 'Nadia Rahimova';

  beforeAll(async () => {
    ensureWidgetBuilt();
    mkdirSync(shots, { recursive: true });
    admin = await apiAs((await e2e.newContext()).request, demoUsers.admin);
    await admin.post('/saved-answers', { title: 'Order status', shortcut: 'orderinfo', body: 'Hello {{customer.first_name}}, your order {{order.number}} is on its way. {{agent.name}}' });
    for (const [kind, label] of [['reason', 'Order status'], ['disposition', 'Solved']]) await admin.post('/wrap-up-codes', { kind, label });
    agent1 = (await e2e.signedIn(demoUsers.agent1)).page;
    agent2 = (await e2e.signedIn('agent2@demo.tawasul.test')).page;
    supervisor = (await e2e.signedIn(demoUsers.supervisor)).page;
    const me = async (page: Page) => ((await (await page.request.get('/api/auth/me')).json()) as { user: { id: string; name: string } }).user;
    agent1User = await me(agent1);
    agent2User = await me(agent2);
    visitorContext = await e2e.browser.newContext({ baseURL: e2e.product.baseUrl, locale: 'en-GB', viewport: { width: 1100, height: 800 } });
    visitor = await visitorContext.newPage();
  });
  afterAll(async () => {
    await visitorContext?.close();
  });

  const widgetMessages = () => visitor.locator('[data-part="messages"] .msg');
  const fromAgent = () => visitor.locator('[data-part="messages"] [data-from="agent"]');

  it('runs a widget chat from offer to wrap-up across two agents and a supervisor, with every step in the log', async () => {
    await agent1.goto('/desktop');
    await agent2.goto('/desktop');
    // Only agent 1 (Sales skill) can take the demo shop's chats; agent 2 is available for the transfer.
    await setAvailable(agent1);
    await setAvailable(agent2);
    await supervisor.goto('/supervisor/escalations');

    // The customer writes in the widget on the shop page.
    await visitor.goto('/demo');
    await visitor.locator('[data-part="launcher"]').click();
    const form = visitor.locator('[data-part="prechat"]');
    await form.locator('input[name="name"]').fill(customerName);
    await form.locator('button[type="submit"]').click();
    const widgetInput = visitor.locator('[data-part="input"]');
    await widgetInput.fill('Hi, where is my kettle order?');
    await widgetInput.press('Enter');
    await expect.poll(() => widgetMessages().filter({ hasText: 'where is my kettle order' }).count()).toBe(1);

    // The widget made the customer and the contact; the shop knows their order.
    let customerId = '';
    await expect.poll(async () => {
      customerId = (await admin.get<{ items: { id: string; name: string }[] }>(`/customers?q=${encodeURIComponent(customerName)}`)).items.find((c) => c.name === customerName)?.id ?? '';
      return customerId;
    }, { timeout: 10_000 }).not.toBe('');
    interactionId = (await admin.get<{ items: { id: string }[] }>(`/interactions?customerId=${customerId}`)).items[0]!.id;
    await admin.post(`/customers/${customerId}/orders`, { number: 'E2E-4242', status: 'shipped', currency: 'AZN', amount: '49.90', items: [] });

    // Agent 1: the offer names the customer; Enter accepts → desktop tab with the screen pop.
    await agent1.getByTestId('offer-customer').filter({ hasText: customerName }).waitFor({ timeout: 20_000 });
    await acceptOffer(agent1, interactionId);
    // The header shows the load per channel.
    await expect.poll(() => agent1.getByRole('group', { name: 'Contacts in progress' }).textContent()).toMatch(/Web chat\s*1\/\d/);
    const panel = agent1.getByTestId('customer-panel');
    await panel.getByTestId('customer-name').filter({ hasText: customerName }).waitFor();
    expect(await panel.getByTestId('greeting').textContent()).toContain('Nadia');
    await panel.getByText('E2E-4242').waitFor();
    await agent1.getByTestId('message-in').filter({ hasText: 'where is my kettle order' }).waitFor();
    await agent1.screenshot({ path: path.join(shots, 'desktop-en.png'), fullPage: true });

    // Saved answer behind `/`, variables filled; the customer reads it in the widget.
    const input = agent1.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('/orderinfo');
    await agent1.getByTestId('composer-suggestions').getByText('Order status').waitFor();
    await agent1.keyboard.press('Enter');
    const answer = `Hello Nadia, your order E2E-4242 is on its way. ${agent1User.name}`;
    await expect.poll(() => input.inputValue()).toBe(answer);
    await agent1.keyboard.press('Control+Enter');
    await agent1.getByTestId('message-out').filter({ hasText: 'E2E-4242' }).waitFor();
    await expect.poll(() => fromAgent().last().textContent(), { timeout: 15_000 }).toContain(answer);
    expect(await widgetMessages().filter({ hasText: '{{' }).count()).toBe(0);

    // Note mentioning agent 2: their header bell counts it; the mention opens the contact and is read.
    await agent1.keyboard.press('Alt+KeyN');
    await input.fill(`@${agent2User.name} please take over the refund question`);
    await agent1.keyboard.press('Control+Enter');
    await agent1.getByTestId('note').filter({ hasText: 'refund question' }).waitFor();
    expect(await widgetMessages().filter({ hasText: 'refund question' }).count()).toBe(0);
    const bell = agent2.getByTestId('mentions-bell');
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 10_000 }).toBe('1');
    expect(await bell.getAttribute('aria-label')).toBe('Mentions, 1 unread');
    await bell.click();
    const mention = agent2.getByTestId('mention-item').first();
    expect(await mention.textContent()).toContain(`${agent1User.name} mentioned you`);
    expect(await mention.getAttribute('data-read')).toBe('false');
    await agent2.screenshot({ path: path.join(shots, 'mentions-en.png') });
    await mention.click();
    await agent2.waitForURL(`**/desktop/${interactionId}`);
    await agent2.getByTestId('note').filter({ hasText: 'refund question' }).waitFor();
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('0');
    expect((await admin.get<{ items: { type: string }[] }>(`/interactions/${interactionId}/events`)).items.length).toBeGreaterThan(0);

    // Warm transfer to agent 2 (Alt+T): agent 1 asks first and keeps the customer; agent 2 reads the contact
    // and takes it over; agent 1 completes the transfer; agent 2 accepts the offer and replies to the customer.
    await agent1.keyboard.press('Alt+KeyT');
    await agent1.getByTestId('transfer-target').click();
    await agent1.getByRole('option', { name: agent2User.name }).click();
    await agent1.getByTestId('transfer-warm').click();
    await agent1.getByTestId('transfer-note').fill('Refund question, can you take it?');
    await agent1.getByTestId('transfer-submit').click();
    await agent1.getByTestId('consult-banner').and(agent1.locator('[data-status="asked"]')).waitFor();
    const request = agent2.getByTestId('consult-request').filter({ hasText: 'Refund question, can you take it?' });
    await request.waitFor({ timeout: 10_000 });
    expect(await request.textContent()).toContain(customerName);
    await agent2.screenshot({ path: path.join(shots, 'warm-transfer-request-en.png') });
    await request.getByTestId('consult-accept').click();
    await agent1.getByTestId('consult-banner').and(agent1.locator('[data-status="accepted"]')).waitFor({ timeout: 10_000 });
    expect((await admin.get<{ interaction: { assigneeId: string } }>(`/interactions/${interactionId}`)).interaction.assigneeId).toBe(agent1User.id);
    await agent1.getByTestId('consult-complete').click();
    await acceptOffer(agent2, interactionId);
    const input2 = agent2.getByTestId('composer-input');
    await input2.click();
    await input2.fill('This is Omar, I will sort out the refund for you.');
    await agent2.keyboard.press('Control+Enter');
    await expect.poll(() => fromAgent().last().textContent(), { timeout: 15_000 }).toContain('I will sort out the refund for you.');
    await visitor.screenshot({ path: path.join(shots, 'widget-en.png') });

    // Escalation: the supervisor's inbox shows who and why, live.
    await agent2.getByTestId('action-escalate').click();
    await agent2.getByTestId('escalate-reason').fill('Customer wants a manager');
    await agent2.getByTestId('escalate-submit').click();
    const row = supervisor.getByTestId('escalation-row').filter({ hasText: 'Customer wants a manager' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain(agent2User.name);
    await supervisor.screenshot({ path: path.join(shots, 'escalations-en.png'), fullPage: true });

    // Agent 2 ends with a contact reason and a disposition.
    await agent2.getByTestId('action-end').click();
    await agent2.getByTestId('wrapup-reason').click();
    await agent2.getByRole('option', { name: 'Order status' }).click();
    await agent2.getByTestId('wrapup-disposition').click();
    await agent2.getByRole('option', { name: 'Solved' }).click();
    await agent2.screenshot({ path: path.join(shots, 'wrap-up-en.png') });
    await agent2.getByTestId('wrapup-submit').click();
    await expect.poll(async () => (await admin.get<{ interaction: { status: string } }>(`/interactions/${interactionId}`)).interaction.status, { timeout: 15_000 }).toBe('closed');

    const events = (await admin.get<{ items: { type: string; actorId: string | null; agentId: string | null; data: Record<string, unknown> }[] }>(`/interactions/${interactionId}/events`)).items;
    const types = events.map((e) => e.type);
    const steps = ['created', 'queued', 'message_received', 'offered', 'accepted', 'message_sent', 'note_added', 'transferred', 'offered', 'accepted', 'message_sent', 'escalated', 'wrap_up_started', 'closed'];
    let at = -1;
    for (const s of steps) {
      const next = types.indexOf(s, at + 1);
      expect(next, `${s} after position ${at} in ${types.join(',')}`).toBeGreaterThan(at);
      at = next;
    }
    const accepted = events.filter((e) => e.type === 'accepted');
    expect(accepted.map((e) => e.agentId ?? e.actorId)).toEqual([agent1User.id, agent2User.id]);
    expect(events.find((e) => e.type === 'escalated')!.actorId).toBe(agent2User.id);
    expect(events.find((e) => e.type === 'closed')!.data).toMatchObject({ reason: 'Order status', disposition: 'Solved', resolved: true });
  });

  it('snoozes an email out of the tabs and brings it back, with sound and a system notification when the tab is in the background', async () => {
    // The page's notification and audio are observed (the tab's visibility is under the test's control).
    await agent1.context().addInitScript(`
      window.__notified = []; window.__oscillators = 0; window.__hidden = false;
      Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get() { return window.__hidden; } });
      window.Notification = class { static permission = 'granted'; static requestPermission() { return Promise.resolve('granted'); }
        constructor(title, o) { window.__notified.push({ title, body: o && o.body }); } close() {} };
      const Real = window.AudioContext;
      window.AudioContext = class extends Real { createOscillator() { window.__oscillators++; return super.createOscillator(); } };
    `);
    const someone = (await admin.get<{ items: { id: string }[] }>('/customers?limit=1')).items[0]!;
    const email = (await admin.post<{ interaction: { id: string } }>('/interactions', { customerId: someone.id, channel: 'email', subject: 'Invoice copy' })).interaction.id;
    await admin.post(`/interactions/${email}/assign`, { agentId: agent1User.id });
    await agent1.goto(`/desktop/${email}`);
    await agent1.getByTestId('customer-panel').waitFor();

    // Snooze for an hour: the tab leaves, the snoozed list has it.
    await agent1.getByTestId('action-snooze').click();
    await agent1.getByRole('menuitem', { name: 'For an hour' }).click();
    await agent1.waitForURL(/\/desktop$/);
    await agent1.getByTestId('snoozed-menu').filter({ hasText: 'Snoozed (1)' }).waitFor();
    await expect.poll(() => agent1.locator(`[role="tab"][id$="${email}"]`).count()).toBe(0);
    // Open it from the list and wake it now: it is a tab again.
    await agent1.getByTestId('snoozed-menu').click();
    await agent1.getByTestId('snoozed-item').click();
    await agent1.waitForURL(`**/desktop/${email}`);
    await agent1.getByTestId('snooze-note').filter({ hasText: 'Snoozed until' }).waitFor();
    await agent1.getByTestId('action-wake').click();
    await agent1.getByTestId('snooze-note').filter({ hasText: 'Woken up' }).waitFor();
    await agent1.getByTestId('snoozed-menu').waitFor({ state: 'detached' });
    await agent1.locator(`[role="tab"][id$="${email}"]`).waitFor();

    // A short snooze while the tab is in the background: when it ends, a sound and a system notification.
    const agentApi = await apiAs((await e2e.newContext()).request, demoUsers.agent1);
    await agent1.goto('/desktop');
    await agent1.locator('body').click({ position: { x: 5, y: 300 } }); // a user gesture lets the audio start
    await agentApi.post(`/interactions/${email}/snooze`, { until: new Date(Date.now() + 2500).toISOString() });
    await agent1.getByTestId('snoozed-menu').waitFor();
    await agent1.evaluate(() => { (window as unknown as { __hidden: boolean }).__hidden = true; });
    await expect.poll(() => agent1.evaluate(() => (window as unknown as { __notified: { title: string }[] }).__notified.map((n) => n.title)), { timeout: 20_000 })
      .toContain('Snooze over');
    expect(await agent1.evaluate(() => (window as unknown as { __oscillators: number }).__oscillators)).toBeGreaterThan(0);
    await agent1.evaluate(() => { (window as unknown as { __hidden: boolean }).__hidden = false; });
    await agent1.getByTestId('snoozed-menu').waitFor({ state: 'detached' });
    await agent1.locator(`[role="tab"][id$="${email}"]`).waitFor();
  });

  it('offers a contact audibly with a system notification while the tab is in the background, and warns of a missed offer', async () => {
    // A queue that gives an agent 3 seconds to answer; agent 2 is offline, so the offer is agent 1's.
    const agent2Api = await apiAs((await e2e.newContext()).request, 'agent2@demo.tawasul.test');
    await agent2Api.put('/routing/me/state', { state: 'offline' });
    const quick = (await admin.post<{ queue: { id: string } }>('/queues', { name: 'Quick answers', channels: ['chat'], settings: { acceptTimeoutSeconds: { chat: 3 } } })).queue.id;
    const agent1Api = await apiAs((await e2e.newContext()).request, demoUsers.agent1);
    await agent1Api.put('/routing/me/state', { state: 'available' });
    await agent1.goto('/desktop');
    await agent1.locator('body').click({ position: { x: 5, y: 300 } });
    await expect.poll(() => agent1.getByTestId('agent-state').getAttribute('data-state')).toBe('available');
    const before = await agent1.evaluate(() => (window as unknown as { __oscillators: number }).__oscillators);
    await agent1.evaluate(() => { (window as unknown as { __hidden: boolean }).__hidden = true; });
    const someone = (await admin.get<{ items: { id: string }[] }>('/customers?limit=2')).items[1]!;
    await admin.post('/interactions', { customerId: someone.id, channel: 'chat', queueId: quick });

    await expect.poll(() => agent1.evaluate(() => (window as unknown as { __notified: { title: string }[] }).__notified.map((n) => n.title)), { timeout: 20_000 })
      .toContain('New contact for you');
    expect(await agent1.evaluate(() => (window as unknown as { __oscillators: number }).__oscillators)).toBeGreaterThan(before);
    // Nobody answers: the header warns of the missed offer.
    const missed = agent1.getByTestId('missed-offers');
    await missed.waitFor({ timeout: 20_000 });
    expect(await missed.getAttribute('aria-label')).toMatch(/missed/i);
    await agent1.evaluate(() => { (window as unknown as { __hidden: boolean }).__hidden = false; });
    await agent1Api.put('/routing/me/state', { state: 'offline' });
    await agent1.getByRole('dialog', { name: 'New contact for you' }).waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('shows the desktop and the escalation inbox right-to-left in Arabic', async () => {
    for (const page of [agent1, supervisor]) {
      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: 'العربية' }).click();
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    }
    await agent1.goto(`/desktop/${interactionId}`);
    await agent1.getByTestId('customer-panel').waitFor();
    expect(await agent1.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await agent1.getByRole('heading', { level: 1, name: 'سطح المكتب' }).count()).toBe(1);
    // The customer panel sits at the inline end: on the left in right-to-left layout.
    const conv = (await agent1.getByTestId('conversation').boundingBox())!;
    const side = (await agent1.getByTestId('customer-panel').boundingBox())!;
    expect(side.x).toBeLessThan(conv.x);
    // The header bell speaks Arabic too.
    expect(await agent1.getByTestId('mentions-bell').getAttribute('aria-label')).toBe('الإشارات');
    await agent1.screenshot({ path: path.join(shots, 'desktop-ar.png'), fullPage: true });

    await supervisor.reload();
    await supervisor.getByRole('heading', { name: 'التصعيدات' }).waitFor();
    expect(await supervisor.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await supervisor.screenshot({ path: path.join(shots, 'escalations-ar.png'), fullPage: true });
  });
});
