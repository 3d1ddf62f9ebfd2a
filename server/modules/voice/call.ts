import { randomBytes, randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { IvrState } from './domain/ivr.js';
import { Bridge, mediaRoutes, type Party, type SuperviseMode } from './media/bridge.js';
import type { Leg } from './media/leg.js';
import { PromptPlayer } from './media/player.js';
import type { LegRecorder } from './media/recorder.js';
import type { VoiceLanguage, VoiceSettings } from './settings.js';
import type { EndedBy } from './store.js';

export type CallState = 'ivr' | 'queued' | 'ringing' | 'connected' | 'held' | 'ended';

/** What the caller's page is told over its websocket. */
export type CallStateMessage = { type: 'state'; state: CallState; position?: number; estimatedWaitSeconds?: number; endedBy?: EndedBy };

/**
 * One live call in this process: its legs in a bridge, what the caller hears from the relay (prompts,
 * hold audio), recorders, timers and the caller's open websockets. Decisions live in the service and the
 * IVR; this object only holds and switches media.
 */
export class Call {
  readonly id = randomUUID();
  readonly token = randomBytes(24).toString('base64url');
  readonly startedAt = Date.now();
  state: CallState = 'ivr';
  muted = false;
  held = false;
  endedBy?: EndedBy;
  agentId?: string;
  supervisorMode?: SuperviseMode;
  supervisorId?: string;
  position?: { position: number; ewtSeconds: number | null };
  recorders?: { customer: LegRecorder; agent: LegRecorder; dir: string };
  voicemail?: { recorder: LegRecorder; file: string; startedAt: number };
  readonly bridge = new Bridge();
  readonly sockets = new Set<WebSocket>();
  private player?: PromptPlayer;
  private timers = new Set<NodeJS.Timeout>();
  private offs: (() => void)[] = [];

  constructor(
    readonly workspaceId: string,
    readonly interactionId: string,
    readonly account: { id: string; queueId: string | null; name: string },
    readonly settings: VoiceSettings,
    readonly customer: Leg,
    public language: VoiceLanguage,
    public ivr: IvrState,
  ) {
    this.bridge.attach('customer', customer);
  }

  get agentLeg() {
    return this.bridge.leg('agent');
  }

  /** Re-applies who hears whom after any change of legs, hold, mute or supervision. */
  route() {
    this.bridge.setRoutes(mediaRoutes({
      bridged: !!this.agentLeg, held: this.held, agentMuted: this.muted, supervisor: this.bridge.leg('supervisor') ? this.supervisorMode : undefined,
    }));
  }

  /** Plays frames to the caller, replacing whatever the relay was playing; resolves true when it played to the end. */
  play(frames: Buffer[], opts: { loop?: boolean; source: 'prompt' | 'hold' }): Promise<boolean> {
    this.stopPlaying();
    if (!frames.length || this.state === 'ended') return Promise.resolve(!opts.loop);
    const player = new PromptPlayer(frames, this.customer, opts).start();
    this.player = player;
    return player.done;
  }

  get playing() {
    return !!this.player;
  }

  stopPlaying() {
    const p = this.player;
    this.player = undefined;
    p?.stop();
  }

  attach(party: Party, leg: Leg, onGone: () => void) {
    this.bridge.attach(party, leg);
    this.offs.push(leg.onClosed(() => {
      if (this.bridge.leg(party) === leg) onGone();
    }));
    this.route();
  }

  /** Takes a party's leg out of the call and hangs it up (the call goes on). */
  async drop(party: Party) {
    const leg = this.bridge.leg(party);
    this.bridge.detach(party);
    this.route();
    await leg?.close();
  }

  timer(fn: () => void, ms: number) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  clearTimers() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  view(): CallStateMessage {
    return {
      type: 'state', state: this.state,
      ...(this.position && (this.state === 'queued' || this.state === 'ringing')
        ? { position: this.position.position, ...(this.position.ewtSeconds === null ? {} : { estimatedWaitSeconds: this.position.ewtSeconds }) } : {}),
      ...(this.endedBy ? { endedBy: this.endedBy } : {}),
    };
  }

  tell(msg: CallStateMessage = this.view()) {
    const text = JSON.stringify(msg);
    for (const s of this.sockets) if (s.readyState === s.OPEN) s.send(text);
  }

  /** Ends the media: players, timers and every leg. */
  async hangUp() {
    this.clearTimers();
    this.stopPlaying();
    for (const off of this.offs) off();
    const legs = (['customer', 'agent', 'supervisor', 'consult'] as Party[]).map((p) => this.bridge.leg(p)).filter((l): l is Leg => !!l);
    this.bridge.close();
    await Promise.all([...legs, this.customer].map((l) => l.close()));
  }
}
