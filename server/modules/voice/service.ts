import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { WebSocket } from 'ws';
import type { Principal } from '../../platform/auth/index.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors/index.js';
import type { ModuleContext } from '../../platform/module.js';
import type { ChannelAccount } from '../channels/index.js';
import { customerService } from '../customers/index.js';
import type { AttachmentService, InteractionService } from '../interactions/index.js';
import { findQueue, isOpen, readQueueSettings } from '../queues/index.js';
import type { RoutingRuntime, RoutingService } from '../routing/index.js';
import { Call, type CallState } from './call.js';
import { initialIvr, ivrStep, type IvrAction, type IvrEvent, type PromptName } from './domain/ivr.js';
import { phrase, queueAnnouncement } from './domain/phrases.js';
import type { SuperviseMode } from './media/bridge.js';
import { isDtmfDigit } from './media/dtmf.js';
import type { PromptLibrary } from './media/prompts.js';
import { LegRecorder, mergeStereo } from './media/recorder.js';
import { WebRtcLeg, type MediaNetwork } from './media/webrtc-leg.js';
import { readVoiceSettings, type VoiceLanguage, type VoiceSettings } from './settings.js';
import { RECORDING_PREFIX, VOICEMAIL_PREFIX, VoiceStore, type EndedBy } from './store.js';

const SYNC_EVERY_MS = 500;
const VOICEMAIL_MAX_MS = 120_000;
const VISITOR_PURPOSE = 'chat-visitor';

export type VoiceDeps = {
  accounts: { byPublicKey(key: string, kind?: 'voice'): Promise<ChannelAccount | undefined>; enabled(kind: 'voice'): Promise<ChannelAccount[]> };
  interactions: InteractionService;
  files: AttachmentService;
  routing: { runtime: RoutingRuntime; service: RoutingService };
};

const noCall = () => notFound('Call');

/**
 * Calls from the website to agents: starts the caller's leg and IVR, queues the contact for routing, holds
 * and announces in the queue, bridges the agent's softphone when the offer is accepted, and writes every
 * step to the contact's event log. Calls live in the process that carries their media.
 */
export class VoiceService {
  private calls = new Map<string, Call>();
  private byInteraction = new Map<string, Call>();
  private store: VoiceStore;
  private syncTimer?: NodeJS.Timeout;
  private syncing = false;
  private stopAnnounce?: () => void;
  private finishing = new Map<string, Promise<void>>();
  /** Customers an agent is calling back through the widget: customer id -> the contact and agent, until answered or expired. */
  private rings = new Map<string, { workspaceId: string; interactionId: string; agentId: string; until: number }>();

  constructor(private ctx: ModuleContext, private deps: VoiceDeps, private net: MediaNetwork, readonly prompts: PromptLibrary) {
    this.store = new VoiceStore(ctx.db, ctx.bus, ctx.clock);
  }

  start() {
    this.syncTimer = setInterval(() => void this.sync(), SYNC_EVERY_MS);
    this.stopAnnounce = this.ctx.bus.onAnnounce(() => {
      if (this.calls.size) setImmediate(() => void this.sync());
    });
  }

  async stop() {
    clearInterval(this.syncTimer);
    this.stopAnnounce?.();
    await Promise.all([...this.calls.values()].map((c) => this.end(c, 'system', null)));
  }

  get liveCalls() {
    return this.calls.size;
  }

  private async account(key: string) {
    const a = await this.deps.accounts.byPublicKey(key, 'voice');
    if (!a) throw notFound('Voice entry point');
    return a;
  }

  private async openNow(a: ChannelAccount, s: VoiceSettings) {
    const queueId = s.queueId ?? a.queueId;
    if (!queueId) return { queueId: null, open: false };
    const q = await findQueue(this.ctx.db, a.workspaceId, queueId);
    if (!q) return { queueId: null, open: false };
    return { queueId, open: isOpen(readQueueSettings(q.settings).hours, this.ctx.clock.now()) };
  }

