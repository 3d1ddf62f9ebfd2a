import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../server/modules/customers/schema.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;
let queueA: string;

const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f20000000049454e44ae426082', 'hex'),
]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), Buffer.alloc(200, 0x41)]);

async function customer(ws: TestWorkspace, name = 'Omar') {
  const [c] = await t.database.db.insert(customers).values({ workspaceId: ws.id, name }).returning();
  return c!.id;
}

/** A multipart/form-data body as a browser sends it (file names in raw UTF-8). */
function form(parts: { name: string; value?: string; filename?: string; type?: string; data?: Buffer }[]) {
  const boundary = `----tawasul${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = p.filename !== undefined ? `form-data; name="${p.name}"; filename="${p.filename}"` : `form-data; name="${p.name}"`;
    const head = `--${boundary}\r\nContent-Disposition: ${disp}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), p.data ?? Buffer.from(p.value ?? '', 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
function upload(c: Client, interactionId: string, file: { filename: string; type: string; data: Buffer }, messageId?: string) {
  const f = form([...(messageId ? [{ name: 'messageId', value: messageId }] : []), { name: 'file', ...file }]);
  return c.request('POST', `/api/interactions/${interactionId}/attachments`, f.body, f.headers);
}

beforeAll(async () => {
  t = await createTestServer({ env: { ATTACHMENT_MAX_MB: '1' } });
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
  queueA = (await a.admin.post('/api/queues', { name: 'Support', channels: ['chat'] })).json().queue.id;
});
afterAll(() => t?.close());

describe('contact lifecycle', () => {
  it('create → queued → assign → message/note → wrap-up → close writes exactly the expected ordered log', async () => {
    const customerId = await customer(a);
    const created = await a.agent.post('/api/interactions', { customerId, channel: 'chat', subject: 'Order help', language: 'ar', queueId: queueA, priority: 'high' });
    expect(created.statusCode).toBe(201);
    const i = created.json().interaction;
    expect(i).toMatchObject({ customerId, channel: 'chat', direction: 'inbound', status: 'queued', priority: 'high', queueId: queueA, assigneeId: null, caseId: null });

    const taken = await a.agent.post(`/api/interactions/${i.id}/assign`, { agentId: a.agent.userId });
    expect(taken.statusCode).toBe(200);
    expect(taken.json().interaction).toMatchObject({ status: 'active', assigneeId: a.agent.userId });

    const msg = await a.agent.post(`/api/interactions/${i.id}/messages`, { body: 'مرحبا، كيف يمكنني مساعدتك؟' });
    expect(msg.statusCode).toBe(201);
    expect(msg.json().message).toMatchObject({ kind: 'message', direction: 'outbound', authorType: 'agent', authorId: a.agent.userId, attachments: [] });
    const note = await a.agent.post(`/api/interactions/${i.id}/notes`, { body: 'Customer sounds upset' });
    expect(note.json().message).toMatchObject({ kind: 'note', direction: 'internal' });

    expect((await a.agent.post(`/api/interactions/${i.id}/wrap-up`)).json().interaction.status).toBe('wrap_up');
    const closed = await a.agent.post(`/api/interactions/${i.id}/close`, { reason: 'order_status', resolved: true });
    expect(closed.json().interaction).toMatchObject({ status: 'closed', resolved: true, reason: 'order_status', closedAt: expect.any(String) });

    const events = (await a.agent.get(`/api/interactions/${i.id}/events`)).json().items as { type: string; at: string; agentId: string | null; queueId: string | null; actorId: string | null }[];
    expect(events.map((e) => e.type)).toEqual([
      'created', 'queued', 'assigned', 'answered', 'message_sent', 'note_added', 'wrap_up_started', 'wrap_up_ended', 'resolved', 'closed',
    ]);
    const times = events.map((e) => Date.parse(e.at));
    for (let k = 1; k < times.length; k++) expect(times[k]).toBeGreaterThanOrEqual(times[k - 1]!);
    expect(events.find((e) => e.type === 'answered')).toMatchObject({ agentId: a.agent.userId, queueId: queueA });
    expect(events.find((e) => e.type === 'closed')).toMatchObject({ agentId: a.agent.userId, actorId: a.agent.userId });

    const messages = (await a.agent.get(`/api/interactions/${i.id}/messages`)).json().items;
    expect(messages.map((m: { kind: string }) => m.kind)).toEqual(['message', 'note']);

    // A finished contact refuses further moves and outbound messages.
    const again = await a.agent.post(`/api/interactions/${i.id}/wrap-up`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invalid_transition');
    expect((await a.agent.post(`/api/interactions/${i.id}/messages`, { body: 'late' })).json().error.code).toBe('interaction_closed');

    // Realtime events were stored with the changes.
    const rt = await t.server.ctx.bus.since(a.id, 0, [`interaction:${i.id}`]);
    expect(rt.map((e) => e.type)).toEqual(expect.arrayContaining(['interaction.created', 'interaction.updated', 'message.created', 'note.created']));
  });

  it('a supervisor force-assigns; a later assignment is a transfer; agents only take for themselves', async () => {
    const customerId = await customer(a);
    const i = (await a.agent.post('/api/interactions', { customerId, channel: 'voice' })).json().interaction;
    expect(i.status).toBe('new');
    const other = await a.user('agent');
    const forbidden = await a.agent.post(`/api/interactions/${i.id}/assign`, { agentId: other.userId });
    expect(forbidden.statusCode).toBe(403);
    expect((await a.supervisor.post(`/api/interactions/${i.id}/assign`, { agentId: other.userId })).json().interaction.assigneeId).toBe(other.userId);
    const steal = await a.agent.post(`/api/interactions/${i.id}/assign`, { agentId: a.agent.userId });
    expect(steal.statusCode).toBe(409);
    expect(steal.json().error.code).toBe('already_assigned');
    await a.supervisor.post(`/api/interactions/${i.id}/assign`, { agentId: a.agent.userId });
    const got = (await a.agent.get(`/api/interactions/${i.id}`)).json().interaction;
    expect(got.assignee).toEqual({ id: a.agent.userId, name: expect.any(String) });
    const types = (await a.agent.get(`/api/interactions/${i.id}/events`)).json().items.map((e: { type: string }) => e.type);
    expect(types).toEqual(['created', 'assigned', 'answered', 'transferred', 'assigned']);
    const close = await a.agent.post(`/api/interactions/${i.id}/close`, { resolved: false });
    expect(close.json().interaction).toMatchObject({ status: 'closed', resolved: false });
    const after = (await a.agent.get(`/api/interactions/${i.id}/events`)).json().items.map((e: { type: string }) => e.type);
    expect(after.slice(-1)).toEqual(['closed']);
    expect(after).not.toContain('resolved');
  });

  it('patches fields and filters the list', async () => {
    const customerId = await customer(a);
    const i = (await a.agent.post('/api/interactions', { customerId, channel: 'email', direction: 'outbound' })).json().interaction;
    const p = await a.agent.patch(`/api/interactions/${i.id}`, { priority: 'urgent', reason: 'billing', subject: 'Invoice', language: 'az' });
    expect(p.json().interaction).toMatchObject({ priority: 'urgent', reason: 'billing', subject: 'Invoice', language: 'az', direction: 'outbound' });
    const c = (await a.agent.post('/api/cases', { customerId, type: 'inquiry', subject: 'Invoice' })).json().case;
    expect((await a.agent.patch(`/api/interactions/${i.id}`, { caseId: c.id })).json().interaction.caseId).toBe(c.id);
    expect((await a.agent.get(`/api/interactions?customerId=${customerId}`)).json().items.map((x: { id: string }) => x.id)).toEqual([i.id]);
    expect((await a.agent.get(`/api/interactions?customerId=${customerId}&channel=chat`)).json().items).toEqual([]);
    expect((await a.agent.get(`/api/interactions?queueId=${queueA}&status=closed`)).json().items.length).toBeGreaterThan(0);
  });

  it('the database refuses to UPDATE the event log', async () => {
    await expect(t.database.pool.query("UPDATE interaction_events SET type = 'resolved' WHERE type = 'created'")).rejects.toThrow(/append-only/);
  });
});

describe('attachments', () => {
  let interactionId: string;
  beforeAll(async () => {
    interactionId = (await a.agent.post('/api/interactions', { customerId: await customer(a), channel: 'whatsapp' })).json().interaction.id;
  });

  it('stores a PNG and gives back the same bytes with safe headers', async () => {
    const res = await upload(a.agent, interactionId, { filename: 'photo.png', type: 'image/png', data: PNG });
    expect(res.statusCode, res.body).toBe(201);
    const att = res.json().attachment;
    expect(att).toMatchObject({ interactionId, fileName: 'photo.png', contentType: 'image/png', size: PNG.length, messageId: null });
    expect(att.sha256).toMatch(/^[0-9a-f]{64}$/);
    const down = await a.supervisor.get(`/api/attachments/${att.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(PNG)).toBe(true);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-disposition']).toMatch(/^attachment;/);
    // Written under <dataDir>/attachments/<workspace>/<yyyy>/<mm>/<id>.
    const now = new Date();
    const file = `${t.server.ctx.config.dataDir}/attachments/${a.id}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${att.id}`;
    expect(readFileSync(file).equals(PNG)).toBe(true);
  });

  it('keeps an Arabic file name and attaches to a message', async () => {
    const m = (await a.agent.post(`/api/interactions/${interactionId}/messages`, { body: 'الفاتورة مرفقة' })).json().message;
    const name = 'فاتورة رقم ١٢.pdf';
    const res = await upload(a.agent, interactionId, { filename: name, type: 'application/pdf', data: PDF }, m.id);
    expect(res.statusCode, res.body).toBe(201);
    const att = res.json().attachment;
    expect(att).toMatchObject({ fileName: name, messageId: m.id, contentType: 'application/pdf' });
    const down = await a.agent.get(`/api/attachments/${att.id}`);
    expect(down.rawPayload.equals(PDF)).toBe(true);
    const disp = down.headers['content-disposition'] as string;
    expect(disp).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(/^[\x20-\x7e]*$/.test(disp)).toBe(true);
    const list = (await a.agent.get(`/api/interactions/${interactionId}/messages`)).json().items;
    expect(list.find((x: { id: string }) => x.id === m.id).attachments.map((x: { id: string }) => x.id)).toEqual([att.id]);
  });

  it('refuses a renamed program claiming image/png with 415', async () => {
    const res = await upload(a.agent, interactionId, { filename: 'cat.png', type: 'image/png', data: EXE });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('attachment_type_not_allowed');
  });

  it('refuses a type not on the list with 415', async () => {
    const res = await upload(a.agent, interactionId, { filename: 'x.exe', type: 'application/x-msdownload', data: EXE });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('attachment_type_not_allowed');
  });

  it('refuses text/plain that is not UTF-8 with 415 and accepts valid UTF-8 text', async () => {
    const bad = await upload(a.agent, interactionId, { filename: 'a.txt', type: 'text/plain', data: Buffer.from([0x68, 0x69, 0xff, 0xfe, 0xc3]) });
    expect(bad.statusCode).toBe(415);
    expect(bad.json().error.code).toBe('attachment_type_not_allowed');
    const good = await upload(a.agent, interactionId, { filename: 'a.txt', type: 'text/plain', data: Buffer.from('سلام dünya\n') });
    expect(good.statusCode).toBe(201);
  });

  it('refuses a file over the limit with 413 and leaves no file behind', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 10, 7)]);
    const res = await upload(a.agent, interactionId, { filename: 'big.png', type: 'image/png', data: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('file_too_large');
    const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM attachments WHERE file_name = $1', ['big.png']);
    expect(rows[0].n).toBe(0);
    // Neither this nor the refused uploads above left temp files.
    const files = readdirSync(`${t.server.ctx.config.dataDir}/attachments`, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a missing file, a foreign message id and non-multipart bodies with 4xx', async () => {
    const noFile = form([{ name: 'messageId', value: 'x' }]);
    const r1 = await a.agent.request('POST', `/api/interactions/${interactionId}/attachments`, noFile.body, noFile.headers);
    expect(r1.statusCode).toBe(422);
    const r2 = await upload(a.agent, interactionId, { filename: 'p.png', type: 'image/png', data: PNG }, '00000000-0000-4000-8000-000000000000');
    expect(r2.statusCode).toBe(422);
    expect(r2.json().error.code).toBe('invalid_message');
    const r3 = await a.agent.post(`/api/interactions/${interactionId}/attachments`, { file: 'x' });
    expect(r3.statusCode).toBe(415);
  });
});

describe('workspace isolation', () => {
  it('a user of another workspace gets 404 on every route with these ids and lists show nothing', async () => {
    const customerId = await customer(a);
    const i = (await a.agent.post('/api/interactions', { customerId, channel: 'chat', queueId: queueA })).json().interaction;
    const m = (await a.agent.post(`/api/interactions/${i.id}/messages`, { body: 'hi' })).json().message;
    await a.agent.post(`/api/interactions/${i.id}/notes`, { body: 'private' });
    const att = (await upload(a.agent, i.id, { filename: 'p.png', type: 'image/png', data: PNG })).json().attachment;
    for (const c of [b.admin, b.agent]) {
      const res = [
        await c.get(`/api/interactions/${i.id}`),
        await c.patch(`/api/interactions/${i.id}`, { priority: 'low' }),
        await c.post(`/api/interactions/${i.id}/assign`, { agentId: c.userId }),
        await c.post(`/api/interactions/${i.id}/wrap-up`),
        await c.post(`/api/interactions/${i.id}/close`, { resolved: true }),
        await c.get(`/api/interactions/${i.id}/events`),
        await c.get(`/api/interactions/${i.id}/messages`),
        await c.post(`/api/interactions/${i.id}/messages`, { body: 'x' }),
        await c.post(`/api/interactions/${i.id}/notes`, { body: 'x' }),
        await upload(c, i.id, { filename: 'p.png', type: 'image/png', data: PNG }),
        await c.get(`/api/attachments/${att.id}`),
        await c.get(`/api/queues/${queueA}`),
      ];
      expect(res.map((r) => r.statusCode)).toEqual(Array(res.length).fill(404));
      expect((await c.get(`/api/interactions?customerId=${customerId}`)).json().items).toEqual([]);
      expect((await c.get(`/api/interactions?queueId=${queueA}`)).json().items).toEqual([]);
      expect((await c.get('/api/interactions')).json().items.some((x: { id: string }) => x.id === i.id)).toBe(false);
    }
    expect(m.id).toEqual(expect.any(String));
    // A's contact is untouched.
    expect((await a.agent.get(`/api/interactions/${i.id}`)).json().interaction).toMatchObject({ status: 'queued', priority: 'normal' });
    expect((await a.agent.get(`/api/interactions/${i.id}/messages`)).json().items).toHaveLength(2);
  });

  it('ids of another workspace in bodies are refused like unknown ids', async () => {
    const aCustomer = await customer(a);
    const aCase = (await a.agent.post('/api/cases', { customerId: aCustomer, type: 'inquiry', subject: 'A' })).json().case;
    const bCustomer = await customer(b);
    const r1 = await b.agent.post('/api/interactions', { customerId: aCustomer, channel: 'chat' });
    expect([r1.statusCode, r1.json().error.code]).toEqual([422, 'invalid_customer']);
    const r2 = await b.agent.post('/api/interactions', { customerId: bCustomer, channel: 'chat', queueId: queueA });
    expect([r2.statusCode, r2.json().error.code]).toEqual([422, 'invalid_queue']);
    const r3 = await b.agent.post('/api/interactions', { customerId: bCustomer, channel: 'chat', caseId: aCase.id });
    expect([r3.statusCode, r3.json().error.code]).toEqual([422, 'invalid_case']);
    const bi = (await b.agent.post('/api/interactions', { customerId: bCustomer, channel: 'chat' })).json().interaction;
    const r4 = await b.supervisor.post(`/api/interactions/${bi.id}/assign`, { agentId: a.agent.userId });
    expect([r4.statusCode, r4.json().error.code]).toEqual([422, 'invalid_agent']);
    const r5 = await b.agent.patch(`/api/interactions/${bi.id}`, { caseId: aCase.id });
    expect([r5.statusCode, r5.json().error.code]).toEqual([422, 'invalid_case']);
  });
});

describe('bad input', () => {
  it('answers 4xx with an error code, never 500', async () => {
    const customerId = await customer(a);
    const i = (await a.agent.post('/api/interactions', { customerId, channel: 'chat' })).json().interaction;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const res = [
      await a.agent.request('POST', '/api/interactions', '{"customerId"', { 'content-type': 'application/json' }),
      await a.agent.request('POST', `/api/interactions/${i.id}/messages`, 'not json', { 'content-type': 'application/json' }),
      await a.agent.post('/api/interactions', { customerId, channel: 'pigeon' }),
      await a.agent.post('/api/interactions', { customerId: 42, channel: 'chat' }),
      await a.agent.post('/api/interactions', { customerId, channel: 'chat', priority: 'asap' }),
      await a.agent.post('/api/interactions', { customerId, channel: 'chat', queueId: 'q1' }),
      await a.agent.post('/api/interactions', { customerId, channel: 'chat', queueId: unknown }),
      await a.agent.post('/api/interactions', { customerId: unknown, channel: 'chat' }),
      await a.agent.get('/api/interactions/not-a-uuid'),
      await a.agent.get(`/api/interactions/${unknown}`),
      await a.agent.get(`/api/interactions/${unknown}/events`),
      await a.agent.get(`/api/attachments/${unknown}`),
      await a.agent.get('/api/attachments/abc'),
      await a.agent.get('/api/interactions?status=sleeping'),
      await a.agent.get('/api/interactions?limit=0'),
      await a.agent.get('/api/interactions?cursor=zzz'),
      await a.agent.get(`/api/interactions/${i.id}/messages?cursor=zzz`),
      await a.agent.post(`/api/interactions/${i.id}/assign`, { agentId: unknown }),
      await a.agent.post(`/api/interactions/${i.id}/assign`, {}),
      await a.agent.post(`/api/interactions/${i.id}/close`, { resolved: 'yes' }),
      await a.agent.post(`/api/interactions/${i.id}/messages`, { body: '' }),
      await a.agent.post(`/api/interactions/${i.id}/messages`, { body: ['x'] }),
      await a.agent.post(`/api/interactions/${i.id}/notes`, {}),
      await a.agent.patch(`/api/interactions/${i.id}`, { caseId: unknown }),
      await a.agent.patch(`/api/interactions/${i.id}`, { status: 'closed' }),
      await a.agent.post(`/api/interactions/${i.id}/wrap-up`),
    ];
    for (const r of res) {
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body).toBeLessThan(500);
      expect(r.json().error.code).toEqual(expect.any(String));
    }
  });
});
