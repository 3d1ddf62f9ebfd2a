import { describe, expect, it } from 'vitest';
import { initialIvr, ivrStep, MAX_GREETINGS, type IvrConfig, type IvrEvent, type IvrState } from './ivr.js';
import { queueAnnouncement } from './phrases.js';

const Q2 = '00000000-0000-4000-8000-000000000002';
const config: IvrConfig = {
  recording: false, voicemail: true,
  menu: [
    { digit: '1', action: 'queue', queueId: Q2 }, { digit: '2', action: 'language', language: 'ar' },
    { digit: '3', action: 'callback' }, { digit: '4', action: 'voicemail' }, { digit: '9', action: 'repeat' },
  ],
};

function run(events: IvrEvent[], c = config, s: IvrState = initialIvr('en')) {
  const actions = [];
  for (const e of events) {
    const r = ivrStep(s, e, c);
    s = r.state;
    actions.push(...r.actions);
  }
  return { s, actions };
}

describe('IVR', () => {
  it('greets, waits for a key and queues to the chosen queue', () => {
    const { actions } = run([{ type: 'start', open: true }, { type: 'prompt_done' }, { type: 'dtmf', digit: '1' }]);
    expect(actions).toEqual([
      { type: 'play', prompt: 'greeting', language: 'en' }, { type: 'start_timer', ms: 6000 }, { type: 'queue', queueId: Q2 },
    ]);
  });

  it('plays the recording consent before the greeting when recording is on', () => {
    const { actions } = run([{ type: 'start', open: true }, { type: 'prompt_done' }], { ...config, recording: true });
    expect(actions.map((a) => a.type === 'play' && a.prompt)).toEqual(['consent', 'greeting']);
  });

  it('keeps a key pressed during the consent prompt until the consent has been heard', () => {
    const r = run([{ type: 'start', open: true }, { type: 'dtmf', digit: '1' }], { ...config, recording: true });
    expect(r.actions).toEqual([{ type: 'play', prompt: 'consent', language: 'en' }]);
    expect(run([{ type: 'prompt_done' }], { ...config, recording: true }, r.s).actions).toEqual([
      { type: 'play', prompt: 'greeting', language: 'en' }, { type: 'queue', queueId: Q2 },
    ]);
  });

  it('lets a key interrupt the greeting, switches language and repeats in it', () => {
    const { s, actions } = run([{ type: 'start', open: true }, { type: 'dtmf', digit: '2' }]);
    expect(s.language).toBe('ar');
    expect(actions.at(-1)).toEqual({ type: 'play', prompt: 'greeting', language: 'ar' });
  });

  it('says an invalid key is invalid, then greets again', () => {
    const { actions } = run([{ type: 'start', open: true }, { type: 'prompt_done' }, { type: 'dtmf', digit: '7' }, { type: 'prompt_done' }]);
    expect(actions.slice(2).map((a) => a.type === 'play' && a.prompt)).toEqual(['invalid', 'greeting']);
  });

  it('repeats the greeting on silence, then queues to the default queue', () => {
    const events: IvrEvent[] = [{ type: 'start', open: true }];
    for (let i = 0; i < MAX_GREETINGS; i++) events.push({ type: 'prompt_done' }, { type: 'timer' });
    const { s, actions } = run(events);
    expect(actions.filter((a) => a.type === 'play')).toHaveLength(MAX_GREETINGS);
    expect(actions.at(-1)).toEqual({ type: 'queue', queueId: null });
    expect(s.phase).toBe('done');
  });

  it('queues straight after the greeting when there is no menu', () => {
    const { actions } = run([{ type: 'start', open: true }, { type: 'prompt_done' }], { ...config, menu: [] });
    expect(actions.at(-1)).toEqual({ type: 'queue', queueId: null });
  });

  it('asks for a callback and says goodbye', () => {
    const { actions } = run([{ type: 'start', open: true }, { type: 'dtmf', digit: '3' }, { type: 'prompt_done' }]);
    expect(actions.slice(1)).toEqual([
      { type: 'callback', queueId: null }, { type: 'play', prompt: 'callback', language: 'en' }, { type: 'hangup', reason: 'callback' },
    ]);
  });

  it('takes a voicemail by key only when voicemail is on', () => {
    expect(run([{ type: 'start', open: true }, { type: 'dtmf', digit: '4' }]).actions.at(-1)).toEqual({ type: 'voicemail' });
    expect(run([{ type: 'start', open: true }, { type: 'dtmf', digit: '4' }], { ...config, voicemail: false }).actions.at(-1))
      .toEqual({ type: 'play', prompt: 'invalid', language: 'en' });
  });

  it('outside business hours plays the closed message, then voicemail or hang-up', () => {
    expect(run([{ type: 'start', open: false }, { type: 'prompt_done' }]).actions).toEqual([
      { type: 'play', prompt: 'closed', language: 'en' }, { type: 'voicemail' },
    ]);
    expect(run([{ type: 'start', open: false }, { type: 'prompt_done' }], { ...config, voicemail: false }).actions.at(-1))
      .toEqual({ type: 'hangup', reason: 'closed' });
  });

  it('closing hours during the menu send the caller to the closed message; keys after the end do nothing', () => {
    const r = run([{ type: 'start', open: true }, { type: 'prompt_done' }, { type: 'hours', open: false }]);
    expect(r.actions.at(-1)).toEqual({ type: 'play', prompt: 'closed', language: 'en' });
    const after = run([{ type: 'prompt_done' }, { type: 'dtmf', digit: '1' }], config, r.s);
    expect(after.actions).toEqual([{ type: 'voicemail' }]);
  });
});

describe('queue announcement', () => {
  it('says the place and the wait in minutes, in each language', () => {
    expect(queueAnnouncement('en', 3, 130)).toBe('You are number 3 in the queue. The estimated wait is 2 minutes.');
    expect(queueAnnouncement('en', 1, null)).toBe('You are number 1 in the queue.');
    expect(queueAnnouncement('ar', 2, 60)).toContain('2');
    expect(queueAnnouncement('az', 2, 60)).toContain('1 dəqiqədir');
  });
});
