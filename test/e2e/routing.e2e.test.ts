/**
 * Routing from the agent's chair: presence in the header, a live offer popup, accept, and the state that
 * survives a reload. Contacts are created through the API by an admin in another browser context; the
 * offer reaches agent1's page over the realtime websocket (web/src/lib/realtime.ts), also after the socket
 * drops and resumes. A supervisor's live page follows agent1's state changes.
 */
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoUsers, withProduct } from './support.js';

interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/** Signs in through the API in its own context and sends the CSRF header from the login answer on writes. */
async function apiAs(request: APIRequestContext, email: string): Promise<Api> {
  const login = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const check = async (res: Awaited<ReturnType<APIRequestContext['get']>>, what: string) => {
    if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
    return (res.status() === 204 ? undefined : await res.json()) as never;
  };
  return {
    get: async (path) => check(await request.get(`/api${path}`), `GET ${path}`),
    post: async (path, body) =>
      check(await request.post(`/api${path}`, { data: body as object, headers: { 'x-csrf-token': csrfToken } }), `POST ${path}`),
  };
}

async function setState(page: Page, item: string | RegExp) {
  await page.getByTestId('agent-state').click();
  await page.getByRole('menuitem', { name: item }).click();
}

describe('routing: agent presence and offers', () => {
  const e2e = withProduct();
  let adminContext: BrowserContext;
  let agentPage: Page;
  let admin: Api;
  let agent: { id: string; name: string };
  let sales: { id: string };
  let customers: { id: string; name: string }[];

  const createChat = (customerId: string) =>
    admin.post<{ interaction: { id: string } }>('/interactions', { customerId, channel: 'chat', queueId: sales.id }).then((r) => r.interaction.id);

  beforeAll(async () => {
    adminContext = await e2e.newContext();
    admin = await apiAs(adminContext.request, demoUsers.admin);
    const queues = await admin.get<{ items: { id: string; name: string }[] }>('/queues');
    sales = queues.items.find((q) => q.name === 'Sales')!;
    expect(sales).toBeTruthy();
    customers = (await admin.get<{ items: { id: string; name: string }[] }>('/customers')).items;
    expect(customers.length).toBeGreaterThan(2);

    agentPage = (await e2e.signedIn(demoUsers.agent1)).page;
    agent = ((await (await agentPage.request.get('/api/auth/me')).json()) as { user: { id: string; name: string } }).user;
  });

  it('offers a queued chat to the available agent, who accepts it with Enter', async () => {
    const state = agentPage.getByTestId('agent-state');
    await expect.poll(() => state.getAttribute('data-state')).toBe('offline');
    await setState(agentPage, 'Available');
    await expect.poll(() => state.getAttribute('data-state')).toBe('available');
    await expect.poll(() => agentPage.getByTestId('agent-state-label').textContent()).toBe('Available');
    // The realtime socket is subscribed before the contact is created.
    await expect.poll(() => agentPage.evaluate(() => (window as unknown as { __tawasulRealtime: { status: string } }).__tawasulRealtime.status)).toBe('open');

    const customer = customers[0];
    const interactionId = await createChat(customer.id);

    const dialog = agentPage.getByRole('dialog', { name: 'New contact for you' });
    await dialog.waitFor({ timeout: 15_000 });
    await expect.poll(() => dialog.getByTestId('offer-customer').textContent()).toBe(customer.name);
    expect(await dialog.textContent()).toContain('Sales');
    expect(await dialog.textContent()).toContain('Web chat');
    expect(await dialog.getByRole('button', { name: 'Accept' }).getAttribute('aria-keyshortcuts')).toBe('Enter');

    const accepted = agentPage.waitForResponse((r) => /\/api\/routing\/offers\/[^/]+\/accept$/.test(r.url()));
    await agentPage.keyboard.press('Enter');
    expect((await accepted).status()).toBe(200);
    // The accepted contact opens in the agent desktop.
    await agentPage.waitForURL(`**/interactions/${interactionId}`);
    await dialog.waitFor({ state: 'hidden' });

    const { interaction } = await admin.get<{ interaction: { assigneeId: string; status: string } }>(`/interactions/${interactionId}`);
    expect(interaction.assigneeId).toBe(agent.id);
    expect(interaction.status).toBe('active');
    // Load is shown in the header.
    await agentPage.getByText(/Web chat\s*1\/\d/).first().waitFor();
  });

  it('keeps receiving offers after the websocket drops and resumes', async () => {
    const rt = () =>
      agentPage.evaluate(() => {
        const c = (window as unknown as { __tawasulRealtime: { status: string; connections: number; lastId?: number } }).__tawasulRealtime;
        return { status: c.status, connections: c.connections, lastId: c.lastId };
      });
    const before = await rt();
    expect(before.status).toBe('open');
    expect(before.lastId).toBeGreaterThan(0);
    await agentPage.evaluate(() => (window as unknown as { __tawasulRealtime: { dropConnection(): void } }).__tawasulRealtime.dropConnection());
    // The contact is created at once, while the socket is down (the first retry waits ≥ 375 ms).
    const customer = customers[1];
    const interactionId = await createChat(customer.id);
    expect((await rt()).status).toBe('connecting'); // created while the socket was down: the resume must replay it
    await expect.poll(async () => (await rt()).connections, { timeout: 15_000 }).toBe(before.connections + 1);

    const dialog = agentPage.getByRole('dialog', { name: 'New contact for you' });
    await dialog.waitFor({ timeout: 15_000 });
    await expect.poll(() => dialog.getByTestId('offer-customer').textContent()).toBe(customer.name);
    await dialog.getByRole('button', { name: 'Accept' }).click();
    await agentPage.waitForURL(`**/interactions/${interactionId}`);
    const { interaction } = await admin.get<{ interaction: { assigneeId: string; status: string } }>(`/interactions/${interactionId}`);
    expect(interaction.assigneeId).toBe(agent.id);
    expect(interaction.status).toBe('active');
  });

  it('goes away for a break, seen live by a supervisor and still shown after a reload', async () => {
    const { context: supervisorContext, page: supervisorPage } = await e2e.signedIn(demoUsers.supervisor);
    await supervisorPage.getByRole('navigation').getByRole('link', { name: 'Queues and agents' }).click();
    await supervisorPage.getByRole('heading', { level: 2, name: 'Queues and agents' }).waitFor();
    const agentRow = supervisorPage.getByTestId('agent-states').getByRole('row').filter({ hasText: agent.name });
    await agentRow.getByText('Available').waitFor();
    await agentRow.getByText(/Web chat\s*2\/\d/).waitFor(); // the two chats accepted above
    await supervisorPage.getByTestId('queue-stats').getByRole('row').filter({ hasText: 'Sales' }).waitFor();
    await supervisorPage.getByTestId('live-status').getByText('Live').waitFor();

    await setState(agentPage, 'Away: Break');
    const label = agentPage.getByTestId('agent-state-label');
    await expect.poll(() => label.textContent()).toBe('Away · Break');

    // Live on the supervisor's page, without a reload (the fallback refetch is 15 s away).
    await agentRow.getByText('Away · Break').waitFor({ timeout: 10_000 });

    await agentPage.reload();
    await expect.poll(() => agentPage.getByTestId('agent-state-label').textContent(), { timeout: 15_000 }).toBe('Away · Break');
    expect(await agentPage.getByTestId('agent-state').getAttribute('data-state')).toBe('away');
    const me = (await (await agentPage.request.get('/api/routing/me')).json()) as { state: string; reason: string };
    expect(me).toMatchObject({ state: 'away', reason: 'break' });
    await supervisorContext.close();
  });

  it('lets an admin create a queue with skills, service level, hours and overflow steps', async () => {
    const page = await adminContext.newPage();
    await page.goto('/admin/queues');
    await page.getByRole('heading', { level: 2, name: 'Queues' }).waitFor();
    await page.getByRole('button', { name: 'New queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'New queue' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('VIP callbacks');

    await dialog.getByRole('tab', { name: 'Routing' }).click();
    await dialog.getByRole('button', { name: 'Add skill' }).click();
    await dialog.getByRole('combobox', { name: 'Skill' }).fill('returns');
    await dialog.getByRole('textbox', { name: 'Minimum level' }).fill('3');
    await dialog.getByRole('textbox', { name: 'Web chat' }).fill('30');

    await dialog.getByRole('tab', { name: 'Service level' }).click();
    await dialog.getByRole('textbox', { name: 'Share of contacts' }).fill('90');
    await dialog.getByRole('textbox', { name: 'Answered within' }).fill('30');

    await dialog.getByRole('tab', { name: 'Hours' }).click();
    await dialog.getByRole('switch', { name: /Use opening hours/ }).check({ force: true });
    await dialog.getByRole('checkbox', { name: 'Open on Monday' }).check({ force: true });
    await dialog.getByLabel('Date').fill('2026-12-31');
    await dialog.getByRole('button', { name: 'Add holiday' }).click();

    await dialog.getByRole('tab', { name: 'Overflow' }).click();
    await dialog.getByRole('button', { name: 'Add step' }).click();
    await dialog.getByRole('button', { name: 'Add step' }).click();
    const step2 = dialog.getByRole('listitem', { name: 'Step 2' });
    await step2.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Also offer to agents of another queue' }).click();
    await step2.getByRole('combobox', { name: 'Queue to add' }).click();
    await page.getByRole('option', { name: 'Sales' }).click();

    const created = page.waitForResponse((r) => r.url().endsWith('/api/queues') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const res = await created;
    expect(res.status()).toBe(201);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'VIP callbacks', exact: true }).waitFor();

    const { items } = await admin.get<{ items: { name: string; settings: Record<string, unknown> }[] }>('/queues');
    const q = items.find((x) => x.name === 'VIP callbacks')!;
    expect(q.settings).toMatchObject({
      requiredSkills: [{ skill: 'returns', minLevel: 3 }],
      acceptTimeoutSeconds: { chat: 30 },
      serviceLevel: { percent: 90, seconds: 30 },
      hours: { weekly: [{ day: 1, open: '09:00', close: '18:00' }], holidays: ['2026-12-31'] },
      overflow: [
        { afterSeconds: 60, action: 'relax_skills', by: 1 },
        { afterSeconds: 120, action: 'add_queue', queueId: sales.id },
      ],
    });
    await page.close();
  });
});
