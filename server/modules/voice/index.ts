import type { ModuleContext } from '../../platform/module.js';
import { detectAudioTools } from './media/tools.js';
import { PromptLibrary } from './media/prompts.js';
import { voiceRoutes } from './routes.js';
import { VoiceService, type VoiceDeps } from './service.js';
import { voiceCredentials, voiceSettings } from './settings.js';

export { voiceSettings, readVoiceSettings, voiceLanguages, type VoiceSettings } from './settings.js';
export type { VoiceService } from './service.js';

const RETENTION_JOB = 'voice-recording-retention';
const RETENTION_EVERY_MS = 6 * 3600_000;

/** The channel kind `voice`: an entry point's settings (IVR, queue, recording) live with this module. */
export const voiceAdapter = {
  kind: 'voice' as const,
  settings: voiceSettings as unknown as import('zod').ZodType<Record<string, unknown>>,
  credentials: voiceCredentials as unknown as import('zod').ZodType<Record<string, unknown>>,
};

/**
 * Registers voice: the public call API and websocket, the agent softphone and supervisor API, the
 * in-process media relay and the recording retention job. Without ffmpeg calls still connect, with no
 * prompts, hold audio or recordings.
 */
export function register(ctx: ModuleContext, deps: VoiceDeps) {
  const host = ctx.config.VOICE_MEDIA_HOST;
  const range = ctx.config.VOICE_PORT_RANGE?.split('-').map(Number) as [number, number] | undefined;
  const prompts = new PromptLibrary(ctx.config.dataDir, { ffmpeg: false, sox: false, espeak: false });
  const service = new VoiceService(ctx, deps, { host, portRange: range }, prompts);
  voiceRoutes(ctx.app, service);
  ctx.jobs.define(RETENTION_JOB, { retryLimit: 2 }, async () => {
    const removed = await service.applyRetention();
    if (removed) ctx.log.info({ removed }, 'old call recordings deleted');
    await ctx.jobs.send(RETENTION_JOB, {}, { singletonKey: `${RETENTION_JOB}:${Math.floor(Date.now() / RETENTION_EVERY_MS) + 1}`, startAfter: new Date(Date.now() + RETENTION_EVERY_MS) });
  });
  ctx.app.addHook('onReady', async () => {
    const tools = await detectAudioTools();
    Object.assign(prompts.tools, tools);
    const missing = Object.entries({ ffmpeg: tools.ffmpeg, sox: tools.sox, 'espeak-ng': tools.espeak }).filter(([, ok]) => !ok).map(([n]) => n);
    if (missing.length) {
      ctx.log.warn({ missing }, `voice: ${missing.join(', ')} not installed; ${tools.ffmpeg ? 'spoken prompts are off' : 'prompts, hold audio and call recording are off'} (apt-get install ffmpeg sox espeak-ng)`);
    }
    service.start();
    // Ready before the first caller waits: the hold loop and the voicemail tone.
    void Promise.all([prompts.hold(), prompts.beep()]).catch((err) => ctx.log.warn({ err }, 'voice: hold audio not prepared'));
    void ctx.jobs.send(RETENTION_JOB, {}, { singletonKey: `${RETENTION_JOB}:${Math.floor(Date.now() / RETENTION_EVERY_MS)}` }).catch((err) => ctx.log.warn({ err }, 'voice retention job not queued'));
  });
  ctx.app.addHook('onClose', () => service.stop());
  return service;
}