  /** What the call button and the call page show. */
  async publicInfo(key: string) {
    const a = await this.account(key);
    const s = readVoiceSettings(a.settings);
    const { open } = await this.openNow(a, s);
    return { name: a.name, languages: s.languages, open };
  }

  /** A caller's browser offers its microphone: answer it, open the contact and start the IVR. */
  async startCall(key: string, input: { sdp: string; language: VoiceLanguage; visitorToken?: string }) {
    const a = await this.account(key);
    const s = readVoiceSettings(a.settings);
    const { queueId, open } = await this.openNow(a, s);
    if (!queueId) throw conflict('no_queue', 'This entry point has no queue');
    const language = s.languages.includes(input.language) ? input.language : s.languages[0]!;
    let answered: Awaited<ReturnType<typeof WebRtcLeg.answer>>;
    try {
      answered = await WebRtcLeg.answer(input.sdp, this.net);
    } catch (err) {
      this.ctx.log.debug({ err }, 'voice offer refused');
      throw invalid('invalid_sdp', 'The offer has no usable audio');
    }
    try {
      const customerId = await this.customerOf(a, input.visitorToken, language);
      const ring = this.rings.get(customerId);
      if (ring && ring.workspaceId === a.workspaceId && ring.until > Date.now()) {
        this.rings.delete(customerId);
        return await this.joinCallback(a, s, ring, answered, language);
      }
      const i = await this.ctx.db.transaction((tx) => this.deps.interactions.openInbound(tx, {
        workspaceId: a.workspaceId, customerId, channel: 'voice', channelAccountId: a.id, threadKey: answered.leg.id, queueId: null, language, subject: a.name,
      }));
      const call = new Call(a.workspaceId, i.id, { id: a.id, queueId, name: a.name }, s, answered.leg, language, initialIvr(language));
      this.calls.set(call.id, call);
      this.byInteraction.set(i.id, call);
      answered.leg.onClosed(() => void this.end(call, 'customer', customerId));
      answered.leg.onDtmf((d) => this.digit(call, d));
      // The caller hears the first prompt once their side of the connection is up.
      call.timer(() => void this.ivr(call, { type: 'start', open }), 300);
      return { callId: call.id, token: call.token, sdp: answered.sdp, interactionId: i.id };
    } catch (err) {
      await answered.leg.close();
      throw err;
    }
  }

  /** The customer answers an agent's call-back from the widget: no IVR, straight to the agent who called. */
  private async joinCallback(a: ChannelAccount, s: VoiceSettings, ring: { interactionId: string; agentId: string }, answered: { leg: WebRtcLeg; sdp: string }, language: VoiceLanguage) {
    const call = new Call(a.workspaceId, ring.interactionId, { id: a.id, queueId: s.queueId ?? a.queueId, name: a.name }, s, answered.leg, language, { ...initialIvr(language), phase: 'done' });
    this.calls.set(call.id, call);
    this.byInteraction.set(ring.interactionId, call);
    answered.leg.onClosed(() => void this.end(call, 'customer', null));
    call.agentId = ring.agentId;
    call.state = 'ringing';
    await this.publishState(call);
    return { callId: call.id, token: call.token, sdp: answered.sdp, interactionId: ring.interactionId };
  }

