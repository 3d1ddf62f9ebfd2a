import { describe, expect, it } from 'vitest';
import { demoUsers, signIn, withProduct } from './support.js';

describe('admin users', () => {
  const e2e = withProduct();

  it('creates a user who can then sign in', async () => {
    const { context, page } = await e2e.signedIn(demoUsers.admin);

    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 2, name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'New user' }).click();

    const dialog = page.getByRole('dialog', { name: 'New user' });
    const email = `new.agent.${Date.now()}@demo.tawasul.test`;
    const password = 'Fresh-agent-pass-42';
    await dialog.getByRole('textbox', { name: 'Email' }).fill(email);
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Leyla Həsənova');
    const languages = dialog.getByRole('combobox', { name: 'Service languages' });
    await languages.focus();
    await languages.press('ArrowDown');
    await page.getByRole('option', { name: 'Azerbaijani' }).click();
    await page.getByRole('option', { name: 'Arabic' }).click();
    await dialog.getByRole('heading', { name: 'New user' }).click(); // close the dropdown
    await dialog.getByRole('button', { name: 'Add skill' }).click();
    await dialog.getByRole('textbox', { name: 'Skill' }).fill('returns');
    await dialog.getByLabel(/^Password/).fill(password);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Create' }).click();
    expect((await created).status()).toBe(201);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: email }).waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/login');

    await signIn(page, email, password);
    await page.getByRole('heading', { name: 'Welcome, Leyla Həsənova' }).waitFor();
    await context.close();
  });
});
