import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../server/modules/customers/schema.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
});
afterAll(() => t?.close());

const importCsv = (c: Client, csv: string) => c.request('POST', '/api/customers/import', csv, { 'content-type': 'text/csv' });
const exportRows = async (c: Client) => {
  const res = await c.get('/api/customers/export');
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  return parse(res.body, { bom: true, columns: true }) as Record<string, string>[];
};
const comparable = (rows: Record<string, string>[]) =>
  rows.map(({ id: _id, created_at: _c, ...rest }) => rest).sort((x, y) => x.name!.localeCompare(y.name!));

describe('CSV export and import', () => {
  it('round trip: export of A imported into B creates the same customers; Arabic names survive', async () => {
    const people = [
      { name: 'ليلى عبد الله', language: 'ar', timezone: 'Asia/Riyadh', tags: ['vip', 'جديد'], identities: [{ kind: 'phone', value: '+966 50 123 4567' }, { kind: 'email', value: 'layla@example.sa' }, { kind: 'whatsapp', value: '966501234567' }] },
      { name: 'Rəşad Quliyev, "Baku"', language: 'az', identities: [{ kind: 'phone', value: '+994 50 111 22 33' }, { kind: 'phone', value: '+994 12 444 55 66' }, { kind: 'telegram', value: '@rashad_q' }] },
      { name: 'Tom Jones', timezone: 'Europe/London', identities: [{ kind: 'messenger', value: '6543210987654321' }, { kind: 'email', value: 'tom@example.co.uk' }] },
      { name: 'No Identities' },
    ];
    for (const p of people) expect((await a.admin.post('/api/customers', p)).statusCode).toBe(201);
    const exported = await exportRows(a.supervisor);
    expect(exported).toHaveLength(4);
    expect(Object.keys(exported[0]!)).toEqual(['id', 'name', 'language', 'timezone', 'tags', 'phone', 'email', 'whatsapp', 'telegram', 'messenger', 'created_at']);
    const layla = exported.find((r) => r.email === 'layla@example.sa')!;
    expect(layla).toMatchObject({ name: 'ليلى عبد الله', tags: 'vip|جديد', phone: '+966501234567', whatsapp: '966501234567' });
    expect(exported.find((r) => r.telegram === '@rashad_q')!.phone).toBe('+994501112233|+994124445566');

    const csv = (await a.admin.get('/api/customers/export')).body;
    const res = await importCsv(b.admin, csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 4, updated: 0, errors: [] });
    expect(comparable(await exportRows(b.admin))).toEqual(comparable(exported));
    const found = (await b.agent.get(`/api/customers?q=${encodeURIComponent('ليلى')}`)).json().items;
    expect(found.map((c: { name: string }) => c.name)).toEqual(['ليلى عبد الله']);

    // Importing the same file again updates by id/phone/email instead of duplicating.
    const again = await importCsv(b.admin, csv);
    expect(again.json()).toMatchObject({ created: 1, updated: 3, errors: [] }); // "No Identities" has no key in B to match
    const twice = await importCsv(a.admin, csv);
    expect(twice.json()).toEqual({ created: 0, updated: 4, errors: [] });
  });

  it('reports exactly the bad rows and imports the rest', async () => {
    const csv = [
      'Name,Phone,Email,Tags,Language',
      'Aysel Həsənova,+994 55 123 45 67,aysel@example.az,new|vip,az',
      'Bad Phone,12345,,,',
      'محمد العتيبي,00966 55 987 6543,,,ar',
      ',+994 55 000 00 01,,,',
      'Ok Email Only,,OK@Example.com,,',
    ].join('\n');
    const res = await importCsv(a.supervisor, csv);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.created).toBe(3);
    expect(body.updated).toBe(0);
    expect(body.errors.map((e: { row: number }) => e.row)).toEqual([3, 5]);
    expect(body.errors[0].message).toMatch(/12345/);
    const aysel = (await a.agent.get('/api/customers/lookup?kind=email&value=aysel@example.az')).json().customer;
    expect(aysel).toMatchObject({ name: 'Aysel Həsənova', language: 'az', tags: ['new', 'vip'] });
    expect((await a.agent.get('/api/customers/lookup?kind=phone&value=%2B966559876543')).json().customer.name).toBe('محمد العتيبي');

    // A row that matches by email updates that customer and keeps its other data.
    const upd = await importCsv(a.supervisor, 'name,email,tags\nAysel H.,AYSEL@example.az,returns\n');
    expect(upd.json()).toEqual({ created: 0, updated: 1, errors: [] });
    const after = (await a.agent.get(`/api/customers/${aysel.id}`)).json().customer;
    expect(after).toMatchObject({ name: 'Aysel H.', tags: ['new', 'vip', 'returns'] });
    expect(after.identities.map((i: { value: string }) => i.value)).toEqual(['+994551234567', 'aysel@example.az']);
  });

  it('a phone and an email of two different customers is a row error, not a silent merge', async () => {
    await a.admin.post('/api/customers', { name: 'P', identities: [{ kind: 'phone', value: '+994 70 100 00 01' }] });
    await a.admin.post('/api/customers', { name: 'E', identities: [{ kind: 'email', value: 'e-owner@example.az' }] });
    const res = await importCsv(a.admin, 'name,phone,email\nBoth,+994701000001,e-owner@example.az\n');
    expect(res.json()).toMatchObject({ created: 0, updated: 0, errors: [{ row: 2 }] });
  });

  it('needs a header with name, text/csv, at most 5 MB, and a manager', async () => {
    const noName = await importCsv(a.admin, 'phone,email\n+994501234567,x@example.com\n');
    expect(noName.statusCode).toBe(422);
    expect(noName.json().error.code).toBe('csv_header');
    expect((await importCsv(a.admin, '')).statusCode).toBeGreaterThanOrEqual(400);
    const big = `name\n${'x'.repeat(100)}\n`.repeat(Math.ceil((5 * 1024 * 1024) / 105) + 10);
    const tooBig = await importCsv(a.admin, big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('body_too_large');
    const agentImport = await importCsv(a.agent, 'name\nX\n');
    expect(agentImport.statusCode).toBe(403);
    expect((await a.agent.get('/api/customers/export')).statusCode).toBe(403);
    const json = await a.admin.post('/api/customers/import', { name: 'x' });
    expect(json.statusCode).toBe(400);
    expect(json.json().error).toHaveProperty('code');
  });

  it('exports past one batch with every customer exactly once', async () => {
    const ws = await t.workspace('Gamma');
    // One statement: all rows share one microsecond timestamp, so batches must break ties by id.
    await t.database.db.insert(customers).values(Array.from({ length: 1203 }, (_, i) => ({ workspaceId: ws.id, name: `Bulk ${i}` })));
    const rows = await exportRows(ws.admin);
    expect(rows).toHaveLength(1203);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1203);
  });
});
