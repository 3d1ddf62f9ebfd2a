import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers, launchBrowser, newContext, signIn, startProduct, type Product } from './support.js';

describe('language and right-to-left layout', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('switches an agent to Arabic, mirrors the layout and remembers the choice', async () => {
    const context = await newContext(browser, product.baseUrl);
    const page = await context.newPage();
    await signIn(page, demoUsers.agent1);
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
    const fresh = await newContext(browser, product.baseUrl);
    const again = await fresh.newPage();
    await signIn(again, demoUsers.agent1);
    await again.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expect.poll(() => again.getByRole('navigation', { name: 'التنقل الرئيسي' }).isVisible()).toBe(true);
    await fresh.close();
  });
});
