/** A customer answers a CSAT survey from its link, without signing in, in their language (Arabic, right to left). */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoUsers, withProduct } from './support.js';

describe('CSAT survey page', () => {
  const e2e = withProduct();

  it('asks in Arabic, takes a score and a comment, and the contact gets its rating', async () => {
    const admin = (await e2e.newContext()).request;
    const login = await admin.post('/api/auth/login', { data: { email: demoUsers.admin, password: DEMO_PASSWORD } });
    const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { id: string } };
    const post = async <T>(path: string, data: object = {}) => {
      const r = await admin.post(`/api${path}`, { data, headers: { 'x-csrf-token': csrfToken } });
      expect(r.ok(), `${path}: ${await r.text()}`).toBe(true);
      return (await r.json()) as T;
    };
    const queue = ((await (await admin.get('/api/queues')).json()) as { items: { id: string; name: string }[] }).items.find((q) => q.name === 'Sales')!;
    const customer = (await post<{ customer: { id: string } }>('/customers', { name: 'ليلى', language: 'ar' })).customer;
    const contact = (await post<{ interaction: { id: string } }>('/interactions', { customerId: customer.id, channel: 'email', queueId: queue.id })).interaction;
    await post(`/interactions/${contact.id}/assign`, { agentId: user.id });
    await post(`/interactions/${contact.id}/close`, { resolved: true });
    const { survey } = await post<{ survey: { url: string } }>(`/interactions/${contact.id}/survey`);
    expect(survey.url).toContain('/survey/');

    const page = await (await e2e.newContext()).newPage();
    await page.goto(new URL(survey.url).pathname);
    await page.getByRole('heading', { name: /كيف كانت خدمتنا/ }).waitFor();
    expect(await page.locator('[dir="rtl"][lang="ar"]').count()).toBeGreaterThan(0);
    await page.getByTestId('score-5').click();
    await page.getByRole('textbox').fill('شكرًا على المساعدة');
    await page.getByTestId('survey-send').click();
    await page.getByRole('heading', { name: 'شكرًا لك!' }).waitFor();

    const events = (await (await admin.get(`/api/interactions/${contact.id}/events`)).json()) as { items: { type: string; data: Record<string, unknown> }[] };
    expect(events.items.find((e) => e.type === 'rated')?.data).toMatchObject({ score: 5, comment: 'شكرًا على المساعدة', source: 'link' });
    // The link is used up.
    await page.reload();
    await page.getByRole('heading', { name: 'شكرًا لك!' }).waitFor();
  });
});

describe('CSAT survey rules (admin)', () => {
  const e2e = withProduct();

  it('an admin sets a queue’s survey rules in English and sees the page in Arabic, right to left', async () => {
    const { context, page } = await e2e.signedIn(demoUsers.admin);
    await page.goto('/admin/surveys');
    await page.getByRole('heading', { name: 'CSAT survey rules' }).waitFor();
    const queues = (await (await context.request.get('/api/queues')).json()) as { items: { id: string; name: string }[] };
    const sales = queues.items.find((q) => q.name === 'Sales')!;
    const card = page.getByTestId(`survey-rules-${sales.id}`);
    await card.getByLabel('At most once per customer every (days)').fill('30');
    await card.getByLabel('SMS').uncheck();
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/surveys/rules/${sales.id}`) && r.request().method() === 'PUT');
    await card.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(200);
    await card.getByRole('status').waitFor();
    const rules = (await (await context.request.get('/api/surveys/rules')).json()) as { items: { queueId: string; minDaysBetween: number; channels: string[] }[] };
    const mine = rules.items.find((r) => r.queueId === sales.id)!;
    expect(mine.minDaysBetween).toBe(30);
    expect(mine.channels).not.toContain('sms');
    expect(mine.channels).toContain('email');

    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'العربية' }).click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { name: 'قواعد استبيان رضا العملاء' }).waitFor();
    expect(await card.getByLabel('مرة واحدة على الأكثر لكل عميل كل (أيام)').inputValue()).toBe('30');
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'Azərbaycanca' }).click();
    await page.getByRole('heading', { name: 'Məmnunluq sorğusu qaydaları' }).waitFor();
    await context.close();
  });
});
