import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bridge, mediaRoutes } from './bridge.js';
import { readOggOpus } from './ogg.js';
import { PromptPlayer } from './player.js';
import { LegRecorder, mergeStereo } from './recorder.js';
import { SyntheticPeer } from './synthetic-peer.js';
import { WebRtcLeg } from './webrtc-leg.js';

const net = { host: '127.0.0.1' };
const dir = mkdtempSync(path.join(tmpdir(), 'voice-media-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opus frames of a sine tone, encoded by ffmpeg like a browser's microphone would be. */
function tone(hz: number, seconds = 2) {
  const file = path.join(dir, `tone-${hz}.ogg`);
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${seconds}`, '-ar', '48000', '-ac', '1',
    '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', file]);
  return readOggOpus(readFileSync(file));
}

async function connect() {
  const peer = new SyntheticPeer(net);
  const { leg, sdp } = await WebRtcLeg.answer(await peer.offer(), net);
  await peer.accept(sdp);
  await peer.connected();
  return { peer, leg };
}

/** Mean volume (dB) of one channel of an audio file, from ffmpeg's volumedetect. */
function meanVolume(file: string, channel: number) {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-i', file, '-af', `pan=mono|c0=c${channel},volumedetect`, '-f', 'null', '-'], { encoding: 'utf8' });
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(r.stderr)?.[1] ?? -200);
}

describe('voice media relay (werift peers on loopback)', () => {
  let customer: Awaited<ReturnType<typeof connect>>;
  let agent: Awaited<ReturnType<typeof connect>>;
  const bridge = new Bridge();

  beforeAll(async () => {
    [customer, agent] = await Promise.all([connect(), connect()]);
  });
  afterAll(async () => {
    bridge.close();
    await Promise.all([customer?.peer.close(), agent?.peer.close(), customer?.leg.close(), agent?.leg.close()]);
  });

  it('bridges two legs both ways, records each leg and merges them to one stereo file with both voices', async () => {
    bridge.attach('customer', customer.leg);
    bridge.attach('agent', agent.leg);
    bridge.setRoutes(mediaRoutes({ bridged: true, held: false, agentMuted: false }));
    const started = performance.now();
    const recC = new LegRecorder(path.join(dir, 'c.ogg'), customer.leg, started);
    const recA = new LegRecorder(path.join(dir, 'a.ogg'), agent.leg, started);
    const [t440, t880] = [tone(440), tone(880)];
    customer.peer.play(t440);
    agent.peer.play(t880);
    await sleep(1500);
    customer.peer.stop();
    agent.peer.stop();
    await sleep(200);
    await Promise.all([recC.stop(), recA.stop()]);

    // What each side sent reached the other: packets in order, no loss on loopback.
    expect(agent.peer.received.packets).toBeGreaterThan(60);
    expect(customer.peer.received.packets).toBeGreaterThan(60);
    expect(agent.peer.received.packets).toBeGreaterThanOrEqual(customer.peer.packetsSent - 10); // the first frames may arrive before the track is set up
    expect(customer.peer.received.packets).toBeGreaterThanOrEqual(agent.peer.packetsSent - 10); // the first frames may arrive before the track is set up
    expect(customer.leg.stats.lost + agent.leg.stats.lost).toBe(0);

    const merged = path.join(dir, 'call.ogg');
    await mergeStereo(path.join(dir, 'c.ogg'), path.join(dir, 'a.ogg'), merged);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', merged], { encoding: 'utf8' }));
    expect(probe.streams[0].channels).toBe(2);
    expect(Number(probe.streams[0].duration ?? 1.5)).toBeGreaterThan(1.2);
    expect(meanVolume(merged, 0)).toBeGreaterThan(-40);
    expect(meanVolume(merged, 1)).toBeGreaterThan(-40);
  });

  it('hold: the caller hears hold audio from a player and the agent hears nothing of the caller', async () => {
    bridge.setRoutes(mediaRoutes({ bridged: true, held: true, agentMuted: false }));
    const before = { c: customer.peer.received.packets, a: agent.peer.received.packets };
    const [t523, t880, t440] = [tone(523, 1), tone(880), tone(440)];
    const hold = new PromptPlayer(t523, customer.leg, { loop: true, source: 'hold' }).start();
    agent.peer.play(t880);
    customer.peer.play(t440);
    await sleep(600);
    hold.stop();
    agent.peer.stop();
    customer.peer.stop();
    const c = customer.peer.received.packets - before.c;
    const a = agent.peer.received.packets - before.a;
    expect(c).toBeGreaterThan(20); // hold audio
    expect(a).toBe(0); // the agent hears nothing of the held caller
    bridge.setRoutes(mediaRoutes({ bridged: true, held: false, agentMuted: false }));
  });

  it('decodes RFC 4733 DTMF digits once per key press', async () => {
    const digits: string[] = [];
    const off = customer.leg.onDtmf((d) => digits.push(d));
    await customer.peer.pressKey('1');
    await customer.peer.pressKey('#');
    await sleep(100);
    off();
    expect(digits).toEqual(['1', '#']);
  });
});
