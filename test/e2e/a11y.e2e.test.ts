/**
 * Accessibility of the agent desktop and its admin screens in real Chromium: axe-core (WCAG 2.1 A/AA rules)
 * over the offer dialog, the desktop with an open contact, the shortcuts overlay, the wrap-up and transfer dialogs, the
 * header's mentions list, the admin saved answers / scripts / contact reasons pages and the supervisor's
 * escalation inbox, in English and Arabic, with no serious or critical violation. The frequent actions work
 * from the keyboard alone: accept an offer, reply, end the contact and fill in the wrap-up without a mouse.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { APIRequestContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoUsers, withProduct } from './support.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeResult = { id: string; impact: string | null; help: string; nodes: { target: string[]; html: string; failureSummary?: string }[] };

/** Runs axe-core in the page (evaluated over the DevTools protocol, so the app's CSP does not stop it). */
async function audit(page: Page, screen: string) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeResult[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 6).map((n) => ({ target: n.target, html: n.html.slice(0, 300), failureSummary: n.failureSummary })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect.soft(serious, `${screen}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
  return violations;
}

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

async function switchLanguage(page: Page, label: string, dir: 'rtl' | 'ltr') {
  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name: label }).click();
  await page.waitForFunction((d) => document.documentElement.dir === d, dir);
}

describe('accessibility of the agent desktop', () => {
  const e2e = withProduct();
  let admin: Awaited<ReturnType<typeof apiAs>>;
  let agentApi: Awaited<ReturnType<typeof apiAs>>;
  let agent: Page;
  let supervisor: Page;
  let adminPage: Page;
  let customers: { id: string; name: string }[];
  let sales: string;
  let agentId: string;

  beforeAll(async () => {
    admin = await apiAs((await e2e.newContext()).request, demoUsers.admin);
    await admin.post('/saved-answers', { title: 'Greeting', shortcut: 'hi', body: 'Hello {{customer.first_name}}, {{agent.name}} here.' });
    await admin.post('/scripts', { name: 'Refund check', steps: [{ id: 'start', say: 'Let me check your order.', question: 'Was it delivered?', options: [{ label: 'Yes' }, { label: 'No' }] }] });
    for (const [kind, label] of [['reason', 'Order status'], ['reason', 'Refund'], ['disposition', 'Solved']]) await admin.post('/wrap-up-codes', { kind, label });
    customers = (await admin.get<{ items: { id: string; name: string }[] }>('/customers?limit=5')).items;
    sales = (await admin.get<{ items: { id: string; name: string }[] }>('/queues')).items.find((q) => q.name === 'Sales')!.id;
    const signedAgent = await e2e.signedIn(demoUsers.agent1);
    agent = signedAgent.page;
    agentApi = await apiAs(signedAgent.context.request, demoUsers.agent1);
    agentId = ((await (await agent.request.get('/api/auth/me')).json()) as { user: { id: string } }).user.id;
    supervisor = (await e2e.signedIn(demoUsers.supervisor)).page;
    adminPage = (await e2e.signedIn(demoUsers.admin)).page;
  });

  async function offerContact(customerId: string) {
    // Ready again after the last contact's after-contact work.
    await agentApi.put('/routing/me/state', { state: 'available' });
    return (await admin.post<{ interaction: { id: string } }>('/interactions', { customerId, channel: 'chat', queueId: sales })).interaction.id;
  }

  it('takes a contact from offer to wrap-up with the keyboard alone, with no serious violation on the way (English)', async () => {
    await agent.goto('/desktop');
    await agentApi.put('/routing/me/state', { state: 'available' });
    await expect.poll(() => agent.getByTestId('agent-state').getAttribute('data-state')).toBe('available');
    const id = await offerContact(customers[0]!.id);

    // The offer: focus is on Accept, Enter takes it.
    const dialog = agent.getByRole('dialog', { name: 'New contact for you' });
    await dialog.waitFor({ timeout: 20_000 });
    await audit(agent, 'offer dialog (en)');
    await agent.keyboard.press('Enter');
    await agent.waitForURL(`**/interactions/${id}`);
    await agent.getByTestId('customer-panel').waitFor();
    await audit(agent, 'desktop with a contact (en)');

    // The shortcuts overlay lists the frequent actions.
    await agent.locator('body').click({ position: { x: 5, y: 300 } });
    await agent.keyboard.press('?');
    const help = agent.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    for (const action of ['Reply', 'Transfer', 'End contact / wrap-up', 'Accept an offer']) expect(await help.textContent()).toContain(action);
    await audit(agent, 'shortcuts overlay (en)');
    await agent.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // Reply: Alt+R puts the caret in the composer, Ctrl+Enter sends.
    await agent.keyboard.press('Alt+KeyR');
    await expect.poll(() => agent.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('composer-input');
    await agent.keyboard.type('Thanks for waiting, let me check.');
    await agent.keyboard.press('Control+Enter');
    await agent.getByTestId('message-out').filter({ hasText: 'let me check' }).waitFor();

    // End: Alt+W opens the wrap-up; reason and disposition are picked with arrows and Enter, Tab moves on.
    await agent.keyboard.press('Alt+KeyW');
    const wrap = agent.getByRole('dialog', { name: 'Wrap-up' });
    await wrap.waitFor();
    await audit(agent, 'wrap-up dialog (en)');
    await expect.poll(() => agent.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    const focusTo = async (testId: string) => {
      for (let k = 0; k < 12; k++) {
        if (await agent.evaluate((t) => document.activeElement?.getAttribute('data-testid') === t, testId)) return;
        await agent.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${testId}`);
    };
    await focusTo('wrapup-reason');
    await agent.keyboard.press('ArrowDown');
    await agent.keyboard.press('ArrowDown');
    await agent.keyboard.press('Enter');
    await expect.poll(() => agent.getByTestId('wrapup-reason').inputValue()).toBe('Refund');
    await focusTo('wrapup-disposition');
    await agent.keyboard.press('ArrowDown');
    await agent.keyboard.press('Enter');
    await expect.poll(() => agent.getByTestId('wrapup-disposition').inputValue()).toBe('Solved');
    await focusTo('wrapup-submit');
    await agent.keyboard.press('Enter');
    await expect.poll(async () => (await admin.get<{ interaction: { status: string; reason: string } }>(`/interactions/${id}`)).interaction, { timeout: 10_000 })
      .toMatchObject({ status: 'closed', reason: 'Refund' });
    const events = (await admin.get<{ items: { type: string; actorId: string | null }[] }>(`/interactions/${id}/events`)).items;
    expect(events.filter((e) => ['accepted', 'message_sent', 'closed'].includes(e.type)).map((e) => [e.type, e.actorId])).toEqual([
      ['accepted', agentId], ['message_sent', agentId], ['closed', agentId],
    ]);
  });

  it('has no serious violation on the admin screens, the mentions list and the escalation inbox (English)', async () => {
    for (const url of ['/admin/saved-answers', '/admin/scripts', '/admin/dispositions']) {
      await adminPage.goto(url);
      await adminPage.getByRole('heading', { level: 1 }).first().waitFor();
      await adminPage.waitForLoadState('networkidle');
      await audit(adminPage, `${url} (en)`);
    }
    // A contact with an escalation and a note that mentions the supervisor.
    const id = await offerContact(customers[1]!.id);
    await agent.getByRole('dialog', { name: 'New contact for you' }).waitFor({ timeout: 20_000 });
    await agent.keyboard.press('Enter');
    await agent.waitForURL(`**/interactions/${id}`);
    await agent.getByTestId('customer-panel').waitFor();
    // The transfer dialog with its cold / warm choice.
    await agent.keyboard.press('Alt+KeyT');
    await agent.getByTestId('transfer-warm').waitFor();
    await audit(agent, 'transfer dialog (en)');
    await agent.keyboard.press('Escape');
    const supName = ((await (await supervisor.request.get('/api/auth/me')).json()) as { user: { name: string } }).user.name;
    await agentApi.post(`/interactions/${id}/notes`, { body: `@${supName} please look at this one` });
    await agentApi.post(`/interactions/${id}/escalate`, { reason: 'Angry customer' });
    await supervisor.goto('/supervisor/escalations');
    await supervisor.getByTestId('escalation-row').first().waitFor();
    await audit(supervisor, 'escalation inbox (en)');
    await supervisor.getByTestId('mentions-bell').click();
    await supervisor.getByTestId('mention-item').first().waitFor();
    await audit(supervisor, 'mentions list (en)');
    await supervisor.keyboard.press('Escape');
  });

  it('has no serious violation on the same screens in Arabic, right to left', async () => {
    for (const page of [agent, supervisor, adminPage]) await switchLanguage(page, 'العربية', 'rtl');
    for (const url of ['/admin/saved-answers', '/admin/scripts', '/admin/dispositions']) {
      await adminPage.goto(url);
      await adminPage.getByRole('heading', { level: 1 }).first().waitFor();
      await adminPage.waitForLoadState('networkidle');
      await audit(adminPage, `${url} (ar)`);
    }
    await supervisor.goto('/supervisor/escalations');
    await supervisor.getByTestId('escalation-row').first().waitFor();
    await audit(supervisor, 'escalation inbox (ar)');

    // The open contact, its wrap-up, then a new offer.
    await agent.goto('/desktop');
    await agent.getByTestId('customer-panel').waitFor();
    expect(await agent.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await audit(agent, 'desktop with a contact (ar)');
    await agent.keyboard.press('Alt+KeyW');
    await agent.getByTestId('wrapup-submit').waitFor();
    await audit(agent, 'wrap-up dialog (ar)');
    await agent.keyboard.press('Escape');
    await agent.keyboard.press('Alt+KeyT');
    await agent.getByTestId('transfer-warm').waitFor();
    await audit(agent, 'transfer dialog (ar)');
    await agent.keyboard.press('Escape');
    await offerContact(customers[2]!.id);
    await agent.getByTestId('offer-customer').waitFor({ timeout: 20_000 });
    await audit(agent, 'offer dialog (ar)');
  });
});
