import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let form: { id: string; publicKey: string };
let queueId: string;
let ip = 1;

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** A multipart body as a browser sends it, with text fields and files. */
function multipartBody(fields: Record<string, string>, files: { name: string; type: string; content: Buffer }[] = []) {
  const boundary = `----tawasul${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const submit = (fields: Record<string, string>, files: { name: string; type: string; content: Buffer }[] = [], from = `10.9.0.${ip++}`) => {
  const body = multipartBody(fields, files);
  return t.server.app.inject({ method: 'POST', url: `/api/public/forms/${form.publicKey}`, remoteAddress: from, ...body });
};

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Forms');
  queueId = (await a.admin.post('/api/queues', { name: 'Complaints', channels: ['form'] })).json().queue.id;
  const res = await a.admin.post('/api/channels', { kind: 'form', name: 'Complaints and suggestions', queueId, language: 'ar', settings: { title: 'Tell us' } });
  expect(res.statusCode, res.body).toBe(201);
  form = res.json().channel;
});
afterAll(() => t?.close());

describe('public complaint form', () => {
  it('describes its fields without signing in', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: `/api/public/forms/${form.publicKey}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().form).toMatchObject({ name: 'Complaints and suggestions', title: 'Tell us', language: 'ar', types: ['complaint', 'suggestion', 'inquiry'], askOrderNumber: true, allowAttachments: true });
    expect((await t.server.app.inject({ method: 'GET', url: '/api/public/forms/unknown-key-123' })).statusCode).toBe(404);
  });

  it('turns a complaint with the customer\'s order number and a file into a case, linked to a queued contact', async () => {
    const c = (await a.admin.post('/api/customers', { name: 'Nadia Karimova', identities: [{ kind: 'email', value: 'nadia@example.com' }] })).json().customer;
    const order = await a.admin.post(`/api/customers/${c.id}/orders`, { number: 'ORD-7781', status: 'delivered', currency: 'AZN', amount: '45.00', items: [] });
    expect(order.statusCode, order.body).toBe(201);
    const res = await submit({ type: 'complaint', name: 'Nadia', email: 'Nadia@Example.com', orderNumber: 'ord-7781', message: 'الطلب وصل تالفاً\nالصندوق مكسور', language: 'ar' },
      [{ name: 'receipt.pdf', type: 'application/pdf', content: pdf }]);
    expect(res.statusCode, res.body).toBe(201);
    const { reference, statusToken, refusedFiles } = res.json();
    expect(refusedFiles).toEqual([]);
    const kase = (await a.agent.get(`/api/cases/by-number/${reference}`)).json().case ?? (await a.agent.get(`/api/cases/by-number/${reference}`)).json();
    expect(kase).toMatchObject({ customerId: c.id, type: 'complaint', subject: 'الطلب وصل تالفاً', orderId: order.json().order.id });
    expect(kase.interactions).toHaveLength(1);
    const i = (await a.agent.get(`/api/interactions/${kase.interactions[0].id}`)).json().interaction ?? (await a.agent.get(`/api/interactions/${kase.interactions[0].id}`)).json();
    expect(i).toMatchObject({ channel: 'form', status: 'queued', queueId, customerId: c.id, caseId: kase.id, language: 'ar' });
    const msgs = (await a.agent.get(`/api/interactions/${i.id}/messages`)).json().items;
    expect(msgs[0].attachments[0]).toMatchObject({ fileName: 'receipt.pdf', size: pdf.length });
    expect(statusToken).toBeTruthy();
  });

  it('does not attach someone else\'s order', async () => {
    const res = await submit({ type: 'inquiry', name: 'Stranger', phone: '+994501112233', orderNumber: 'ORD-7781', message: 'Where is this order?' });
    expect(res.statusCode, res.body).toBe(201);
    const kase = (await a.agent.get(`/api/cases/by-number/${res.json().reference}`)).json();
    expect((kase.case ?? kase).orderId).toBeNull();
  });

  it('refuses a submission without a way to reach the customer, or of a type the form does not take', async () => {
    expect((await submit({ type: 'complaint', name: 'X', message: 'hello' })).statusCode).toBe(400);
    expect((await submit({ type: 'praise', name: 'X', email: 'x@example.com', message: 'hello' })).statusCode).toBe(400);
    const json = await t.server.app.inject({ method: 'POST', url: `/api/public/forms/${form.publicKey}`, payload: { type: 'suggestion', name: 'J', email: 'j@example.com', message: 'Open on Sundays' }, remoteAddress: '10.9.1.1' });
    expect(json.statusCode, json.body).toBe(201);
  });

  it('limits submissions per address (429)', async () => {
    const codes: number[] = [];
    for (let k = 0; k < 7; k++) codes.push((await submit({ type: 'suggestion', name: 'Spam', email: 'spam@example.com', message: `msg ${k}` }, [], '10.9.9.9')).statusCode);
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes.slice(5)).toEqual([429, 429]);
    expect((await submit({ type: 'suggestion', name: 'Other', email: 'other@example.com', message: 'fine' }, [], '10.9.9.10')).statusCode).toBe(201);
  });
});