  /**
   * An agent calls a customer who is on the website: an outbound call contact assigned to the agent, and a
   * ring to the customer's chat widget, which opens its call panel; the call joins this contact.
   */
  async clickToCall(p: Principal, customerId: string) {
    const { rows } = await this.ctx.db.execute<{ channel_account_id: string; thread_key: string }>(sql`
      SELECT i.channel_account_id, i.thread_key FROM interactions i
      WHERE i.workspace_id = ${p.workspaceId} AND i.customer_id = ${customerId} AND i.channel = 'chat' AND i.channel_account_id IS NOT NULL
        AND i.updated_at > now() - interval '30 minutes'
      ORDER BY i.updated_at DESC LIMIT 1`);
    const visit = rows[0];
    if (!visit) throw conflict('customer_offline', 'The customer is not on the website now');
    const entry = (await this.deps.accounts.enabled('voice')).find((x) => x.workspaceId === p.workspaceId);
    if (!entry) throw conflict('no_voice_channel', 'The workspace has no voice entry point');
    const created = await this.deps.interactions.create(p, { customerId, channel: 'voice', direction: 'outbound', subject: entry.name });
    await this.deps.interactions.assign(p, created.id, p.userId);
    this.rings.set(customerId, { workspaceId: p.workspaceId, interactionId: created.id, agentId: p.userId, until: Date.now() + 120_000 });
    await this.ctx.bus.publish({ workspaceId: p.workspaceId, topic: `chatvisitor:${visit.channel_account_id}:${visit.thread_key}`, type: 'voice.ring', payload: { voiceKey: entry.publicKey, interactionId: created.id } });
    return { interactionId: created.id };
  }

  private async customerOf(a: ChannelAccount, visitorToken: string | undefined, language: VoiceLanguage) {
    const t = visitorToken ? this.ctx.secrets.verify<{ w?: string; c?: string }>(VISITOR_PURPOSE, visitorToken) : null;
    if (t?.w === a.workspaceId && typeof t.c === 'string') return t.c;
    const { customer } = await customerService(this.ctx).findOrCreateByIdentity(a.workspaceId, { kind: 'chat', value: `call:${crypto.randomUUID()}`, name: 'Web caller', language });
    return customer.id;
  }

  /** The caller's call, checked against its token. */
  callFor(callId: string, token: string | undefined) {
    const c = this.calls.get(callId);
    if (!c || !token || token !== c.token) throw noCall();
    return c;
  }

