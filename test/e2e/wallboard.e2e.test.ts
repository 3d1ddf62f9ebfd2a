/**
 * The supervisor's wallboard follows the floor live (a contact arrives, an agent answers it) without a
 * reload, and reads right-to-left in Arabic; the reports page draws its charts and downloads a CSV.
 */
import { readFile } from 'node:fs/promises';
import type { APIRequestContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoUsers, withProduct } from './support.js';

async function apiAs(request: APIRequestContext, email: string) {
  const login = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const ok = async (res: Awaited<ReturnType<APIRequestContext['get']>>) => {
    if (!res.ok()) throw new Error(`${res.url()}: ${res.status()} ${await res.text()}`);
    return (res.status() === 204 ? undefined : await res.json()) as never;
  };
  return {
    get: async <T>(path: string): Promise<T> => ok(await request.get(`/api${path}`)),
    send: async <T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> =>
      ok(await request.fetch(`/api${path}`, { method, data: body as object, headers: { 'x-csrf-token': csrfToken } })),
  };
}

describe('wallboard and reports', () => {
  const e2e = withProduct();

  it('updates the wallboard live when a contact arrives and is answered, and mirrors it in Arabic', async () => {
    const { page } = await e2e.signedIn(demoUsers.supervisor);
    const admin = await apiAs((await e2e.newContext()).request, demoUsers.admin);
    const agent = await apiAs((await e2e.newContext()).request, demoUsers.agent1);
    const sales = (await admin.get<{ items: { id: string; name: string }[] }>('/queues')).items.find((q) => q.name === 'Sales')!;
    const customer = (await admin.get<{ items: { id: string }[] }>('/customers')).items[0]!;

    await page.goto('/supervisor/wallboard');
    const tile = page.getByTestId(`queue-tile-${sales.id}`);
    await tile.waitFor();
    await page.getByTestId('wallboard-live').filter({ hasText: 'Live' }).waitFor();
    const number = async (id: string) => Number(await tile.getByTestId(id).innerText());
    const waiting0 = await number('waiting');
    const answered0 = await number('answered');

    await agent.send('PUT', '/routing/me/state', { state: 'away', reason: 'break' });
    await admin.send('POST', '/interactions', { customerId: customer.id, channel: 'chat', queueId: sales.id });
    await expect.poll(() => number('waiting'), { timeout: 5000 }).toBe(waiting0 + 1);

    await agent.send('PUT', '/routing/me/state', { state: 'available' });
    let offerId: string | undefined;
    await expect.poll(async () => (offerId = (await agent.get<{ offers: { id: string }[] }>('/routing/me')).offers[0]?.id), { timeout: 10_000 }).toBeTruthy();
    await agent.send('POST', `/routing/offers/${offerId}/accept`, {});
    await expect.poll(() => number('answered'), { timeout: 5000 }).toBe(answered0 + 1);
    await expect.poll(() => number('waiting'), { timeout: 5000 }).toBe(waiting0);

    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'العربية' }).click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { name: 'لوحة العرض', level: 2 }).waitFor();
    // Tiles flow from the right edge in Arabic.
    const box = (await tile.boundingBox())!;
    const heading = (await page.getByRole('heading', { name: 'لوحة العرض', level: 2 }).boundingBox())!;
    expect(heading.x + heading.width).toBeGreaterThan(page.viewportSize()!.width / 2);
    expect(box.width).toBeGreaterThan(0);
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
  });

  it('turns a queue tile amber once the wait passes T and red past 3 T, and goes full screen for a TV', async () => {
    const { page } = await e2e.signedIn(demoUsers.supervisor);
    const admin = await apiAs((await e2e.newContext()).request, demoUsers.admin);
    // A queue nobody serves with a 2-second service level threshold: its one contact just waits.
    const { queue } = await admin.send<{ queue: { id: string } }>('POST', '/queues', {
      name: 'Threshold watch', channels: ['chat'], settings: { requiredSkills: [{ skill: 'nobody_has_it', minLevel: 1 }], serviceLevel: { percent: 80, seconds: 2 } },
    });
    const customer = (await admin.get<{ items: { id: string }[] }>('/customers')).items[0]!;
    await page.goto('/supervisor/wallboard');
    const tile = page.getByTestId(`queue-tile-${queue.id}`);
    await tile.waitFor();
    expect(await tile.getAttribute('data-level')).toBe('ok');
    const { interaction } = await admin.send<{ interaction: { id: string } }>('POST', '/interactions', { customerId: customer.id, channel: 'chat', queueId: queue.id });
    await expect.poll(() => tile.getAttribute('data-level'), { timeout: 8000, interval: 100 }).toBe('amber');
    await expect.poll(() => tile.getAttribute('data-level'), { timeout: 10_000, interval: 100 }).toBe('red');
    await tile.getByText('Alert').waitFor();

    await page.getByRole('button', { name: 'Full screen' }).click();
    await expect.poll(() => page.getByTestId('wallboard').getAttribute('data-tv')).toBe('true');
    await page.getByRole('button', { name: 'Leave full screen' }).click();
    await expect.poll(() => page.getByTestId('wallboard').getAttribute('data-tv')).toBeNull();
    await admin.send('POST', `/interactions/${interaction.id}/abandon`, {});
  });

  it('reports show charts and download the contacts as CSV', async () => {
    const { page } = await e2e.signedIn(demoUsers.supervisor);
    await page.goto('/reports');
    await page.getByTestId('chart-volume').locator('svg').waitFor();
    await page.getByTestId('heatmap').waitFor();
    await page.getByTestId('chart-occupancy').locator('svg').waitFor();
    expect(Number(await page.getByTestId('kpi-offered').innerText())).toBeGreaterThan(0);
    const download = page.waitForEvent('download');
    await page.getByTestId('csv-contacts').click();
    const file = await (await download).path();
    const csv = await readFile(file, 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toContain('interaction_id');
    expect(header).toContain('answered_at');
    expect(rows.length).toBeGreaterThan(0);
    // Drill-down from a number to the contacts behind it.
    await page.getByRole('button', { name: /^Offered/ }).click();
    await expect.poll(() => page.getByTestId('drill-table').locator('tbody tr').count(), { timeout: 5000 }).toBeGreaterThan(0);
  });
});
