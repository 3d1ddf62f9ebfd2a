/**
 * Email end to end: a real SMTP client (nodemailer) mails the demo mailbox on the product's SMTP port; the
 * email becomes a contact; the agent's reply (through the API) reaches the customer's mail server (an SMTP
 * sink) threaded under the customer's message; the agent sees the Arabic subject on the customer's profile.
 */
import nodemailer from 'nodemailer';
import type { APIRequestContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpSink } from '../support/mail.js';
import { DEMO_PASSWORD, demoUsers, freePort, withProduct } from './support.js';

const smtpPort = await freePort();
// The product process inherits this environment: its SMTP server listens on a port of this test only.
process.env.SMTP_PORT = String(smtpPort);
process.env.SMTP_HOST = '127.0.0.1';

async function apiAs(request: APIRequestContext, email: string) {
  const login = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { id: string } };
  const check = async (res: Awaited<ReturnType<APIRequestContext['get']>>, what: string) => {
    if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as any;
  };
  return {
    userId: user.id,
    get: async (path: string) => check(await request.get(`/api${path}`), `GET ${path}`),
    post: async (path: string, body: unknown) => check(await request.post(`/api${path}`, { data: body as object, headers: { 'x-csrf-token': csrfToken } }), `POST ${path}`),
    patch: async (path: string, body: unknown) => check(await request.patch(`/api${path}`, { data: body as object, headers: { 'x-csrf-token': csrfToken } }), `PATCH ${path}`),
  };
}

async function eventually<T>(fn: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('email: from a mail program to the agent and back', () => {
  const e2e = withProduct();
  const sink = new SmtpSink();
  const subject = 'استفسار عن الفاتورة رقم 7781';

  beforeAll(async () => {
    await sink.start();
  });
  afterAll(async () => {
    await sink.stop();
  });

  it('receives an Arabic email, sends the agent\'s threaded reply, and shows the subject to the agent', async () => {
    const adminCtx = await e2e.newContext();
    const admin = await apiAs(adminCtx.request, demoUsers.admin);
    const box = (await admin.get('/channels?kind=email')).items.find((c: { address: string }) => c.address === 'support@demo.tawasul.test');
    expect(box).toBeTruthy();
    // Replies of the demo are kept as sent; here they go to the customer's (test) mail server.
    await admin.patch(`/channels/${box.id}`, { settings: { deliveryMode: 'smtp', smtpHost: '127.0.0.1', smtpPort: sink.port, smtpSecure: false, tlsVerify: false } });

    const customer = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    const sent = await customer.sendMail({
      from: { name: 'مريم العلي', address: 'mariam.ali@example.net' }, to: 'support@demo.tawasul.test', subject,
      text: 'مرحباً، تم خصم المبلغ مرتين من بطاقتي. أرجو المساعدة.',
    });
    customer.close();

    const contact = await eventually(async () => {
      const list = (await admin.get('/interactions?channel=email&limit=50')).items as { id: string; subject: string | null }[];
      return list.find((i) => i.subject === subject);
    }, 'the email contact');

    const agentCtx = await e2e.newContext();
    const agent = await apiAs(agentCtx.request, demoUsers.agent1);
    await agent.post(`/interactions/${contact.id}/assign`, { agentId: agent.userId });
    const reply = 'أهلاً مريم، نعتذر عن ذلك. سنعيد المبلغ المخصوم مرتين خلال ثلاثة أيام.';
    await agent.post(`/interactions/${contact.id}/messages`, { body: reply });

    const mail = await sink.waitFor((m) => m.parsed.inReplyTo === sent.messageId && (m.parsed.text ?? '').includes(reply), 30_000);
    expect(mail.rcptTo).toEqual(['mariam.ali@example.net']);
    expect(mail.parsed.subject).toMatch(new RegExp(`^Re: ${subject}`));
    expect(mail.parsed.references).toContain(sent.messageId);
    expect(mail.parsed.from!.value[0]!.address).toBe('support@demo.tawasul.test');

    // The customer's profile: the email contact on the timeline with its Arabic subject.
    const { customerId } = await agent.get(`/interactions/${contact.id}`).then((r) => r.interaction ?? r);
    const { context, page } = await e2e.signedIn(demoUsers.agent1);
    await page.goto(`${e2e.product.baseUrl}/customers/${customerId}`);
    await page.getByText('مريم العلي').filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    await page.getByText(subject).filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    await context.close();
    await agentCtx.close();
    await adminCtx.close();
  });
});
