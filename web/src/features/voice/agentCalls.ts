/**
 * The calls of this browser tab, kept outside React: a call goes on while the agent switches between
 * contacts or pages, and a screen that comes back reads it again. One entry per interaction (the agent's
 * own leg or a supervisor's leg on someone else's call). The server's `voice.state` events on the
 * user's topic keep each entry right; a leg whose media drops ends as well.
 */
import { useSyncExternalStore } from 'react';
import { realtime, type RealtimeEvent } from '../../lib/realtime';
import { voiceApi, voiceStateEvent, type SuperviseMode, type TransferTarget, type VoiceStatePayload } from './api';
import { closeLeg, completeLeg, MicrophoneError, prepareLeg, sendTones, setMicrophone, type MediaLeg, type MicProblem } from './media';

/** `waiting`: an outbound call whose customer has not picked up in the widget yet. */
export type LegStatus = 'waiting' | 'connecting' | 'connected' | 'held' | 'ended' | 'failed';

export interface AgentCall {
  interactionId: string;
  role: 'agent' | 'supervisor';
  status: LegStatus;
  muted: boolean;
  /** Why the leg failed: a microphone problem, or the server's error code. */
  failure: MicProblem | string | null;
  connectedAt: number | null;
  endedBy: 'customer' | 'agent' | 'system' | null;
  supervise: SuperviseMode | null;
}

const calls = new Map<string, AgentCall>();
const legs = new Map<string, MediaLeg>();
const listeners = new Set<() => void>();
let unsubscribe: (() => void) | null = null;

function emit() {
  for (const l of listeners) l();
}

function put(id: string, patch: Partial<AgentCall>) {
  const old = calls.get(id);
  if (!old) return;
  calls.set(id, { ...old, ...patch });
  emit();
}

const isLive = (c: AgentCall | undefined) => !!c && (c.status === 'waiting' || c.status === 'connecting' || c.status === 'connected' || c.status === 'held');
const waiters = new Map<string, string>();

function onEvent(event: RealtimeEvent) {
  if (event.type !== voiceStateEvent) return;
  const p = event.payload as VoiceStatePayload;
  const call = calls.get(p.interactionId);
  if (!isLive(call)) return;
  if (call!.status === 'waiting') {
    // The customer picked up in the widget: now the agent's leg joins.
    const userId = waiters.get(p.interactionId);
    if ((p.state === 'ringing' || p.state === 'connected') && userId) {
      waiters.delete(p.interactionId);
      calls.delete(p.interactionId);
      void connect(p.interactionId, 'agent', userId, (sdp) => voiceApi.answer(p.interactionId, sdp));
    } else if (p.state === 'ended') end(p.interactionId, p.endedBy ?? 'system');
    return;
  }
  if (p.state === 'ended') {
    end(p.interactionId, p.endedBy ?? 'system');
    return;
  }
  const held = p.held ?? p.state === 'held';
  put(p.interactionId, {
    status: call!.status === 'connecting' && p.state !== 'connected' && p.state !== 'held' ? 'connecting' : held ? 'held' : 'connected',
    ...(p.muted !== undefined ? { muted: p.muted } : {}),
  });
}

/** Follows the user's topic while any call is live. */
function follow(userId: string) {
  if (!unsubscribe) unsubscribe = realtime.subscribe([`user:${userId}`], onEvent);
}

function unfollowIfIdle() {
  if (unsubscribe && ![...calls.values()].some(isLive)) {
    unsubscribe();
    unsubscribe = null;
  }
}

function end(id: string, endedBy: AgentCall['endedBy'], failure: AgentCall['failure'] = null) {
  closeLeg(legs.get(id) ?? null);
  legs.delete(id);
  put(id, { status: failure ? 'failed' : 'ended', endedBy, failure });
  unfollowIfIdle();
}

const failureOf = (e: unknown) => (e instanceof MicrophoneError ? e.problem : e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : 'network');

