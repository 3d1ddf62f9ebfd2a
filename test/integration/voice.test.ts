import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { applyPendingRollups } from '../../server/modules/metrics/index.js';
import { readOggOpus } from '../../server/modules/voice/media/ogg.js';
import { SyntheticPeer } from '../../server/modules/voice/media/synthetic-peer.js';
import { eventually, offered, routingFixture, setState } from '../support/routing.js';
import { createTestServer, type Client, type TestServer, type TestWorkspace } from '../support/server.js';

const net = { host: '127.0.0.1' };
const dir = mkdtempSync(path.join(tmpdir(), 'voice-it-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tone(hz: number) {
  const file = path.join(dir, `tone-${hz}.ogg`);
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=2`, '-ar', '48000', '-ac', '1', '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', file]);
  return readOggOpus(readFileSync(file));
}

function meanVolume(file: string, channel: number) {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-i', file, '-af', `pan=mono|c0=c${channel},volumedetect`, '-f', 'null', '-'], { encoding: 'utf8' });
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(r.stderr)?.[1] ?? -200);
}

let t: TestServer;
let w: TestWorkspace;
let f: Awaited<ReturnType<typeof routingFixture>>;
let key: string;

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  w = await t.workspace('Voice');
  f = await routingFixture(w, { agents: 2, channels: ['voice'] });
  // Callers are routed to agents who speak their language.
  for (const a of f.agents) expect((await w.admin.patch(`/api/users/${a.userId}`, { languages: ['en', 'ar'] })).statusCode).toBe(200);
  const r = await w.admin.post('/api/channels', {
    kind: 'voice', name: 'Hotline', queueId: f.queueId,
    settings: { menu: [{ digit: '1', action: 'queue' }], greeting: { en: 'Press one.' }, recording: { enabled: true, consent: {} }, announceEverySeconds: 0 },
  });
  expect(r.statusCode, r.body).toBe(201);
  key = r.json().channel?.publicKey ?? r.json().publicKey;
});
afterAll(() => t?.close());

type CustomerCall = { peer: SyntheticPeer; callId: string; token: string; states: Record<string, unknown>[]; ws: WebSocket };

async function call(language = 'en', visitorToken?: string): Promise<CustomerCall> {
  const peer = new SyntheticPeer(net);
  const res = await t.server.app.inject({ method: 'POST', url: `/api/public/voice/${key}/calls`, payload: { sdp: await peer.offer(), language, ...(visitorToken ? { visitorToken } : {}) } });
  expect(res.statusCode, res.body).toBe(201);
  const { callId, token, sdp } = res.json();
  await peer.accept(sdp);
  await peer.connected();
  const ws = new WebSocket(`${t.url!.replace('http', 'ws')}/api/public/voice/calls/${callId}/ws?token=${token}`);
  const states: Record<string, unknown>[] = [];
  ws.on('message', (d) => states.push(JSON.parse(String(d))));
  await new Promise((r) => ws.once('open', r));
  return { peer, callId, token, states, ws };
}

async function answer(agent: Client, interactionId: string) {
  const peer = new SyntheticPeer(net);
  const r = await agent.post(`/api/voice/calls/${interactionId}/answer`, { sdp: await peer.offer() });
  expect(r.statusCode, r.body).toBe(200);
  await peer.accept(r.json().sdp);
  await peer.connected();
  return peer;
}

const interactionOf = async (callId: string) => eventually(async () => {
  const { rows } = await t.database.db.execute<{ id: string }>(sql`SELECT i.id FROM interactions i WHERE i.workspace_id = ${w.id} AND i.channel = 'voice' ORDER BY created_at DESC LIMIT 1`);
  return callId && rows[0]?.id;
}, 5000, 'the call’s contact');

/** Packets received over a window of time. */
async function heard(peer: SyntheticPeer, ms = 600) {
  const before = peer.received.voiced;
  await sleep(ms);
  return peer.received.voiced - before;
}

describe('voice calls', () => {
  it('serves the entry point to the call button, and refuses an unknown key or a bad offer', async () => {
    const info = await t.server.app.inject({ method: 'GET', url: `/api/public/voice/${key}` });
    expect(info.json()).toEqual({ name: 'Hotline', languages: ['en', 'ar', 'az'], open: true });
    expect((await t.server.app.inject({ method: 'GET', url: '/api/public/voice/nosuchkey123' })).statusCode).toBe(404);
    const bad = await t.server.app.inject({ method: 'POST', url: `/api/public/voice/${key}/calls`, payload: { sdp: 'v=0 this is not an offer at all', language: 'en' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('invalid_sdp');
  });

  it('a caller goes through the IVR, waits hearing hold audio, is answered, held, transferred and hung up; events, recording and KPIs follow', async () => {
    const [a1, a2] = f.agents as [Client, Client];
    const c = await call();
    const id = await interactionOf(c.callId);
    // The greeting is spoken to the caller; a key press (RFC 4733) chooses the queue.
    await eventually(async () => c.peer.received.voiced > 10, 8000, 'the consent prompt');
    await c.peer.pressKey('1');
    await eventually(async () => c.states.some((s) => s.state === 'queued'), 5000, 'queued');
    await eventually(async () => (await heard(c.peer, 300)) > 8, 5000, 'hold audio');
    c.peer.play(tone(440));

    await setState(a1, 'available');
    const { offer } = await offered([a1], id);
    await eventually(async () => c.states.some((s) => s.state === 'ringing'), 5000, 'ringing');
    expect((await a1.post(`/api/routing/offers/${offer.id}/accept`)).statusCode).toBe(200);
    const p1 = await answer(a1, id);
    p1.play(tone(880));
    await eventually(async () => c.states.some((s) => s.state === 'connected'), 5000, 'connected');
    await sleep(400);
    // Each side hears the other: the caller's packets are the agent's tone now (no hold audio).
    expect(await heard(p1)).toBeGreaterThan(20);
    expect(await heard(c.peer)).toBeGreaterThan(20);

    // Hold: the agent hears nothing of the caller; the caller hears hold audio.
    expect((await a1.post(`/api/voice/calls/${id}/hold`)).statusCode).toBe(204);
    await sleep(200);
    expect(await heard(p1, 500)).toBe(0);
    expect(await heard(c.peer, 500)).toBeGreaterThan(15);
    expect((await a1.post(`/api/voice/calls/${id}/resume`)).statusCode).toBe(204);
    await sleep(200);
    expect(await heard(p1)).toBeGreaterThan(20);

    // Only the agent of the call controls it.
    expect((await a2.post(`/api/voice/calls/${id}/hold`)).statusCode).toBe(403);

    // Blind transfer to the second agent: the call stays up on hold audio until they answer.
    await setState(a2, 'available');
    const tr = await a1.post(`/api/voice/calls/${id}/transfer`, { to: { agentId: a2.userId }, mode: 'blind' });
    expect(tr.statusCode, tr.body).toBe(202);
    await sleep(300);
    expect(await heard(c.peer, 500)).toBeGreaterThan(15);
    const second = await offered([a2], id);
    expect((await a2.post(`/api/routing/offers/${second.offer.id}/accept`)).statusCode).toBe(200);
    const p2 = await answer(a2, id);
    p2.play(tone(660));
    await sleep(500);
    expect(await heard(p2)).toBeGreaterThan(20);

    // The agent hangs up: both legs end, the contact goes to after-call work.
    expect((await a2.post(`/api/voice/calls/${id}/hangup`)).statusCode).toBe(204);
    await eventually(async () => c.states.some((s) => s.state === 'ended' && s.endedBy === 'agent'), 5000, 'ended');
    await eventually(async () => c.peer.pc.connectionState !== 'connected' || c.ws.readyState === WebSocket.CLOSED, 5000, 'caller leg closed');
    expect((await a2.post(`/api/voice/calls/${id}/hold`)).statusCode).toBe(409);
    expect((await a2.post(`/api/interactions/${id}/close`, { resolved: true })).statusCode).toBeLessThan(300);

    const events = (await w.supervisor.get(`/api/interactions/${id}/events`)).json().items.map((e: { type: string }) => e.type);
    expect(events.filter((e: string) => e !== 'rejected')).toEqual([
      'created', 'queued', 'offered', 'accepted', 'answered', 'held', 'resumed', 'transferred', 'offered', 'accepted', 'wrap_up_started', 'wrap_up_ended', 'resolved', 'closed',
    ]);
    const endedBy = (await w.supervisor.get(`/api/interactions/${id}/events`)).json().items.find((e: { type: string }) => e.type === 'wrap_up_started').data.endedBy;
    expect(endedBy).toBe('agent');

    // The recording: stereo, the caller on channel 0 and the agents on channel 1, both with sound.
    const rec = await eventually(async () => {
      const r = await w.supervisor.get(`/api/interactions/${id}/recording`);
      return r.statusCode === 200 ? r : undefined;
    }, 15_000, 'the recording');
    expect(rec.headers['content-type']).toBe('audio/ogg');
    const file = path.join(dir, 'call.ogg');
    writeFileSync(file, rec.rawPayload);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file], { encoding: 'utf8' }));
    expect(probe.streams[0].channels).toBe(2);
    expect(meanVolume(file, 0)).toBeGreaterThan(-45);
    expect(meanVolume(file, 1)).toBeGreaterThan(-45);
    expect((await a1.get(`/api/interactions/${id}/recording`)).statusCode).toBe(403); // no longer theirs

    // KPIs from the log: one answered call, its hold time and a handle time of talk + hold + wrap-up.
    await applyPendingRollups(t.database.db, w.id);
    const [fact] = (await t.database.db.execute<Record<string, number | null>>(sql`SELECT answered, handled, abandoned, transfers, answer_wait_ms, talk_ms, hold_ms, acw_ms FROM metric_contacts WHERE interaction_id = ${id}`)).rows;
    expect(fact).toMatchObject({ answered: 1, handled: 1, abandoned: 0, transfers: 1 });
    const at = async (type: string, nth = 0) => {
      const e = (await w.supervisor.get(`/api/interactions/${id}/events`)).json().items.filter((x: { type: string }) => x.type === type)[nth];
      return new Date(e.at).getTime();
    };
    expect(Number(fact!.answer_wait_ms)).toBe((await at('answered')) - (await at('queued')));
    expect(Number(fact!.hold_ms)).toBe((await at('resumed')) - (await at('held')));
    expect(Number(fact!.acw_ms)).toBe((await at('closed')) - (await at('wrap_up_started')));
    const handle = (await at('closed')) - (await at('accepted'));
    const requeued = (await at('accepted', 1)) - (await at('transferred'));
    expect(Number(fact!.talk_ms) + Number(fact!.hold_ms) + Number(fact!.acw_ms)).toBe(handle - requeued);
    await Promise.all([c.peer.close(), p1.close(), p2.close()]);
    c.ws.close();
  });

  it('a caller who hangs up while queued is abandoned; a quick one is a short abandon', async () => {
    const c = await call();
    const id = await interactionOf(c.callId);
    await c.peer.pressKey('1');
    await eventually(async () => c.states.some((s) => s.state === 'queued'), 5000, 'queued');
    const del = await t.server.app.inject({ method: 'DELETE', url: `/api/public/voice/calls/${c.callId}?token=${c.token}` });
    expect(del.statusCode).toBe(204);
    const i = (await w.supervisor.get(`/api/interactions/${id}`)).json();
    expect((i.interaction ?? i).status).toBe('abandoned');
    const ev = (await w.supervisor.get(`/api/interactions/${id}/events`)).json().items.find((e: { type: string }) => e.type === 'abandoned');
    expect(ev.data.endedBy).toBe('customer');
    await applyPendingRollups(t.database.db, w.id);
    const [fact] = (await t.database.db.execute<{ abandoned: number; short_abandoned: number }>(sql`SELECT abandoned, short_abandoned FROM metric_contacts WHERE interaction_id = ${id}`)).rows;
    expect(fact).toMatchObject({ abandoned: 0, short_abandoned: 1 }); // under the 5 s threshold: counted apart
    expect((await t.server.app.inject({ method: 'DELETE', url: `/api/public/voice/calls/${c.callId}?token=${c.token}` })).statusCode).toBe(404);
    await c.peer.close();
    c.ws.close();
  });

  it('an agent calls back a visitor who is on the website: the widget rings and the call joins the agent’s contact', async () => {
    const [a1] = f.agents as [Client];
    const chat = await w.admin.post('/api/channels', { kind: 'chat', name: 'Site', queueId: f.queueId, settings: {} });
    expect(chat.statusCode, chat.body).toBe(201);
    const chatKey = chat.json().channel?.publicKey ?? chat.json().publicKey;
    const start = await t.server.app.inject({ method: 'POST', url: `/api/public/chat/${chatKey}/start`, payload: { name: 'Leyla', language: 'en' } });
    expect(start.statusCode, start.body).toBe(201);
    const visitorToken = start.json().token as string;
    const said = await t.server.app.inject({ method: 'POST', url: '/api/public/chat/messages', headers: { 'x-chat-token': visitorToken }, payload: { text: 'Can you call me?', clientId: 'cb-voice-000001' } });
    expect(said.statusCode, said.body).toBe(201);
    const customerId = (await t.database.db.execute<{ customer_id: string }>(sql`SELECT customer_id FROM interactions WHERE workspace_id = ${w.id} AND channel = 'chat' ORDER BY created_at DESC LIMIT 1`)).rows[0]!.customer_id;

    // The visitor's widget is connected to its chat feed; the ring arrives there.
    const feed = new WebSocket(`${t.url!.replace('http', 'ws')}/api/public/chat/ws`);
    const got: Record<string, unknown>[] = [];
    feed.on('message', (d) => got.push(JSON.parse(String(d))));
    await new Promise((r) => feed.once('open', r));
    feed.send(JSON.stringify({ type: 'auth', token: visitorToken }));
    await eventually(async () => got.some((m) => m.kind === 'hello'), 5000, 'chat hello');

    const r = await a1.post('/api/voice/click-to-call', { customerId });
    expect(r.statusCode, r.body).toBe(201);
    const { interactionId } = r.json();
    await eventually(async () => got.some((m) => m.kind === 'voice.ring' && m.voiceKey === key), 5000, 'the ring in the widget');

    // The visitor starts the call from the panel: no IVR, the agent's softphone answers.
    const c = await call('en', visitorToken);
    await eventually(async () => c.states.some((s) => s.state === 'ringing'), 5000, 'ringing');
    const p1 = await answer(a1, interactionId);
    p1.play(tone(880));
    c.peer.play(tone(440));
    await eventually(async () => c.states.some((s) => s.state === 'connected'), 5000, 'connected');
    await sleep(300);
    expect(await heard(p1)).toBeGreaterThan(15);
    expect(await heard(c.peer)).toBeGreaterThan(15);
    expect((await a1.post(`/api/voice/calls/${interactionId}/hangup`)).statusCode).toBe(204);
    const i = (await a1.get(`/api/interactions/${interactionId}`)).json();
    expect(i.interaction ?? i).toMatchObject({ channel: 'voice', direction: 'outbound', status: 'wrap_up' });
    // Nobody on the site: no call.
    const other = await w.admin.post('/api/customers', { name: 'Offline Customer' });
    expect((await a1.post('/api/voice/click-to-call', { customerId: other.json().customer.id })).json().error.code).toBe('customer_offline');
    feed.close();
    c.ws.close();
    await Promise.all([c.peer.close(), p1.close()]);
  });
});
