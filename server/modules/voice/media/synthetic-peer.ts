import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket } from 'werift';
import { dtmfPayload } from './dtmf.js';
import { FRAME_MS, pacer, type Paced } from './pacer.js';
import { gathered, peerConfig, type MediaNetwork } from './webrtc-leg.js';

/**
 * A WebRTC endpoint in this process standing in for a browser (tests and the benchmark): it offers
 * Opus + telephone-event, sends Opus frames paced at 20 ms, counts what it receives and can press keys.
 */
export class SyntheticPeer implements Paced {
  readonly pc: RTCPeerConnection;
  private track = new MediaStreamTrack({ kind: 'audio' });
  private frames: Buffer[] = [];
  private next = 0;
  private startedAt = 0;
  private sent = 0;
  private seq = 0;
  private ts = Math.floor(Math.random() * 1e6);
  received = { packets: 0, bytes: 0, lost: 0, voiced: 0 };
  /** Payloads received, when `keep` is on (tests compare them with what was sent). */
  payloads: Buffer[] = [];
  private lastSeq?: number;

  constructor(net: MediaNetwork, private opts: { keep?: boolean } = {}) {
    this.pc = new RTCPeerConnection(peerConfig(net));
    this.pc.addTransceiver(this.track, { direction: 'sendrecv' });
    this.pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((p) => this.receive(p)));
  }

  private receive(p: RtpPacket) {
    if (p.header.payloadType !== 111) return;
    this.received.packets++;
    this.received.bytes += p.payload.length;
    if (p.payload.length > 12) this.received.voiced++;
    if (this.opts.keep) this.payloads.push(p.payload);
    if (this.lastSeq !== undefined) {
      const gap = (p.header.sequenceNumber - this.lastSeq + 65536) % 65536;
      if (gap > 1 && gap < 1000) this.received.lost += gap - 1;
    }
    this.lastSeq = p.header.sequenceNumber;
  }

  async offer() {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gathered(this.pc);
    return this.pc.localDescription!.sdp;
  }

  async accept(answer: string) {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  /** Waits for the DTLS connection (media can flow). */
  async connected(timeoutMs = 10_000) {
    if (this.pc.connectionState === 'connected') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('peer did not connect')), timeoutMs);
      this.pc.connectionStateChange.subscribe((s) => {
        if (s === 'connected') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** Starts sending these Opus frames in a loop, one per 20 ms. */
  play(frames: Buffer[]) {
    this.frames = frames;
    this.startedAt = performance.now();
    this.sent = 0;
    pacer.add(this);
  }

  /** Stops sending (the microphone goes quiet). */
  stop() {
    pacer.remove(this);
  }

  get packetsSent() {
    return this.sent;
  }

  tick(now: number) {
    const due = Math.floor((now - this.startedAt) / FRAME_MS);
    while (this.sent < due) {
      const payload = this.frames[this.next++ % this.frames.length]!;
      this.seq = (this.seq + 1) & 0xffff;
      this.ts = (this.ts + 960) >>> 0;
      this.sent++;
      this.track.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 111, sequenceNumber: this.seq, timestamp: this.ts, ssrc: 1 }), payload));
    }
  }

  /** Presses a key as RFC 4733 events: three progress packets and three end packets, one timestamp. */
  async pressKey(digit: string) {
    const sender = this.pc.getTransceivers()[0]!.sender;
    // The sender stamps its codec's payload type on writeRtp; events go straight to the transport.
    const transport = (sender as unknown as { dtlsTransport: { sendRtp(payload: Buffer, header: RtpHeader): Promise<number> } }).dtlsTransport;
    this.ts = (this.ts + 4800) >>> 0;
    const ts = this.ts;
    for (let i = 0; i < 6; i++) {
      this.seq = (this.seq + 1) & 0xffff;
      const header = new RtpHeader({ payloadType: 126, sequenceNumber: this.seq, timestamp: ts, ssrc: sender.ssrc, marker: i === 0 });
      await transport.sendRtp(dtmfPayload(digit, i >= 3, 160 * (i + 1)), header);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close() {
    this.stop();
    await this.pc.close().catch(() => {});
  }
}
