import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../server/modules/customers/schema.js';
import { realtimeEvents } from '../../server/platform/realtime/schema.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;
let colleague: Client;
let colleagueName: string;

async function activeContact(ws: TestWorkspace) {
  const [c] = await t.database.db.insert(customers).values({ workspaceId: ws.id, name: 'Kamran Huseynov' }).returning();
  const i = (await ws.agent.post('/api/interactions', { customerId: c!.id, channel: 'chat' })).json().interaction;
  expect((await ws.agent.post(`/api/interactions/${i.id}/assign`, { agentId: ws.agent.userId })).statusCode).toBe(200);
  return { customerId: c!.id, id: i.id as string };
}

beforeAll(async () => {
  t = await createTestServer();
  a = await t.workspace('Alpha');
  b = await t.workspace('Beta');
  colleague = await a.user('agent');
  colleagueName = (await colleague.get('/api/auth/me')).json().user.name;
});
afterAll(() => t?.close());

describe('my @mentions', () => {
  it('lists the notes that mention me with the unread count, and marks them read one by one or all at once', async () => {
    const first = await activeContact(a);
    const second = await activeContact(a);
    expect((await colleague.get('/api/me/mentions')).json()).toEqual({ unread: 0, items: [] });

    const n1 = (await a.agent.post(`/api/interactions/${first.id}/notes`, { body: `@${colleagueName} can you check the refund?` })).json().message;
    const n2 = (await a.agent.post(`/api/interactions/${second.id}/notes`, { body: `Asked @${colleagueName} for help` })).json().message;
    await a.agent.post(`/api/interactions/${second.id}/notes`, { body: 'a note for nobody' });

    const listed = (await colleague.get('/api/me/mentions')).json();
    expect(listed.unread).toBe(2);
    expect(listed.items.map((m: { noteId: string }) => m.noteId)).toEqual([n2.id, n1.id]);
    const agentName = (await a.agent.get('/api/auth/me')).json().user.name;
    expect(listed.items[1]).toMatchObject({
      interactionId: first.id, customerId: first.customerId, byId: a.agent.userId, byName: agentName, excerpt: `@${colleagueName} can you check the refund?`, read: false,
    });
    // The author is not told about their own note; nobody else has mentions.
    expect((await a.agent.get('/api/me/mentions')).json().unread).toBe(0);
    expect((await a.supervisor.get('/api/me/mentions')).json().items).toEqual([]);

    // One read: the count drops, the list keeps it (marked read) unless only unread ones are asked for.
    expect((await colleague.post('/api/me/mentions/read', { noteIds: [n1.id] })).json()).toEqual({ read: 1, unread: 1 });
    expect((await colleague.post('/api/me/mentions/read', { noteIds: [n1.id] })).json()).toEqual({ read: 0, unread: 1 });
    const after = (await colleague.get('/api/me/mentions')).json();
    expect(after.items.map((m: { read: boolean }) => m.read)).toEqual([false, true]);
    expect((await colleague.get('/api/me/mentions?unread=true')).json().items.map((m: { noteId: string }) => m.noteId)).toEqual([n2.id]);

    // Other tabs of the same person learn about it on their own topic.
    const told = await t.database.db.select().from(realtimeEvents)
      .where(and(eq(realtimeEvents.topic, `user:${colleague.userId}`), eq(realtimeEvents.type, 'note.mentions_read')));
    expect(told.map((e) => e.payload)).toEqual([{ noteIds: [n1.id] }]);

    // Someone else cannot mark my mentions read.
    expect((await a.agent.post('/api/me/mentions/read', { noteIds: [n2.id] })).json()).toEqual({ read: 0, unread: 0 });
    expect((await colleague.get('/api/me/mentions')).json().unread).toBe(1);

    expect((await colleague.post('/api/me/mentions/read', {})).json()).toEqual({ read: 1, unread: 0 });
    // The note's other data is untouched.
    const notes = (await a.agent.get(`/api/interactions/${second.id}/messages`)).json().items;
    expect(notes.find((m: { id: string }) => m.id === n2.id).meta).toEqual({ mentions: [colleague.userId], mentionsRead: [colleague.userId] });
  });

  it('stays inside the workspace and refuses bad input with 4xx', async () => {
    const contact = await activeContact(a);
    const note = (await a.agent.post(`/api/interactions/${contact.id}/notes`, { body: `@${colleagueName} look` })).json().message;
    const outsider = await b.user('agent');
    expect((await outsider.get('/api/me/mentions')).json().items).toEqual([]);
    expect((await outsider.post('/api/me/mentions/read', { noteIds: [note.id] })).json().read).toBe(0);
    expect((await colleague.get('/api/me/mentions')).json().unread).toBe(1);

    const bad = await colleague.post('/api/me/mentions/read', { noteIds: ['not-a-uuid'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBeTruthy();
    expect((await colleague.get('/api/me/mentions?limit=0')).statusCode).toBe(400);
    expect((await colleague.get('/api/me/mentions?limit=1')).json().items).toHaveLength(1);
    const anonymous = await t.server.app.inject({ method: 'GET', url: '/api/me/mentions' });
    expect(anonymous.statusCode).toBe(401);
  });
});