describe('case status page', () => {
  it('shows progress and staff replies, never notes, by the signed link only', async () => {
    const res = await submit({ type: 'complaint', name: 'Rauf', email: 'rauf@example.com', message: 'The courier was rude' });
    const { reference, statusToken } = res.json();
    const kase = (await a.agent.get(`/api/cases/by-number/${reference}`)).json();
    const c = kase.case ?? kase;
    const interactionId = c.interactions[0].id;
    expect((await a.agent.post(`/api/interactions/${interactionId}/assign`, { agentId: a.agent.userId })).statusCode).toBe(200);
    expect((await a.agent.post(`/api/interactions/${interactionId}/notes`, { body: 'Internal: courier company X' })).statusCode).toBe(201);
    expect((await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'We are sorry, Rauf. We have spoken to the courier.' })).statusCode).toBe(201);
    expect((await a.admin.patch(`/api/cases/${c.id}`, { status: 'resolved' })).statusCode).toBe(200);

    const status = await t.server.app.inject({ method: 'GET', url: `/api/public/case-status?token=${statusToken}` });
    expect(status.statusCode, status.body).toBe(200);
    const body = status.json();
    expect(body.case).toMatchObject({ reference, type: 'complaint', status: 'resolved', subject: 'The courier was rude' });
    expect(body.messages.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([
      ['customer', 'The courier was rude'], ['staff', 'We are sorry, Rauf. We have spoken to the courier.'],
    ]);
    expect(status.body).not.toContain('Internal');
    expect(status.body).not.toContain(a.agent.userId);

    // The customer answers from the status page: the message joins the open contact of the case.
    const answer = await t.server.app.inject({ method: 'POST', url: '/api/public/case-status/reply', payload: { token: statusToken, message: 'Thank you, that helps.' }, remoteAddress: '10.9.3.1' });
    expect(answer.statusCode, answer.body).toBe(201);
    const after = (await t.server.app.inject({ method: 'GET', url: `/api/public/case-status?token=${statusToken}` })).json();
    expect(after.messages.at(-1)).toMatchObject({ from: 'customer', body: 'Thank you, that helps.' });
    const thread = (await a.agent.get(`/api/interactions/${interactionId}/messages`)).json().items;
    expect(thread.at(-1)).toMatchObject({ direction: 'inbound', body: 'Thank you, that helps.' });
    expect((await t.server.app.inject({ method: 'POST', url: '/api/public/case-status/reply', payload: { token: 'forged.token-value', message: 'x' }, remoteAddress: '10.9.3.2' })).statusCode).toBe(404);

    const forged = `${statusToken.split('.')[0]}.AAAA`;
    expect((await t.server.app.inject({ method: 'GET', url: `/api/public/case-status?token=${forged}` })).statusCode).toBe(404);
    const other = t.server.ctx.secrets.sign('survey', { w: a.id, c: c.id });
    expect((await t.server.app.inject({ method: 'GET', url: `/api/public/case-status?token=${other}` })).statusCode).toBe(404);
  });
});
