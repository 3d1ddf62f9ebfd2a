import { describe, expect, it } from 'vitest';
import { demoUsers, withProduct } from './support.js';

interface Customer {
  id: string;
  name: string;
  identities: { kind: string; value: string }[];
}

describe('customers', () => {
  const e2e = withProduct();

  it('finds a demo customer by phone and shows their timeline', async () => {
    const { context, page } = await e2e.signedIn(demoUsers.agent1);

    // Pick a seeded customer through the API with the same signed-in browser context.
    const list = await context.request.get('/api/customers?limit=20');
    expect(list.status()).toBe(200);
    const { items } = (await list.json()) as { items: Customer[] };
    const customer = items.find((c) => c.identities.some((i) => i.kind === 'phone'));
    expect(customer, 'a demo customer with a phone number').toBeDefined();
    const phone = customer!.identities.find((i) => i.kind === 'phone')!.value;
    const timelineRes = await context.request.get(`/api/customers/${customer!.id}/timeline`);
    expect(timelineRes.status()).toBe(200);
    const timeline = (await timelineRes.json()) as { items: { kind: string; title: string | null }[] };
    expect(timeline.items.length).toBeGreaterThan(0);

    await page.getByRole('navigation').getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Search customers').fill(phone);
    const results = page.getByRole('table', { name: 'Customers found' });
    await expect.poll(() => results.getByRole('row').count()).toBe(2); // header + the one match
    await results.getByRole('link', { name: customer!.name }).click();

    await page.waitForURL(`**/customers/${customer!.id}`);
    await page.getByRole('heading', { level: 2, name: customer!.name }).waitFor();
    await expect.poll(() => page.getByText(phone, { exact: true }).first().isVisible()).toBe(true);

    const entries = page.getByTestId('timeline-entry');
    await entries.first().waitFor();
    expect(await entries.count()).toBe(timeline.items.length);
    const kinds = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(timeline.items.map((i) => i.kind));
    await context.close();
  });
});
