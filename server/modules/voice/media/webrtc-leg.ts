import { randomUUID } from 'node:crypto';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket, type RTCRtpTransceiver } from 'werift';
import { DtmfDecoder } from './dtmf.js';
import { Listeners, OutgoingTimeline, type AudioPacket, type Leg, type LegStats } from './leg.js';

const DISCONNECTED_GRACE_MS = 8_000;

/** Where the relay listens for media: one address (host candidates only, no STUN or TURN). */
export type MediaNetwork = { host: string; portRange?: [number, number] };

/** Opus and RFC 4733 events at 8 and 48 kHz: what Chromium offers for a microphone. */
export const voiceCodecs = () => [
  new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111 }),
  new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, payloadType: 126 }),
  new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 48000, payloadType: 110 }),
];

/** Peer connection settings for the relay and for synthetic peers: IPv4 on one address, no extensions. */
export function peerConfig(net: MediaNetwork) {
  return {
    codecs: { audio: voiceCodecs() },
    headerExtensions: { audio: [] },
    iceUseIpv4: true,
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: net.host },
    iceAdditionalHostAddresses: [net.host],
    icePortRange: net.portRange,
  };
}

/** Waits until ICE gathering is complete (non-trickle: the SDP then carries every candidate). */
export async function gathered(pc: RTCPeerConnection, timeoutMs = 5000) {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('ICE gathering timed out')), timeoutMs);
    const { unSubscribe } = pc.iceGatheringStateChange.subscribe((s) => {
      if (s !== 'complete') return;
      clearTimeout(timer);
      unSubscribe();
      resolve();
    });
  });
}

/** Keeps only the candidates on the relay's address (other interfaces are not reachable by design). */
export function onlyHostCandidates(sdp: string, host: string) {
  return sdp.split(/\r\n/).filter((l) => !l.startsWith('a=candidate:') || l.split(' ')[4] === host).join('\r\n');
}

/** A browser (or any WebRTC endpoint) connected to the relay; the relay answers the endpoint's offer. */
export class WebRtcLeg implements Leg {
  readonly kind = 'webrtc' as const;
  readonly id = randomUUID();
  readonly stats: LegStats = { packetsIn: 0, packetsOut: 0, lost: 0 };
  closed = false;
  private rtp = new Listeners<[AudioPacket]>();
  private dtmf = new Listeners<[string]>();
  private ended = new Listeners<[]>();
  private decoder = new DtmfDecoder();
  private timeline = new OutgoingTimeline();
  private track = new MediaStreamTrack({ kind: 'audio' });
  private seq = Math.floor(Math.random() * 65535);
  private ssrc = (Math.random() * 0xffffffff) >>> 0;
  private lastInSeq?: number;
  private eventTypes = new Set<number>();
  private connected = false;
  private lost?: NodeJS.Timeout;

  private constructor(private pc: RTCPeerConnection) {}

  /** Answers an SDP offer; resolves with the leg and the complete answer (all candidates gathered). */
  static async answer(offer: string, net: MediaNetwork): Promise<{ leg: WebRtcLeg; sdp: string }> {
    const pc = new RTCPeerConnection(peerConfig(net));
    const leg = new WebRtcLeg(pc);
    try {
      // Subscribed before the offer is applied: werift fires onTrack while applying it.
      pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((p) => leg.receive(p)));
      pc.connectionStateChange.subscribe((s) => {
        clearTimeout(leg.lost);
        if (s === 'connected') leg.connected = true;
        if (s === 'failed' || s === 'closed') void leg.close();
        // A missed consent check on a busy machine or a network blip: the endpoint gets a few seconds to come back.
        if (s === 'disconnected' && leg.connected) leg.lost = setTimeout(() => void leg.close(), DISCONNECTED_GRACE_MS);
      });
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      const t = pc.getTransceivers().find((x) => x.kind === 'audio');
      if (!t) throw new Error('the offer has no audio');
      t.setDirection('sendrecv');
      // The relay is the DTLS server (setup:passive): its side is ready before the answer leaves, so the
      // endpoint's first handshake packet never arrives too early (which stalls werift-to-werift calls under load).
      t.dtlsTransport.role = 'server';
      await t.sender.replaceTrack(leg.track);
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      leg.learnEventTypes(t);
      return { leg, sdp: onlyHostCandidates(pc.localDescription!.sdp, net.host) };
    } catch (err) {
      await pc.close().catch(() => {});
      throw err;
    }
  }

  private learnEventTypes(t: RTCRtpTransceiver) {
    for (const c of t.codecs) if (c.mimeType.toLowerCase() === 'audio/telephone-event') this.eventTypes.add(c.payloadType);
  }

  private receive(p: RtpPacket) {
    if (this.closed) return;
    const h = p.header;
    if (this.lastInSeq !== undefined) {
      const gap = (h.sequenceNumber - this.lastInSeq + 65536) % 65536;
      if (gap === 0 || gap >= 1000) return; // a duplicate, or reordered too late
      if (gap > 1) this.stats.lost += gap - 1;
    }
    this.lastInSeq = h.sequenceNumber;
    if (this.eventTypes.has(h.payloadType)) {
      const digit = this.decoder.push(p.payload, h.timestamp);
      if (digit) this.dtmf.emit(digit);
      return;
    }
    this.stats.packetsIn++;
    this.rtp.emit({ payload: p.payload, timestamp: h.timestamp, marker: h.marker });
  }

  onRtp(cb: (p: AudioPacket) => void) {
    return this.rtp.add(cb);
  }

  onDtmf(cb: (digit: string) => void) {
    return this.dtmf.add(cb);
  }

  onClosed(cb: () => void) {
    if (this.closed) {
      queueMicrotask(cb);
      return () => {};
    }
    return this.ended.add(cb);
  }

  sendRtp(p: AudioPacket, source: string) {
    if (this.closed) return;
    const ts = this.timeline.map(p, source, performance.now());
    if (ts === undefined) return;
    this.seq = (this.seq + 1) & 0xffff;
    const header = new RtpHeader({ payloadType: 111, sequenceNumber: this.seq, timestamp: ts, ssrc: this.ssrc, marker: !!p.marker });
    this.stats.packetsOut++;
    this.track.writeRtp(new RtpPacket(header, p.payload));
  }

  /** A source that stopped sending (a finished prompt, a party that left): the next one takes over at once. */
  release(source: string) {
    this.timeline.release(source);
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.lost);
    this.rtp.clear();
    this.dtmf.clear();
    this.track.stop();
    await this.pc.close().catch(() => {});
    this.ended.emit();
    this.ended.clear();
  }
}
