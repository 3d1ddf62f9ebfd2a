import { describe, expect, it } from 'vitest';
import { demoUsers, withProduct } from './support.js';

describe('language and right-to-left layout', () => {
  const e2e = withProduct();

  it('switches an agent to Arabic, mirrors the layout and remembers the choice', async () => {
    const { context, page } = await e2e.signedIn(demoUsers.agent1);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');

    const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/me') && r.request().method() === 'PATCH');
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'العربية' }).click();
    expect((await saved).status()).toBe(200);

    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    const nav = page.getByRole('navigation', { name: 'التنقل الرئيسي' });
    await expect.poll(() => nav.getByRole('link', { name: 'العملاء' }).isVisible()).toBe(true);

    // The navigation hugs the right edge of the viewport in Arabic.
    const viewport = page.viewportSize()!;
    const box = (await nav.boundingBox())!;
    expect(box.x).toBeGreaterThan(viewport.width / 2);
    expect(Math.abs(box.x + box.width - viewport.width)).toBeLessThanOrEqual(2);

    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expect.poll(() => nav.getByRole('link', { name: 'الرئيسية' }).isVisible()).toBe(true);
    await context.close();

    // A new browser (no local storage) gets Arabic from the user's saved preference once signed in.
    const { context: fresh, page: again } = await e2e.signedIn(demoUsers.agent1);
    await again.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expect.poll(() => again.getByRole('navigation', { name: 'التنقل الرئيسي' }).isVisible()).toBe(true);
    await fresh.close();
  });
});
