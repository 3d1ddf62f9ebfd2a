/**
 * Ogg Opus in and out (RFC 7845), enough for prompts and per-leg recordings: the reader returns the
 * Opus packets of a file (after the OpusHead and OpusTags headers); the writer puts one packet per page.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

function oggCrc(buf: Buffer) {
  let crc = 0;
  for (const b of buf) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) & 0xff) ^ b]!) >>> 0;
  return crc;
}

/** The Opus packets of an Ogg Opus file, headers skipped. Throws on something that is not Ogg Opus. */
export function readOggOpus(file: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  let pos = 0;
  while (pos + 27 <= file.length) {
    if (file.toString('latin1', pos, pos + 4) !== 'OggS') throw new Error('not an Ogg file');
    const segments = file[pos + 26]!;
    const table = file.subarray(pos + 27, pos + 27 + segments);
    let data = pos + 27 + segments;
    for (const len of table) {
      partial.push(file.subarray(data, data + len));
      data += len;
      if (len < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    pos = data;
  }
  if (packets[0]?.toString('latin1', 0, 8) !== 'OpusHead') throw new Error('not an Ogg Opus file');
  return packets.slice(2);
}

/** Writes a mono Ogg Opus stream, one packet per page; `granule` is the position in 48 kHz samples. */
export class OggOpusWriter {
  private seq = 0;
  private serial = (Math.random() * 0xffffffff) >>> 0;
  private granule = 0n;

  constructor(private out: (chunk: Buffer) => void) {
    const head = Buffer.alloc(19);
    head.write('OpusHead', 0, 'latin1');
    head[8] = 1; // version
    head[9] = 1; // channels
    head.writeUInt16LE(0, 10); // pre-skip
    head.writeUInt32LE(48000, 12);
    head.writeInt16LE(0, 16);
    head[18] = 0; // mapping family
    this.page(head, 2);
    const vendor = Buffer.from('tawasul');
    const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
    tags.write('OpusTags', 0, 'latin1');
    tags.writeUInt32LE(vendor.length, 8);
    vendor.copy(tags, 12);
    tags.writeUInt32LE(0, 12 + vendor.length);
    this.page(tags, 0);
  }

  /** One Opus packet lasting `samples` (48 kHz). */
  write(packet: Buffer, samples: number) {
    this.granule += BigInt(samples);
    this.page(packet, 0);
  }

  end() {
    this.page(Buffer.alloc(0), 4);
  }

  private page(packet: Buffer, flags: number) {
    const lacing: number[] = [];
    let n = packet.length;
    while (n >= 255) {
      lacing.push(255);
      n -= 255;
    }
    lacing.push(n);
    const header = Buffer.alloc(27 + lacing.length);
    header.write('OggS', 0, 'latin1');
    header[4] = 0;
    header[5] = flags;
    header.writeBigUInt64LE(flags & 2 ? 0n : this.granule, 6);
    header.writeUInt32LE(this.serial, 14);
    header.writeUInt32LE(this.seq++, 18);
    header[26] = lacing.length;
    lacing.forEach((l, i) => (header[27 + i] = l));
    const page = Buffer.concat([header, packet]);
    page.writeUInt32LE(oggCrc(page), 22);
    this.out(page);
  }
}

/** Samples (48 kHz) in one Opus packet, from its TOC byte (RFC 6716 §3.1). */
export function opusSamples(packet: Buffer): number {
  if (!packet.length) return 0;
  const toc = packet[0]!;
  const config = toc >> 3;
  const frame = config < 12 ? [480, 960, 1920, 2880][config & 3]! : config < 16 ? [480, 960][config & 1]! : [120, 240, 480, 960][config & 3]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return frame * frames;
}

/** A 20 ms Opus packet of silence (CELT, mono), used to fill gaps so legs stay aligned in time. */
export const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
