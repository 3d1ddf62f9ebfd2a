/** One audio packet travelling through the relay: an Opus frame with its RTP timestamp (48 kHz). */
export type AudioPacket = { payload: Buffer; timestamp: number; marker?: boolean };

export type LegStats = { packetsIn: number; packetsOut: number; lost: number };

/**
 * One party's media connection to the relay. A WebRTC leg today; an RTP leg (SIP phones and trunks)
 * implements the same face, so the bridge, players, recorders and call logic never see the transport.
 */
export interface Leg {
  readonly id: string;
  readonly kind: 'webrtc' | 'rtp';
  /** Audio the party sends; answers an unsubscribe. */
  onRtp(cb: (p: AudioPacket) => void): () => void;
  /** DTMF digits the party pressed (RFC 4733). */
  onDtmf(cb: (digit: string) => void): () => void;
  /** The transport closed or failed (the party is gone). */
  onClosed(cb: () => void): () => void;
  /**
   * Audio to the party. `source` names where it comes from (another leg, a player): when the source
   * changes the leg keeps its own RTP timeline continuous.
   */
  sendRtp(p: AudioPacket, source: string): void;
  /** A source stopped sending (a finished prompt, a party that left): the next one takes over at once. */
  release?(source: string): void;
  readonly stats: LegStats;
  readonly closed: boolean;
  close(): Promise<void>;
}

/** A tiny typed listener set. */
export class Listeners<T extends unknown[]> {
  private set = new Set<(...a: T) => void>();
  add(cb: (...a: T) => void) {
    this.set.add(cb);
    return () => void this.set.delete(cb);
  }
  emit(...a: T) {
    for (const cb of this.set) cb(...a);
  }
  clear() {
    this.set.clear();
  }
}

const SAMPLES_PER_FRAME = 960;

/**
 * Rewrites the packets a leg sends so its outgoing stream stays one timeline while sources change
 * (prompt, hold audio, the other party), and picks the talking source when several feed it at once.
 */
export class OutgoingTimeline {
  private source?: string;
  private offset = 0;
  private lastTs = 0;
  private voicedAt = new Map<string, number>();
  private seenAt = new Map<string, number>();

  /** The timestamp to send for this packet, or undefined when another source holds the floor. */
  map(p: AudioPacket, source: string, now: number): number | undefined {
    // Opus frames of silence or comfort noise are a few bytes; speech and tones are tens of bytes.
    if (p.payload.length > 12) this.voicedAt.set(source, now);
    this.seenAt.set(source, now);
    if (source !== this.source) {
      const cur = this.source;
      if (cur !== undefined && now - (this.seenAt.get(cur) ?? -Infinity) < 100) {
        const curTalking = now - (this.voicedAt.get(cur) ?? -Infinity) < 300;
        const mineTalking = now - (this.voicedAt.get(source) ?? -Infinity) < 300;
        if (curTalking || !mineTalking) return undefined;
      }
      this.source = source;
      this.offset = (this.lastTs + SAMPLES_PER_FRAME - p.timestamp) >>> 0;
    }
    this.lastTs = (p.timestamp + this.offset) >>> 0;
    return this.lastTs;
  }

  /** Forgets a source that stopped, so the next one takes over at once. */
  release(source: string) {
    this.voicedAt.delete(source);
    this.seenAt.delete(source);
  }
}
