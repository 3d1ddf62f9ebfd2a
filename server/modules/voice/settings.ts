import { z } from 'zod';

/** Languages of voice prompts (espeak-ng voices `en`, `ar`, `az`). */
export const voiceLanguages = ['en', 'ar', 'az'] as const;
export type VoiceLanguage = (typeof voiceLanguages)[number];

const localized = z.partialRecord(z.enum(voiceLanguages), z.string().trim().max(1000));
export const menuActions = ['queue', 'language', 'callback', 'voicemail', 'repeat'] as const;

/**
 * Settings of a voice entry point (a channel account of kind `voice`): the IVR greeting and menu per
 * language, the closed message (business hours come from the queue), queue announcements, recording with
 * its consent prompt, voicemail and how long recordings are kept.
 */
export const voiceSettings = z.object({
  /** The queue calls go to when the menu does not name one (the account's queue when unset). */
  queueId: z.uuid().nullable().default(null),
  languages: z.array(z.enum(voiceLanguages)).min(1).max(3).default(['en', 'ar', 'az']),
  greeting: localized.default({}),
  menu: z.array(z.object({
    digit: z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #'),
    action: z.enum(menuActions),
    queueId: z.uuid().nullable().optional(),
    language: z.enum(voiceLanguages).optional(),
  }).strict()).max(12).default([])
    .refine((m) => new Set(m.map((x) => x.digit)).size === m.length, 'each key once'),
  closedMessage: localized.default({}),
  /** Seconds between announcements of the caller's place in the queue and estimated wait (0 = never). */
  announceEverySeconds: z.number().int().min(0).max(600).default(30),
  recording: z.object({ enabled: z.boolean().default(false), consent: localized.default({}) }).strict().default({ enabled: false, consent: {} }),
  voicemail: z.boolean().default(false),
  /** Days recordings and voicemails are kept (0 = forever). */
  retentionDays: z.number().int().min(0).max(3650).default(90),
}).strict();

export type VoiceSettings = z.infer<typeof voiceSettings>;

/** Secrets of a voice entry point: none yet (a SIP trunk will have some). */
export const voiceCredentials = z.object({}).strict();

/** Settings as stored, with every default filled. */
export function readVoiceSettings(raw: unknown): VoiceSettings {
  const r = voiceSettings.safeParse(raw ?? {});
  return r.success ? r.data : voiceSettings.parse({});
}
