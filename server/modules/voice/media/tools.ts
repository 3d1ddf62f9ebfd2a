import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Debian audio tools the voice module uses: prompts (espeak-ng), hold audio (sox), encoding and merging (ffmpeg). */
export type AudioTools = { ffmpeg: boolean; sox: boolean; espeak: boolean };

async function has(cmd: string, args: string[]) {
  try {
    await run(cmd, args, { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Which tools are installed; without ffmpeg there are no prompts and no recordings (calls still connect). */
export async function detectAudioTools(): Promise<AudioTools> {
  const [ffmpeg, sox, espeak] = await Promise.all([has('ffmpeg', ['-version']), has('sox', ['--version']), has('espeak-ng', ['--version'])]);
  return { ffmpeg, sox, espeak };
}
