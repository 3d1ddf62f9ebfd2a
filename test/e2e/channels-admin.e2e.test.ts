import { describe, expect, it } from 'vitest';
import { demoUsers, withProduct } from './support.js';

describe('admin channels screen', () => {
  const e2e = withProduct();

  it('lists the channels and creates an SMS channel whose secret is never shown again', async () => {
    const { context, page } = await e2e.signedIn(demoUsers.admin);
    await page.getByTestId('app-navbar').getByRole('link', { name: 'Channels' }).click();
    const rows = page.getByTestId('channel-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);
    for (const name of ['Complaints and suggestions', 'Nizami street branch', 'Demo SMS number', 'Demo WhatsApp']) {
      expect(await rows.filter({ hasText: name }).count(), name).toBe(1);
    }

    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'New channel' });
    await dialog.getByTestId('channel-kind').click();
    await page.getByRole('option', { name: 'SMS' }).click();
    await dialog.getByLabel('Name').fill('Branch SMS line');
    await dialog.getByLabel('Address').fill('+15550001111');
    await dialog.getByLabel('Account SID').fill('AC0123456789abcdef0123456789abcdef');
    await dialog.getByLabel('Auth token').fill('secret-auth-token-0123456789');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/channels') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Create' }).click();
    expect((await created).status()).toBe(201);
    await expect.poll(() => rows.filter({ hasText: 'Branch SMS line' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Edit Branch SMS line' }).click();
    const edit = page.getByRole('dialog', { name: 'Channel: Branch SMS line' });
    await expect.poll(() => edit.getByTestId('credential-authToken').textContent()).toContain('Set');
    expect(await edit.locator('body, *').evaluateAll((els) => els.some((e) => (e as HTMLInputElement).value === 'secret-auth-token-0123456789'))).toBe(false);
    const webhook = await edit.getByTestId('copy-value').first().textContent();
    expect(webhook).toMatch(/\/api\/public\/channels\/sms\/[A-Za-z0-9_-]+\/webhook$/);
    expect(await page.content()).not.toContain('secret-auth-token-0123456789');
    await context.close();
  });
});
