import type { VoiceLanguage, VoiceSettings } from '../settings.js';

/** What the caller hears: a configured text, or one of the built-in phrases (see `phrases.ts`). */
export type PromptName = 'consent' | 'greeting' | 'closed' | 'invalid' | 'voicemail' | 'callback' | 'goodbye';

export type IvrEvent =
  | { type: 'start'; open: boolean }
  | { type: 'prompt_done' }
  | { type: 'dtmf'; digit: string }
  | { type: 'timer' }
  | { type: 'hours'; open: boolean };

export type IvrAction =
  | { type: 'play'; prompt: PromptName; language: VoiceLanguage }
  | { type: 'start_timer'; ms: number }
  | { type: 'queue'; queueId: string | null }
  | { type: 'callback'; queueId: string | null }
  | { type: 'voicemail' }
  | { type: 'hangup'; reason: 'closed' | 'no_input' | 'callback' };

type Phase = 'idle' | 'consent' | 'greeting' | 'menu' | 'invalid' | 'closed' | 'callback' | 'done';

/** `typeahead`: a key pressed during the consent prompt, acted on when the greeting starts (consent is always heard). */
export type IvrState = { phase: Phase; language: VoiceLanguage; repeats: number; closedThen?: 'voicemail' | 'hangup'; typeahead?: string };

/** Seconds the menu waits for a key after the greeting, and greetings played before going to the queue. */
export const MENU_WAIT_MS = 6_000;
export const MAX_GREETINGS = 3;

export type IvrConfig = Pick<VoiceSettings, 'menu' | 'voicemail'> & { recording: boolean };

export const initialIvr = (language: VoiceLanguage): IvrState => ({ phase: 'idle', language, repeats: 0 });

/**
 * The IVR of one call as a pure state machine: events in (keys, prompt ends, timers, business hours),
 * actions out (play, wait, queue, callback, voicemail, hang up). The call runtime carries the actions out.
 */
export function ivrStep(s: IvrState, e: IvrEvent, c: IvrConfig): { state: IvrState; actions: IvrAction[] } {
  const play = (prompt: PromptName, st: IvrState = s): IvrAction => ({ type: 'play', prompt, language: st.language });
  const greet = (st: IvrState) => ({ state: { ...st, phase: 'greeting' as const, repeats: st.repeats + 1 }, actions: [play('greeting', st)] });
  if (s.phase === 'done') return { state: s, actions: [] };
  switch (e.type) {
    case 'start':
    case 'hours':
      if (e.type === 'hours' && (e.open || s.phase === 'closed')) return { state: s, actions: [] };
      if (!e.open) {
        const then = c.voicemail ? 'voicemail' : 'hangup';
        return { state: { ...s, phase: 'closed', closedThen: then }, actions: [play('closed')] };
      }
      if (c.recording) return { state: { ...s, phase: 'consent' }, actions: [play('consent')] };
      return typeahead(s, greet({ ...s, typeahead: undefined }), c);
    case 'prompt_done':
      switch (s.phase) {
        case 'consent':
          return typeahead(s, greet({ ...s, typeahead: undefined }), c);
        case 'invalid':
          return greet(s);
        case 'greeting':
          if (!c.menu.length) return done(s, { type: 'queue', queueId: null });
          return { state: { ...s, phase: 'menu' }, actions: [{ type: 'start_timer', ms: MENU_WAIT_MS }] };
        case 'closed':
          return done(s, s.closedThen === 'voicemail' ? { type: 'voicemail' } : { type: 'hangup', reason: 'closed' });
        case 'callback':
          return done(s, { type: 'hangup', reason: 'callback' });
        default:
          return { state: s, actions: [] };
      }
    case 'timer':
      if (s.phase !== 'menu') return { state: s, actions: [] };
      return s.repeats >= MAX_GREETINGS ? done(s, { type: 'queue', queueId: null }) : greet(s);
    case 'dtmf': {
      if (s.phase === 'consent' || s.phase === 'idle') return { state: { ...s, typeahead: e.digit }, actions: [] };
      if (s.phase !== 'greeting' && s.phase !== 'menu' && s.phase !== 'invalid') return { state: s, actions: [] };
      const item = c.menu.find((m) => m.digit === e.digit);
      if (!item) return { state: { ...s, phase: 'invalid' }, actions: [play('invalid')] };
      switch (item.action) {
        case 'queue':
          return done(s, { type: 'queue', queueId: item.queueId ?? null });
        case 'voicemail':
          return c.voicemail ? done(s, { type: 'voicemail' }) : { state: { ...s, phase: 'invalid' }, actions: [play('invalid')] };
        case 'callback': {
          const st = { ...s, phase: 'callback' as const };
          return { state: st, actions: [{ type: 'callback', queueId: item.queueId ?? null }, play('callback', st)] };
        }
        case 'language':
          return greet({ ...s, language: item.language ?? s.language, repeats: 0 });
        case 'repeat':
          return greet({ ...s, repeats: 0 });
      }
    }
  }
}

/** Acts on a key pressed before the menu could take it, right after the greeting starts. */
function typeahead(before: IvrState, g: { state: IvrState; actions: IvrAction[] }, c: IvrConfig) {
  if (!before.typeahead) return g;
  const next = ivrStep(g.state, { type: 'dtmf', digit: before.typeahead }, c);
  return { state: next.state, actions: [...g.actions, ...next.actions] };
}

function done(s: IvrState, action: IvrAction) {
  return { state: { ...s, phase: 'done' as const }, actions: [action] };
}