async function connect(id: string, role: AgentCall['role'], userId: string, exchange: (sdp: string) => Promise<{ sdp: string }>) {
  if (isLive(calls.get(id))) return;
  calls.set(id, { interactionId: id, role, status: 'connecting', muted: false, failure: null, connectedAt: null, endedBy: null, supervise: null });
  emit();
  follow(userId);
  try {
    const { leg, offer } = await prepareLeg(`${role}:${id}`);
    legs.set(id, leg);
    leg.pc.addEventListener('connectionstatechange', () => {
      const state = leg.pc.connectionState;
      if (state === 'connected' && calls.get(id)?.status === 'connecting') put(id, { status: 'connected', connectedAt: calls.get(id)?.connectedAt ?? Date.now() });
      if (state === 'failed' && isLive(calls.get(id))) end(id, 'system', 'media');
    });
    const { sdp } = await exchange(offer);
    if (!isLive(calls.get(id))) return; // hung up meanwhile
    await completeLeg(leg, sdp);
    put(id, { connectedAt: Date.now() });
  } catch (e) {
    end(id, null, failureOf(e));
  }
}

/** Swallows and records a failed control request (the screen shows `failure`). */
async function attempt(id: string, work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (e) {
    put(id, { failure: failureOf(e) });
    return false;
  }
}

export const agentCalls = {
  get: (id: string) => calls.get(id),
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Answers an offered and accepted call: the agent's microphone, offer, the relay's answer. */
  answer: (id: string, userId: string) => connect(id, 'agent', userId, (sdp) => voiceApi.answer(id, sdp)),
  /** An outbound call (click-to-call): the leg joins once the customer picks up in the widget. */
  waitForCustomer: (id: string, userId: string) => {
    if (isLive(calls.get(id))) return;
    calls.set(id, { interactionId: id, role: 'agent', status: 'waiting', muted: false, failure: null, connectedAt: null, endedBy: null, supervise: null });
    waiters.set(id, userId);
    emit();
    follow(userId);
  },
  /** Joins someone's call as a supervisor. */
  supervise: async (id: string, userId: string, mode: SuperviseMode) => {
    await connect(id, 'supervisor', userId, (sdp) => voiceApi.supervise(id, sdp, mode));
    if (isLive(calls.get(id))) put(id, { supervise: mode });
  },
  changeMode: async (id: string, mode: SuperviseMode) => {
    if (await attempt(id, () => voiceApi.changeMode(id, mode))) put(id, { supervise: mode });
  },
  /** Leaves a supervised call (only this leg ends). */
  leave: (id: string) => end(id, 'agent'),
  mute: async (id: string, on: boolean) => {
    setMicrophone(legs.get(id) ?? null, !on);
    put(id, { muted: on });
    if (!(await attempt(id, () => voiceApi.control(id, on ? 'mute' : 'unmute')))) {
      setMicrophone(legs.get(id) ?? null, on);
      put(id, { muted: !on });
    }
  },
  hold: async (id: string, on: boolean) => {
    if (await attempt(id, () => voiceApi.control(id, on ? 'hold' : 'resume'))) put(id, { status: on ? 'held' : 'connected', failure: null });
  },
  /** Tones in the media when the leg can; the API otherwise. */
  dtmf: async (id: string, digits: string) => {
    if (!sendTones(legs.get(id) ?? null, digits)) await attempt(id, () => voiceApi.dtmf(id, digits));
  },
  transfer: async (id: string, to: TransferTarget, mode: 'blind' | 'warm', note?: string) => {
    await voiceApi.transfer(id, to, mode, note);
    // A blind transfer hands the caller over at once: this leg is done.
    if (mode === 'blind') end(id, 'agent');
  },
  hangUp: async (id: string) => {
    if (!isLive(calls.get(id))) return;
    waiters.delete(id);
    await attempt(id, () => voiceApi.control(id, 'hangup'));
    end(id, 'agent');
  },
  /** Forgets a finished call (so it can be answered again after a transfer back). */
  forget: (id: string) => {
    if (!isLive(calls.get(id))) calls.delete(id);
    emit();
  },
};

/** The call of one interaction in this tab (undefined when none). */
export function useAgentCall(id: string): AgentCall | undefined {
  return useSyncExternalStore(agentCalls.subscribe, () => calls.get(id));
}