  attachSocket(call: Call, socket: WebSocket) {
    call.sockets.add(socket);
    socket.send(JSON.stringify(call.view()));
    socket.on('close', () => call.sockets.delete(socket));
    socket.on('message', (raw) => {
      let m: { type?: unknown; digit?: unknown } = {};
      try {
        m = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (m.type === 'hangup') void this.end(call, 'customer', null);
      else if (m.type === 'dtmf' && typeof m.digit === 'string' && isDtmfDigit(m.digit)) this.digit(call, m.digit);
      else if (m.type === 'callback') void this.callback(call, null).catch((err) => this.ctx.log.warn({ err }, 'voice callback failed'));
    });
  }

  async customerHangup(call: Call) {
    await this.end(call, 'customer', null);
  }

  // ---- IVR ----

  private digit(call: Call, d: string) {
    if (call.state === 'ivr') void this.ivr(call, { type: 'dtmf', digit: d });
  }

  private promptText(call: Call, name: PromptName) {
    const s = call.settings;
    const own = name === 'greeting' ? s.greeting : name === 'closed' ? s.closedMessage : name === 'consent' ? s.recording.consent : undefined;
    return own?.[call.language]?.trim() || phrase(name, call.language);
  }

  private async ivr(call: Call, e: IvrEvent) {
    if (call.state !== 'ivr') return;
    const r = ivrStep(call.ivr, e, { menu: call.settings.menu, voicemail: call.settings.voicemail, recording: call.settings.recording.enabled });
    call.ivr = r.state;
    call.language = r.state.language;
    for (const a of r.actions) await this.act(call, a);
  }

  private async act(call: Call, a: IvrAction) {
    switch (a.type) {
      case 'play': {
        const frames = await this.prompts.speech(this.promptText(call, a.prompt), a.language).catch((err) => {
          this.ctx.log.warn({ err }, 'voice prompt failed');
          return [];
        });
        if (call.state !== 'ivr') return;
        const phase = call.ivr.phase;
        void call.play(frames, { source: 'prompt' }).then((completed) => {
          if (completed && call.ivr.phase === phase) void this.ivr(call, { type: 'prompt_done' });
        });
        return;
      }
      case 'start_timer':
        call.timer(() => void this.ivr(call, { type: 'timer' }), a.ms);
        return;
      case 'queue':
        return this.enqueue(call, a.queueId);
      case 'callback':
        return this.callback(call, a.queueId);
      case 'voicemail':
        return this.startVoicemail(call);
      case 'hangup':
        return this.end(call, 'system', null);
    }
  }

  private async enqueue(call: Call, queueId: string | null) {
    call.clearTimers();
    call.stopPlaying();
    const i = await this.store.queue(call.workspaceId, call.interactionId, queueId ?? call.account.queueId!);
    if (!i || i.status !== 'queued') return;
    this.setState(call, 'queued');
    await this.holdMusic(call);
    this.scheduleAnnouncement(call, 1_000);
  }

  private async holdMusic(call: Call) {
    const frames = await this.prompts.hold().catch(() => []);
    if (call.state === 'queued' || call.state === 'ringing' || call.state === 'held') void call.play(frames, { loop: true, source: 'hold' });
  }

  private scheduleAnnouncement(call: Call, ms: number) {
    const every = call.settings.announceEverySeconds;
    if (!every) return;
    call.timer(() => void this.announce(call), ms);
  }

  private async announce(call: Call) {
    if (call.state !== 'queued') return this.scheduleAnnouncement(call, call.settings.announceEverySeconds * 1000);
    const pos = await this.position(call);
    if (pos && call.state === 'queued') {
      const frames = await this.prompts.speech(queueAnnouncement(call.language, pos.position, pos.ewtSeconds), call.language).catch(() => []);
      if (call.state === 'queued' && frames.length) {
        await call.play(frames, { source: 'prompt' });
        if (call.state === 'queued' && !call.playing) await this.holdMusic(call);
      }
    }
    this.scheduleAnnouncement(call, call.settings.announceEverySeconds * 1000);
  }

  private async position(call: Call) {
    const local = this.deps.routing.runtime.router(call.workspaceId)?.position(call.interactionId);
    if (local) return { position: local.position, ewtSeconds: local.ewtMs === undefined ? null : Math.round(local.ewtMs / 1000) };
    return undefined;
  }

  /** The caller keeps their place and is called back: the contact stays queued, the line is freed. */
  private async callback(call: Call, queueId: string | null) {
    if (call.state === 'ivr') {
      await this.store.queue(call.workspaceId, call.interactionId, queueId ?? call.account.queueId!);
    }
    const i = await this.store.find(call.workspaceId, call.interactionId);
    if (!i || i.status !== 'queued') return;
    await this.store.requestCallback(i);
    if (call.state !== 'ivr') {
      const frames = await this.prompts.speech(phrase('callback', call.language), call.language).catch(() => []);
      call.state = 'ivr'; // no hold audio or announcements from here
      call.clearTimers();
      await call.play(frames, { source: 'prompt' });
      await this.end(call, 'customer', i.customerId);
    }
  }

  // ---- voicemail ----

  private async startVoicemail(call: Call) {
    const frames = await this.prompts.speech(phrase('voicemail', call.language), call.language).catch(() => []);
    await call.play(frames, { source: 'prompt' });
    if (call.state !== 'ivr') return;
    const beep = await this.prompts.beep().catch(() => []);
    await call.play(beep, { source: 'prompt' });
    if (call.state !== 'ivr') return;
    const dir = await this.recordingDir();
    const file = path.join(dir, `voicemail-${call.interactionId}.ogg`);
    call.voicemail = { recorder: new LegRecorder(file, call.customer), file, startedAt: Date.now() };
    call.timer(() => void this.end(call, 'system', null), VOICEMAIL_MAX_MS);
  }

  private async saveVoicemail(call: Call) {
    const vm = call.voicemail!;
    await vm.recorder.stop();
    const seconds = Math.round((Date.now() - vm.startedAt) / 1000);
    try {
      const stored = await this.deps.files.writeReceived(call.workspaceId, { fileName: `${VOICEMAIL_PREFIX}${call.interactionId}.ogg`, contentType: 'audio/ogg', content: await readFile(vm.file) });
      if ('refused' in stored) throw new Error(`voicemail refused: ${stored.refused}`);
      await this.store.voicemail(call.workspaceId, call.interactionId, call.account.queueId!, stored, seconds);
      return true;
    } finally {
      await rm(vm.file, { force: true });
    }
  }

  // ---- state, routing ----

  private setState(call: Call, state: CallState) {
    if (call.state === state) return;
    call.state = state;
    call.tell();
    void this.publishState(call);
  }

  private publishState(call: Call) {
    const payload = { interactionId: call.interactionId, state: call.state, muted: call.muted, held: call.held, endedBy: call.endedBy ?? null };
    const topics = [`interaction:${call.interactionId}`, ...(call.agentId ? [`user:${call.agentId}`] : [])];
    return this.ctx.bus.publish(topics.map((topic) => ({ workspaceId: call.workspaceId, topic, type: 'voice.state', payload }))).catch((err) => this.ctx.log.warn({ err }, 'voice state not published'));
  }

  /** Follows what routing did to the calls' contacts: offered (ringing), accepted, moved back to a queue, closed. */
  async sync() {
    if (this.syncing || !this.calls.size) return;
    this.syncing = true;
    try {
      const byWs = new Map<string, Call[]>();
      for (const c of this.calls.values()) if (c.state !== 'ivr' && c.state !== 'ended') byWs.set(c.workspaceId, [...(byWs.get(c.workspaceId) ?? []), c]);
      for (const [ws, calls] of byWs) {
        for (const row of await this.store.snapshot(ws, calls.map((c) => c.interactionId))) {
          const call = this.byInteraction.get(row.id);
          if (call) await this.follow(call, row);
        }
      }
    } catch (err) {
      this.ctx.log.warn({ err }, 'voice sync failed');
    } finally {
      this.syncing = false;
    }
  }

  private async follow(call: Call, row: { status: string; assignee_id: string | null; ringing: boolean }) {
    if (call.state === 'ended' || call.state === 'ivr') return;
    if (row.status === 'queued') {
      if (call.agentLeg || call.agentId) await this.backToQueue(call);
      const pos = await this.position(call);
      const moved = pos && (pos.position !== call.position?.position || pos.ewtSeconds !== call.position?.ewtSeconds);
      if (pos) call.position = pos;
      const state = row.ringing ? 'ringing' : 'queued';
      if (state !== call.state) this.setState(call, state);
      else if (moved) call.tell();
    } else if (row.status === 'active' && row.assignee_id) {
      if (row.assignee_id !== call.agentId) {
        if (call.agentLeg) await this.backToQueue(call);
        call.agentId = row.assignee_id;
        this.setState(call, 'ringing');
        await this.publishState(call);
      }
    } else if (row.status !== 'new') {
      await this.end(call, row.status === 'wrap_up' || row.status === 'closed' ? 'agent' : 'system', null, { db: false });
    }
  }

  /** The agent left the call (a transfer): the caller hears hold audio until the next agent answers. */
  private async backToQueue(call: Call) {
    call.agentId = undefined;
    call.held = false;
    call.muted = false;
    await call.drop('supervisor');
    await call.drop('agent');
    this.setState(call, 'queued');
    if (!call.playing) await this.holdMusic(call);
  }

  // ---- agent ----

  private async agentCall(p: Principal, interactionId: string) {
    const call = this.byInteraction.get(interactionId);
    const i = await this.store.find(p.workspaceId, interactionId);
    if (!i || i.channel !== 'voice') throw notFound('Call');
    if (!call || call.workspaceId !== p.workspaceId || call.state === 'ended') throw conflict('call_ended', 'This call is over');
    if (i.assigneeId !== p.userId) throw forbidden('Only the agent the call is assigned to can do this');
    return { call, i };
  }

  /** The agent's softphone answers: its leg joins the bridge and the recording starts. */
  async answer(p: Principal, interactionId: string, sdp: string) {
    const { call, i } = await this.agentCall(p, interactionId);
    if (i.status !== 'active') throw conflict('not_active', 'Accept the call first');
    let answered: Awaited<ReturnType<typeof WebRtcLeg.answer>>;
    try {
      answered = await WebRtcLeg.answer(sdp, this.net);
    } catch {
      throw invalid('invalid_sdp', 'The offer has no usable audio');
    }
    if (call.state === 'ended') {
      await answered.leg.close();
      throw conflict('call_ended', 'This call is over');
    }
    if (call.agentLeg) await call.drop('agent');
    call.agentId = p.userId;
    call.held = false;
    call.muted = false;
    call.stopPlaying();
    call.clearTimers();
    call.attach('agent', answered.leg, () => void this.end(call, 'agent', p.userId));
    if (call.settings.recording.enabled && this.prompts.canPlay) {
      if (!call.recorders) {
        const dir = await mkdtemp(path.join(await this.recordingDir(), 'call-'));
        const t0 = performance.now();
        call.recorders = { dir, customer: new LegRecorder(path.join(dir, 'customer.ogg'), call.customer, t0), agent: new LegRecorder(path.join(dir, 'agent.ogg'), answered.leg, t0) };
      } else {
        call.recorders.agent.follow(answered.leg);
      }
    }
    this.setState(call, 'connected');
    await this.publishState(call);
    return { sdp: answered.sdp };
  }

  async control(p: Principal, interactionId: string, action: 'mute' | 'unmute' | 'hold' | 'resume' | 'hangup') {
    const { call } = await this.agentCall(p, interactionId);
    if (action === 'hangup') return this.end(call, 'agent', p.userId);
    if (!call.agentLeg) throw conflict('not_connected', 'Answer the call first');
    switch (action) {
      case 'mute':
      case 'unmute':
        call.muted = action === 'mute';
        call.route();
        await this.publishState(call);
        return;
      case 'hold':
        if (call.held) return;
        call.held = true;
        call.route();
        this.setState(call, 'held');
        await this.store.record(p.workspaceId, interactionId, 'held', { type: 'agent', id: p.userId });
        await this.holdMusic(call);
        return;
      case 'resume':
        if (!call.held) return;
        call.held = false;
        call.stopPlaying();
        call.route();
        this.setState(call, 'connected');
        await this.store.record(p.workspaceId, interactionId, 'resumed', { type: 'agent', id: p.userId });
        return;
    }
  }

  /** Keys the agent presses (for a phone system on the far side; a web caller has no use for them yet). */
  async dtmf(p: Principal, interactionId: string, digits: string) {
    await this.agentCall(p, interactionId);
    if (![...digits].every(isDtmfDigit)) throw invalid('invalid_digits', 'Digits are 0-9, *, #, A-D');
  }

  /** Blind transfer: the contact goes back to routing (to an agent or a queue); the caller stays on hold audio. */
  async transfer(p: Principal, interactionId: string, to: { agentId?: string; queueId?: string }, mode: 'blind' | 'warm', note?: string) {
    const { call } = await this.agentCall(p, interactionId);
    if (mode === 'warm') throw new AppError('warm_transfer_unavailable', 'Warm transfer is not available yet; use a blind transfer', 422);
    await this.deps.routing.service.transfer(p, interactionId, { ...to, note });
    await this.backToQueue(call);
  }

  /** A supervisor joins a connected call: listen (hears both), whisper (the agent hears them) or barge (both do). */
  async supervise(p: Principal, interactionId: string, sdp: string, mode: SuperviseMode) {
    const call = this.byInteraction.get(interactionId);
    if (!call || call.workspaceId !== p.workspaceId || call.state === 'ended') throw notFound('Call');
    if (!call.agentLeg) throw conflict('not_connected', 'The call has no agent yet');
    let answered: Awaited<ReturnType<typeof WebRtcLeg.answer>>;
    try {
      answered = await WebRtcLeg.answer(sdp, this.net);
    } catch {
      throw invalid('invalid_sdp', 'The offer has no usable audio');
    }
    if (call.bridge.leg('supervisor')) await call.drop('supervisor');
    call.supervisorMode = mode;
    call.supervisorId = p.userId;
    call.attach('supervisor', answered.leg, () => {
      call.bridge.detach('supervisor');
      call.route();
    });
    return { sdp: answered.sdp };
  }

  async superviseMode(p: Principal, interactionId: string, mode: SuperviseMode) {
    const call = this.byInteraction.get(interactionId);
    if (!call || call.workspaceId !== p.workspaceId || !call.bridge.leg('supervisor')) throw notFound('Supervision');
    call.supervisorMode = mode;
    call.route();
  }

  // ---- the end ----

  /** Ends a call once: media down, the contact's log written, the recording merged and attached. */
  async end(call: Call, endedBy: EndedBy, actorId: string | null, opts: { db?: boolean } = {}) {
    if (call.state === 'ended') return;
    call.endedBy = endedBy;
    const wasVoicemail = !!call.voicemail;
    call.state = 'ended';
    call.tell();
    this.calls.delete(call.id);
    this.byInteraction.delete(call.interactionId);
    await call.hangUp();
    for (const s of call.sockets) s.close(1000, 'ended');
    let savedVoicemail = false;
    if (wasVoicemail) savedVoicemail = await this.saveVoicemail(call).catch((err) => (this.ctx.log.error({ err }, 'voicemail not saved'), false));
    if (opts.db !== false && !savedVoicemail) {
      await this.store.end(call.workspaceId, call.interactionId, endedBy, actorId).catch((err) => this.ctx.log.error({ err }, 'call end not recorded'));
    }
    await this.publishState(call);
    if (call.recorders) {
      const done = this.saveRecording(call).catch((err) => this.ctx.log.error({ err }, 'call recording not saved'));
      this.finishing.set(call.interactionId, done);
      void done.then(() => setTimeout(() => this.finishing.delete(call.interactionId), 60_000).unref());
    }
  }

  private async saveRecording(call: Call) {
    const r = call.recorders!;
    await Promise.all([r.customer.stop(), r.agent.stop()]);
    try {
      const merged = path.join(r.dir, 'call.ogg');
      await mergeStereo(path.join(r.dir, 'customer.ogg'), path.join(r.dir, 'agent.ogg'), merged);
      const stored = await this.deps.files.writeReceived(call.workspaceId, { fileName: `${RECORDING_PREFIX}${call.interactionId}.ogg`, contentType: 'audio/ogg', content: await readFile(merged) });
      if ('refused' in stored) throw new Error(`recording refused: ${stored.refused}`);
      const i = await this.store.find(call.workspaceId, call.interactionId);
      if (i) await this.store.attachRecording(i, stored);
    } finally {
      await rm(r.dir, { recursive: true, force: true });
    }
  }

  /** Waits until a call's recording is stored (tests, shutdown). */
  async settled(interactionId: string) {
    await this.finishing.get(interactionId);
  }

  private async recordingDir() {
    const dir = path.join(this.ctx.config.dataDir, 'voice', 'tmp');
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** The stereo recording of a call (channel 0 the caller, 1 the agent). */
  async recording(p: Principal, interactionId: string) {
    const i = await this.store.find(p.workspaceId, interactionId);
    if (!i) throw notFound('Interaction');
    if (p.role === 'agent' && i.assigneeId !== p.userId) throw forbidden('Only the agent of the call, supervisors and admins hear its recording');
    const a = await this.store.recording(p.workspaceId, interactionId);
    if (!a) throw notFound('Recording');
    return { attachment: a, stream: this.deps.files.read(a) };
  }

  /** Deletes recordings and voicemails older than each entry point's retention. */
  async applyRetention() {
    let removed = 0;
    for (const a of await this.deps.accounts.enabled('voice')) {
      const days = readVoiceSettings(a.settings).retentionDays;
      if (!days) continue;
      const rows = await this.store.expired(a.workspaceId, a.id, new Date(this.ctx.clock.now().getTime() - days * 86_400_000));
      for (const r of rows) await rm(path.resolve(this.ctx.config.dataDir, r.storagePath), { force: true });
      removed += rows.length;
    }
    return removed;
  }
}
