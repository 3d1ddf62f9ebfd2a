/**
 * The agent desktop end to end: two agents, a supervisor and a customer's contact (opened through the API
 * on the Sales queue). Agent 1 accepts the offer, sees the customer and their last order, answers with a
 * saved answer whose variables are filled, mentions agent 2 in a note and transfers to them; agent 2
 * accepts, escalates (the supervisor sees it in the inbox) and ends with a disposition. The contact's event
 * log holds every step in order. The same screens in Arabic are right-to-left; screenshots go to
 * test-results/desktop/ (ignored by git).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
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
  };
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
  let customer: { id: string; name: string };
  let interactionId: string;
  let agent1: Page;
  let agent2: Page;
  let supervisor: Page;
  let agent2User: { id: string; name: string };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    admin = await apiAs((await e2e.newContext()).request, demoUsers.admin);
    await admin.post('/saved-answers', { title: 'Order status', shortcut: 'orderinfo', body: 'Hello {{customer.first_name}}, your order {{order.number}} is on its way. {{agent.name}}' });
    for (const [kind, label] of [['reason', 'Order status'], ['disposition', 'Solved']]) await admin.post('/wrap-up-codes', { kind, label });
    const [c] = (await admin.get<{ items: { id: string; name: string }[] }>('/customers')).items;
    customer = c!;
    await admin.post(`/customers/${customer.id}/orders`, { number: 'E2E-4242', status: 'shipped', currency: 'AZN', amount: '49.90', items: [] });
    agent1 = (await e2e.signedIn(demoUsers.agent1)).page;
    agent2 = (await e2e.signedIn('agent2@demo.tawasul.test')).page;
    supervisor = (await e2e.signedIn(demoUsers.supervisor)).page;
    agent2User = ((await (await agent2.request.get('/api/auth/me')).json()) as { user: { id: string; name: string } }).user;
  });

  it('runs a contact from offer to wrap-up across two agents and a supervisor, with every step in the log', async () => {
    await agent1.goto('/desktop');
    await agent2.goto('/desktop');
    await setAvailable(agent1);
    await setAvailable(agent2);
    await supervisor.goto('/supervisor/escalations');

    const sales = (await admin.get<{ items: { id: string; name: string }[] }>('/queues')).items.find((q) => q.name === 'Sales')!;
    interactionId = (await admin.post<{ interaction: { id: string } }>('/interactions', { customerId: customer.id, channel: 'chat', queueId: sales.id })).interaction.id;

    // Agent 1: offer → desktop tab with the screen pop.
    await acceptOffer(agent1, interactionId);
    const panel = agent1.getByTestId('customer-panel');
    await panel.getByTestId('customer-name').filter({ hasText: customer.name }).waitFor();
    await panel.getByText('E2E-4242').waitFor();
    await agent1.screenshot({ path: path.join(shots, 'desktop-en.png'), fullPage: true });

    // Saved answer behind `/`, variables filled.
    const input = agent1.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('/orderinfo');
    await agent1.getByTestId('composer-suggestions').getByText('Order status').waitFor();
    await agent1.keyboard.press('Enter');
    const first = customer.name.split(/\s+/)[0]!;
    await expect.poll(() => input.inputValue()).toContain(`Hello ${first}, your order E2E-4242 is on its way.`);
    await agent1.keyboard.press('Control+Enter');
    await agent1.getByTestId('message-out').filter({ hasText: 'E2E-4242' }).waitFor();

    // Note mentioning agent 2, who is told in their header.
    await agent1.keyboard.press('Alt+KeyN');
    await input.fill(`@${agent2User.name} please take over the refund question`);
    await agent1.keyboard.press('Control+Enter');
    await agent1.getByTestId('note').filter({ hasText: 'refund question' }).waitFor();
    await expect.poll(() => agent2.getByTestId('mentions-bell').getAttribute('aria-label'), { timeout: 10_000 }).toContain('1');

    // Transfer to agent 2 (Alt+T), who accepts the offer.
    await agent1.keyboard.press('Alt+KeyT');
    await agent1.getByTestId('transfer-target').click();
    await agent1.getByRole('option', { name: agent2User.name }).click();
    await agent1.getByTestId('transfer-submit').click();
    await acceptOffer(agent2, interactionId);
    await agent2.getByTestId('note').filter({ hasText: 'refund question' }).waitFor();

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
    await expect.poll(async () => (await admin.get<{ interaction: { status: string } }>(`/interactions/${interactionId}`)).interaction.status).toBe('closed');

    const events = (await admin.get<{ items: { type: string; actorId: string | null; data: Record<string, unknown> }[] }>(`/interactions/${interactionId}/events`)).items;
    const types = events.map((e) => e.type);
    const steps = ['created', 'queued', 'offered', 'accepted', 'message_sent', 'note_added', 'transferred', 'escalated', 'wrap_up_started', 'closed'];
    let at = -1;
    for (const s of steps) {
      const next = types.indexOf(s, at + 1);
      expect(next, `${s} after position ${at} in ${types.join(',')}`).toBeGreaterThan(at);
      at = next;
    }
    expect(events.find((e) => e.type === 'escalated')!.actorId).toBe(agent2User.id);
    expect(events.find((e) => e.type === 'closed')!.data).toMatchObject({ reason: 'Order status', disposition: 'Solved', resolved: true });
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
    await agent1.screenshot({ path: path.join(shots, 'desktop-ar.png'), fullPage: true });

    await supervisor.reload();
    await supervisor.getByRole('heading', { name: 'التصعيدات' }).waitFor();
    expect(await supervisor.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await supervisor.screenshot({ path: path.join(shots, 'escalations-ar.png'), fullPage: true });
  });
});
