import { execFile } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { promisify } from 'node:util';
import type { AudioPacket, Leg } from './leg.js';
import { OggOpusWriter, OPUS_SILENCE, opusSamples } from './ogg.js';

const run = promisify(execFile);
const SAMPLES_PER_MS = 48;

/**
 * Records what one leg says to an Ogg Opus file, on the wall clock from `startedAt`: gaps (hold, packet
 * loss, silence suppression) are filled with silent frames, so the files of a call's legs line up.
 */
export class LegRecorder {
  private out: WriteStream;
  private ogg: OggOpusWriter;
  private written = 0;
  private off: () => void;
  private stopped = false;

  constructor(readonly file: string, leg: Leg, private startedAt = performance.now()) {
    this.out = createWriteStream(file);
    this.ogg = new OggOpusWriter((c) => this.out.write(c));
    this.off = leg.onRtp((p) => this.push(p));
  }

  /** Records another leg from now on (the next agent after a transfer), on the same timeline. */
  follow(leg: Leg) {
    this.off();
    this.off = leg.onRtp((p) => this.push(p));
  }

  private fill(until: number) {
    while (this.written + 960 <= until) {
      this.ogg.write(OPUS_SILENCE, 960);
      this.written += 960;
    }
  }

  push(p: AudioPacket, now = performance.now()) {
    if (this.stopped) return;
    const expected = (now - this.startedAt) * SAMPLES_PER_MS;
    // More than two frames behind the clock: the party was silent or packets were lost.
    if (this.written < expected - 1920) this.fill(expected - 960);
    const n = opusSamples(p.payload) || 960;
    this.ogg.write(p.payload, n);
    this.written += n;
  }

  /** Pads to the stop time and closes the file. */
  async stop(now = performance.now()) {
    if (this.stopped) return;
    this.stopped = true;
    this.off();
    this.fill((now - this.startedAt) * SAMPLES_PER_MS);
    this.ogg.end();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** Merges two mono recordings into one stereo Ogg Opus file: channel 0 `left` (customer), 1 `right` (agent). */
export async function mergeStereo(left: string, right: string, out: string) {
  await run('ffmpeg', ['-y', '-loglevel', 'error', '-i', left, '-i', right, '-filter_complex', '[0:a][1:a]amerge=inputs=2[a]',
    '-map', '[a]', '-ac', '2', '-c:a', 'libopus', '-b:a', '64k', out], { timeout: 120_000 });
}
