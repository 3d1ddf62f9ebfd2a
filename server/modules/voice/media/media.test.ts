import { describe, expect, it } from 'vitest';
import { mediaRoutes } from './bridge.js';
import { DtmfDecoder, dtmfPayload } from './dtmf.js';
import { OutgoingTimeline } from './leg.js';
import { OggOpusWriter, opusSamples, OPUS_SILENCE, readOggOpus } from './ogg.js';

describe('ogg opus', () => {
  it('reads back the packets it wrote, long packets included', () => {
    const chunks: Buffer[] = [];
    const w = new OggOpusWriter((c) => chunks.push(c));
    const packets = [Buffer.alloc(80, 1), Buffer.alloc(600, 2), OPUS_SILENCE];
    for (const p of packets) w.write(p, 960);
    w.end();
    expect(readOggOpus(Buffer.concat(chunks)).filter((p) => p.length)).toEqual(packets);
  });
  it('counts samples from the TOC byte', () => {
    expect(opusSamples(OPUS_SILENCE)).toBe(960);
    expect(opusSamples(Buffer.from([0x78]))).toBe(960); // SILK WB 20 ms
  });
});

describe('dtmf', () => {
  it('reports a digit once, at its first end packet', () => {
    const d = new DtmfDecoder();
    const seen = [dtmfPayload('7', false, 160), dtmfPayload('7', true, 480), dtmfPayload('7', true, 480)].map((p) => d.push(p, 1000));
    expect(seen).toEqual([undefined, '7', undefined]);
    expect(d.push(dtmfPayload('*', true, 320), 2000)).toBe('*');
  });
});

describe('media routes', () => {
  it('connects both ways, cuts the caller off the agent on hold and mutes one way', () => {
    expect(mediaRoutes({ bridged: true, held: false, agentMuted: false })).toEqual([['customer', 'agent'], ['agent', 'customer']]);
    expect(mediaRoutes({ bridged: true, held: true, agentMuted: false })).toEqual([]);
    expect(mediaRoutes({ bridged: true, held: false, agentMuted: true })).toEqual([['customer', 'agent']]);
  });
  it('lets a supervisor listen, whisper to the agent or barge in', () => {
    const sup = (mode: 'listen' | 'whisper' | 'barge') => mediaRoutes({ bridged: true, held: false, agentMuted: false, supervisor: mode }).filter(([f]) => f === 'supervisor').map(([, t]) => t);
    expect(sup('listen')).toEqual([]);
    expect(sup('whisper')).toEqual(['agent']);
    expect(sup('barge')).toEqual(['agent', 'customer']);
  });
});

describe('outgoing timeline', () => {
  it('keeps one continuous timestamp line across sources and lets the talking source hold the floor', () => {
    const t = new OutgoingTimeline();
    const voice = Buffer.alloc(60);
    expect(t.map({ payload: voice, timestamp: 5000 }, 'prompt', 0)).toBeDefined();
    const a = t.map({ payload: voice, timestamp: 5960 }, 'prompt', 20)!;
    expect(t.map({ payload: voice, timestamp: 100 }, 'agent', 30)).toBeUndefined(); // the prompt is talking
    const b = t.map({ payload: voice, timestamp: 100 }, 'agent', 500)!; // the prompt stopped
    expect((b - a) >>> 0).toBe(960);
  });
});

describe('without the Debian audio tools', () => {
  it('has no prompts or hold audio (calls still connect; the IVR moves on at once)', async () => {
    const { PromptLibrary } = await import('./prompts.js');
    const lib = new PromptLibrary('/nonexistent', { ffmpeg: false, sox: false, espeak: false });
    expect(lib.canPlay).toBe(false);
    expect(await lib.speech('Hello', 'en')).toEqual([]);
    expect(await lib.hold()).toEqual([]);
    expect(await lib.beep()).toEqual([]);
  });
});
