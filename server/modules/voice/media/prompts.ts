import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { readOggOpus } from './ogg.js';
import type { AudioTools } from './tools.js';

const run = promisify(execFile);
const OPUS = ['-ar', '48000', '-ac', '1', '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', '-application', 'voip'];
/** espeak-ng voice per prompt language. */
const VOICES: Record<string, string> = { en: 'en', ar: 'ar', az: 'az' };

/**
 * Prompts as Opus frames ready to send: text spoken by espeak-ng, an uploaded audio file, or the hold
 * audio loop, each encoded once (ffmpeg) and cached by the hash of what made it under `<dataDir>/voice/prompts`.
 */
export class PromptLibrary {
  private memory = new Map<string, Promise<Buffer[]>>();
  private dir: string;

  constructor(dataDir: string, readonly tools: AudioTools) {
    this.dir = path.join(dataDir, 'voice', 'prompts');
  }

  get canSpeak() {
    return this.tools.ffmpeg && this.tools.espeak;
  }

  get canPlay() {
    return this.tools.ffmpeg;
  }

  /** The frames of `text` spoken in `language`; empty when the tools are missing or the text is empty. */
  speech(text: string, language: string): Promise<Buffer[]> {
    const t = text.trim();
    if (!t || !this.canSpeak) return Promise.resolve([]);
    const voice = VOICES[language] ?? 'en';
    return this.cached(`tts|${voice}|${t}`, async (wav) => {
      await run('espeak-ng', ['-v', voice, '-s', '160', '-w', wav, t], { timeout: 30_000 });
    });
  }

  /** The hold audio: a soft two-tone chime loop (sox), or a plain tone (ffmpeg) without sox. */
  hold(): Promise<Buffer[]> {
    if (!this.canPlay) return Promise.resolve([]);
    return this.cached(`hold|v1|${this.tools.sox}`, async (wav) => {
      if (this.tools.sox) {
        await run('sox', ['-n', '-r', '48000', '-c', '1', wav, 'synth', '0.6', 'sine', '523.25', 'sine', '659.25', 'fade', 'q', '0.05', '0.6', '0.2',
          'repeat', '1', 'vol', '0.35', 'pad', '0', '0.8'], { timeout: 30_000 });
      } else {
        await run('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=523:duration=2', '-af', 'volume=0.35', wav], { timeout: 30_000 });
      }
    });
  }

  /** The tone before a voicemail is recorded. */
  beep(): Promise<Buffer[]> {
    if (!this.canPlay) return Promise.resolve([]);
    return this.cached('beep|v1', async (wav) => {
      await run('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=1000:duration=0.4', '-af', 'volume=0.5', wav], { timeout: 30_000 });
    });
  }

  /** An uploaded audio file (any format ffmpeg reads) as prompt frames. */
  file(source: string): Promise<Buffer[]> {
    if (!this.canPlay) return Promise.resolve([]);
    return this.cached(`file|${source}`, async (wav) => {
      await run('ffmpeg', ['-y', '-loglevel', 'error', '-i', source, '-ar', '48000', '-ac', '1', wav], { timeout: 60_000 });
    });
  }

  private cached(key: string, make: (wav: string) => Promise<void>): Promise<Buffer[]> {
    let p = this.memory.get(key);
    if (!p) {
      p = this.load(key, make);
      p.catch(() => this.memory.delete(key));
      this.memory.set(key, p);
    }
    return p;
  }

  private async load(key: string, make: (wav: string) => Promise<void>) {
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
    const ogg = path.join(this.dir, `${hash}.ogg`);
    if (!(await stat(ogg).catch(() => undefined))) {
      await mkdir(this.dir, { recursive: true });
      const tmp = `${ogg}.${process.pid}.${Date.now()}`;
      try {
        await make(`${tmp}.wav`);
        await run('ffmpeg', ['-y', '-loglevel', 'error', '-i', `${tmp}.wav`, ...OPUS, '-f', 'ogg', tmp], { timeout: 60_000 });
        await rename(tmp, ogg);
      } finally {
        await rm(`${tmp}.wav`, { force: true });
        await rm(tmp, { force: true });
      }
    }
    return readOggOpus(await readFile(ogg));
  }
}
