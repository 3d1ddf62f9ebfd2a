/** RFC 4733 telephone-events: the digit of an event code. */
const DIGITS = '0123456789*#ABCD';

/**
 * Decodes DTMF digits from RFC 4733 packets. A sender repeats each event (growing duration, then the end
 * bit several times) with one RTP timestamp; the digit is reported once, at its first end packet.
 */
export class DtmfDecoder {
  private done = new Set<number>();
  private order: number[] = [];

  /** Feeds one telephone-event payload; answers the digit when an event ends now. */
  push(payload: Buffer, timestamp: number): string | undefined {
    if (payload.length < 4) return undefined;
    const event = payload[0]!;
    const end = (payload[1]! & 0x80) !== 0;
    if (!end || event >= DIGITS.length || this.done.has(timestamp)) return undefined;
    this.done.add(timestamp);
    this.order.push(timestamp);
    if (this.order.length > 32) this.done.delete(this.order.shift()!);
    return DIGITS[event];
  }
}

/** Encodes one telephone-event payload (for synthetic peers and tests). */
export function dtmfPayload(digit: string, end: boolean, duration: number, volume = 10) {
  const event = DIGITS.indexOf(digit.toUpperCase());
  if (event < 0) throw new Error(`not a DTMF digit: ${digit}`);
  const b = Buffer.alloc(4);
  b[0] = event;
  b[1] = (end ? 0x80 : 0) | (volume & 0x3f);
  b.writeUInt16BE(duration & 0xffff, 2);
  return b;
}

export const isDtmfDigit = (d: string) => d.length === 1 && DIGITS.includes(d.toUpperCase());
