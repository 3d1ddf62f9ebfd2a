import { describe, expect, it } from 'vitest';
import { demoUsers, withProduct } from './support.js';

describe('complaint form in Arabic and the case status page', () => {
  const e2e = withProduct();

  it('submits a complaint with a file and follows it on the status page', async () => {
    const admin = await e2e.signedIn(demoUsers.admin);
    const channels = (await (await admin.page.request.get('/api/channels')).json()).items as { kind: string; publicKey: string }[];
    const form = channels.find((c) => c.kind === 'form')!;

    const context = await e2e.newContext();
    const page = await context.newPage();
    await page.goto(`/f/${form.publicKey}?lang=ar`);
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');

    await page.getByRole('radio', { name: 'شكوى' }).check({ force: true });
    await page.getByLabel('اسمك').fill('سارة القحطاني');
    await page.getByLabel('البريد الإلكتروني').fill('sara.q@example.com');
    await page.getByLabel('رقم الطلب').fill('NOPE-1');
    await page.getByLabel('رسالتك').fill('وصل الطلب متأخراً والعلبة مكسورة.');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('form-files').click();
    await (await chooser).setFiles({ name: 'صورة-العلبة.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a7cd6d4a0000000049454e44ae426082', 'hex') });
    await page.getByRole('button', { name: 'إرسال' }).click();

    const reference = (await page.getByTestId('form-reference').textContent())!.trim();
    expect(reference).toMatch(/^#\d+$/);
    await page.screenshot({ path: '/tmp/tawasul-form-ar.png' }).catch(() => undefined);

    await page.getByTestId('status-link').click();
    await expect.poll(() => page.getByTestId('status-reference').textContent()).toBe(reference);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const messages = page.getByRole('list', { name: 'الرسائل' });
    await expect.poll(() => messages.getByText('وصل الطلب متأخراً والعلبة مكسورة.').isVisible()).toBe(true);
    await expect.poll(() => messages.getByText('صورة-العلبة.png').isVisible()).toBe(true);

    // Staff see the case with the file; the agent's reply reaches the status page, the note does not.
    const kase = (await (await admin.page.request.get(`/api/cases/by-number/${reference.slice(1)}`)).json()).case;
    expect(kase).toMatchObject({ type: 'complaint', subject: 'وصل الطلب متأخراً والعلبة مكسورة.' });
    const interactionId = kase.interactions[0].id as string;
    const csrf = (await (await admin.page.request.get('/api/auth/me')).json()).csrfToken as string;
    const headers = { 'x-csrf-token': csrf };
    expect((await admin.page.request.post(`/api/interactions/${interactionId}/assign`, { headers, data: { agentId: (await (await admin.page.request.get('/api/auth/me')).json()).user.id } })).status()).toBe(200);
    expect((await admin.page.request.post(`/api/interactions/${interactionId}/notes`, { headers, data: { body: 'ملاحظة داخلية' } })).status()).toBe(201);
    expect((await admin.page.request.post(`/api/interactions/${interactionId}/messages`, { headers, data: { body: 'نعتذر عن ذلك، سنرسل بديلاً.' } })).status()).toBe(201);
    await page.reload();
    // The link carries the language it was given in.
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expect.poll(() => messages.getByText('نعتذر عن ذلك، سنرسل بديلاً.').isVisible()).toBe(true);
    expect(await page.getByText('ملاحظة داخلية').count()).toBe(0);

    // The customer answers from the status page.
    await page.getByLabel('أضف رسالة').fill('شكراً، بانتظار البديل.');
    await page.getByRole('button', { name: 'إرسال' }).click();
    await expect.poll(() => messages.getByText('شكراً، بانتظار البديل.').isVisible()).toBe(true);
    const thread = (await (await admin.page.request.get(`/api/interactions/${interactionId}/messages`)).json()).items as { direction: string; body: string }[];
    expect(thread.at(-1)).toMatchObject({ direction: 'inbound', body: 'شكراً، بانتظار البديل.' });
    await page.screenshot({ path: '/tmp/tawasul-status-ar.png' }).catch(() => undefined);
    await Promise.all([context.close(), admin.context.close()]);
  });
});
