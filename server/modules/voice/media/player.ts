import type { Leg } from './leg.js';
import { FRAME_MS, pacer, type Paced } from './pacer.js';

/**
 * Plays pre-encoded Opus frames (a prompt, hold audio) to a leg at 20 ms a frame. `done` resolves when a
 * one-shot prompt ends or the player is stopped.
 */
export class PromptPlayer implements Paced {
  private sent = 0;
  private startedAt = 0;
  private timestamp = Math.floor(Math.random() * 1e6);
  private finish!: (completed: boolean) => void;
  /** Resolves true when a one-shot prompt played to its end, false when it was stopped. */
  readonly done = new Promise<boolean>((r) => (this.finish = r));
  private stopped = false;

  constructor(private frames: Buffer[], private leg: Leg, private opts: { loop?: boolean; source: string }) {}

  start() {
    if (!this.frames.length) {
      this.stop(true);
      return this;
    }
    this.startedAt = performance.now();
    pacer.add(this);
    return this;
  }

  tick(now: number) {
    if (this.leg.closed) return this.stop();
    const due = Math.floor((now - this.startedAt) / FRAME_MS) + 1;
    while (this.sent < due) {
      if (!this.opts.loop && this.sent >= this.frames.length) return this.stop(true);
      const payload = this.frames[this.sent % this.frames.length]!;
      this.timestamp = (this.timestamp + 960) >>> 0;
      this.leg.sendRtp({ payload, timestamp: this.timestamp, marker: this.sent === 0 }, this.opts.source);
      this.sent++;
    }
  }

  stop(completed = false) {
    if (this.stopped) return;
    this.stopped = true;
    pacer.remove(this);
    this.leg.release?.(this.opts.source);
    this.finish(completed);
  }
}
