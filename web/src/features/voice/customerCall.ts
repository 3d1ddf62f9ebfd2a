/**
 * One customer's call to an entry point, without a framework: microphone, the offer to the relay, the
 * call's websocket (state, position, estimated wait) and the keypad. Screens read `snapshot` and
 * subscribe to changes.
 */
import { closeLeg, completeLeg, MicrophoneError, prepareLeg, sendTones, type MediaLeg, type MicProblem } from './media';

export type CallPhase = 'idle' | 'starting' | 'ivr' | 'queued' | 'ringing' | 'connected' | 'held' | 'ended';
export type CallFailure = MicProblem | 'closed' | 'busy' | 'network' | 'media';

export interface CallSnapshot {
  phase: CallPhase;
  callId: string | null;
  position: number | null;
  estimatedWaitSeconds: number | null;
  endedBy: 'customer' | 'agent' | 'system' | null;
  failure: CallFailure | null;
  callbackRequested: boolean;
  /** The call's live connection: 'reconnecting' while the websocket is down during a call. */
  link: 'open' | 'reconnecting';
  connectedAt: number | null;
  digits: string;
  /** The audio path: 'connected' once media flows both ways. */
  media: 'connecting' | 'connected';
}

type ServerMessage = { type: 'state'; state: Exclude<CallPhase, 'idle' | 'starting'>; position?: number; estimatedWaitSeconds?: number; endedBy?: CallSnapshot['endedBy'] };

const initial: CallSnapshot = {
  phase: 'idle', callId: null, position: null, estimatedWaitSeconds: null, endedBy: null, failure: null,
  callbackRequested: false, link: 'open', connectedAt: null, digits: '', media: 'connecting',
};

export class CustomerCall {
  private state: CallSnapshot = initial;
  private listeners = new Set<() => void>();
  private leg: MediaLeg | null = null;
  private token: string | null = null;
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Keys pressed before the audio path was up; sent as soon as it is. */
  private pending = '';

  /** `base` is the server's origin ('' for the same origin); `key` the entry point's public key. */
  constructor(private readonly base: string, private readonly key: string) {}

  get snapshot(): CallSnapshot {
    return this.state;
  }

  /** The hidden audio element playing the call (null before the call starts). */
  get audio(): HTMLAudioElement | null {
    return this.leg?.audio ?? null;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<CallSnapshot>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private get live() {
    return this.state.phase !== 'idle' && this.state.phase !== 'ended';
  }

  /** Asks for the microphone, sends the offer and opens the call's live connection. */
  async start(language: string, visitorToken?: string) {
    if (this.live) return;
    this.set({ ...initial, phase: 'starting' });
    try {
      const { leg, offer } = await prepareLeg('customer');
      this.leg = leg;
      leg.pc.addEventListener('connectionstatechange', () => {
        if (leg.pc.connectionState === 'failed' && this.live) this.finish('system', 'media');
        if (leg.pc.connectionState === 'connected' && this.live) {
          this.set({ media: 'connected' });
          this.flush();
        }
      });
      const res = await fetch(`${this.base}/api/public/voice/${encodeURIComponent(this.key)}/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sdp: offer, language, ...(visitorToken ? { visitorToken } : {}) }),
        credentials: 'omit',
      });
      const data = (await res.json().catch(() => ({}))) as { callId?: string; token?: string; sdp?: string; error?: { code?: string } };
      if (!res.ok || !data.callId || !data.sdp || !data.token) {
        const code = data.error?.code ?? '';
        throw new CallStartError(res.status === 429 || code === 'busy' ? 'busy' : /closed/.test(code) ? 'closed' : 'network');
      }
      this.token = data.token;
      this.set({ callId: data.callId, phase: 'ivr' });
      await completeLeg(leg, data.sdp);
      this.connect();
    } catch (e) {
      const failure: CallFailure = e instanceof MicrophoneError ? e.problem : e instanceof CallStartError ? e.failure : 'network';
      this.finish(null, failure);
    }
  }

  private connect() {
    const { callId } = this.state;
    if (!callId || !this.token || !this.live) return;
    const origin = this.base || location.origin;
    const url = `${origin.replace(/^http/, 'ws')}/api/public/voice/calls/${encodeURIComponent(callId)}/ws?token=${encodeURIComponent(this.token)}`;
    const ws = new WebSocket(url);
    this.socket = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.set({ link: 'open' });
      this.flush();
    };
    ws.onmessage = (m) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(m.data)) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type !== 'state') return;
      if (msg.state === 'ended') {
        this.finish(msg.endedBy ?? 'system', null);
        return;
      }
      this.set({
        phase: msg.state,
        position: msg.position ?? (msg.state === 'queued' ? this.state.position : null),
        estimatedWaitSeconds: msg.estimatedWaitSeconds ?? (msg.state === 'queued' ? this.state.estimatedWaitSeconds : null),
        connectedAt: msg.state === 'connected' || msg.state === 'held' ? this.state.connectedAt ?? Date.now() : this.state.connectedAt,
      });
    };
    ws.onclose = () => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (!this.live) return;
      this.set({ link: 'reconnecting' });
      this.attempt += 1;
      this.retry = setTimeout(() => this.connect(), Math.min(10_000, 500 * 2 ** Math.min(this.attempt, 5)));
    };
  }

  private send(message: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /**
   * A keypad press: a tone in the media, or a message when this browser cannot send tones. A key pressed
   * while the call is still connecting is kept and sent once it can be.
   */
  press(digit: string) {
    if (!this.live) return;
    this.pending += digit;
    this.set({ digits: (this.state.digits + digit).slice(-24) });
    this.flush();
  }

  private flush() {
    if (!this.pending || this.state.media !== 'connected') return;
    if (sendTones(this.leg, this.pending)) {
      this.pending = '';
      return;
    }
    while (this.pending && this.send({ type: 'dtmf', digit: this.pending[0] })) this.pending = this.pending.slice(1);
  }

  /** Keeps the place in the queue and asks to be called back; the call then ends. */
  requestCallback() {
    if (this.state.phase !== 'queued') return;
    if (this.send({ type: 'callback' })) this.set({ callbackRequested: true });
  }

  /** Hangs up: tells the server (websocket and, in case it is down, the DELETE) and frees the microphone. */
  hangUp() {
    if (!this.live) return;
    const { callId } = this.state;
    this.send({ type: 'hangup' });
    if (callId && this.token) {
      void fetch(`${this.base}/api/public/voice/calls/${encodeURIComponent(callId)}?token=${encodeURIComponent(this.token)}`, { method: 'DELETE', credentials: 'omit', keepalive: true }).catch(() => undefined);
    }
    this.finish('customer', null);
  }

  private finish(endedBy: CallSnapshot['endedBy'], failure: CallFailure | null) {
    clearTimeout(this.retry);
    this.pending = '';
    const ws = this.socket;
    this.socket = null;
    ws?.close();
    closeLeg(this.leg);
    this.leg = null;
    this.set({ phase: 'ended', endedBy, failure, link: 'open' });
  }

  /** Back to the start screen after a call ended. */
  reset() {
    if (this.live) return;
    this.token = null;
    this.set(initial);
  }
}

class CallStartError extends Error {
  constructor(readonly failure: CallFailure) {
    super(failure);
  }
}
