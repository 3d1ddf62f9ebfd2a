import { z } from 'zod';
import { channels } from '../interactions/schema.js';

/** Channels a CSAT survey can go out on: the chat's own prompt, or a link by email or message. */
export const surveyChannels = ['chat', 'email', 'sms', 'whatsapp', 'telegram', 'messenger'] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM');
const endAction = z.enum(['callback', 'voicemail', 'leave_message', 'disconnect']);
const seconds = z.number().int().min(0).max(7 * 86400);

/** Routing settings of a queue: strategy, skills, timeouts, service level, business hours, overflow steps. */
export const queueSettingsSchema = z.object({
  strategy: z.enum(['longest_idle', 'least_busy', 'round_robin', 'best_skill']).default('longest_idle'),
  requiredSkills: z.array(z.object({ skill: z.string().trim().min(1).max(60), minLevel: z.number().int().min(1).max(5) })).max(20).default([]),
  serviceLevel: z.object({ percent: z.number().min(1).max(100), seconds: z.number().int().min(1).max(3600) }).default({ percent: 80, seconds: 20 }),
  acceptTimeoutSeconds: z.partialRecord(z.enum(channels), z.number().int().min(2).max(600)).default({}),
  maxMissedOffers: z.number().int().min(1).max(20).default(3),
  agingPerMinute: z.number().min(0).max(100).default(0),
  preferredAgentSeconds: z.number().int().min(0).max(3600).default(30),
  maxWaitSeconds: seconds.optional(),
  expireAction: endAction.default('voicemail'),
  afterContactWorkSeconds: z.number().int().min(0).max(3600).default(30),
  closedAction: z.union([z.literal('queue'), endAction]).default('leave_message'),
  hours: z.object({
    timezone: z.string().min(1).max(60).refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Asia/Baku'),
    weekly: z.array(z.object({ day: z.number().int().min(0).max(6), open: hhmm, close: hhmm })).max(50),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(366).default([]),
  }).nullable().default(null),
  overflow: z.array(z.discriminatedUnion('action', [
    z.object({ afterSeconds: seconds, action: z.literal('relax_skills'), by: z.number().int().min(1).max(4).optional() }),
    z.object({ afterSeconds: seconds, action: z.literal('add_queue'), queueId: z.uuid() }),
    z.object({ afterSeconds: seconds, action: z.enum(['callback', 'voicemail', 'leave_message']) }),
  ])).max(10).default([]),
  /** CSAT survey after a resolved contact: on/off, at most once per customer every N days, link valid for M days. */
  csat: z.object({
    enabled: z.boolean().default(true),
    minDaysBetween: z.number().int().min(0).max(365).default(7),
    linkDays: z.number().int().min(1).max(90).default(7),
    /** The channels whose contacts are asked (the survey goes out on the contact's own channel). */
    channels: z.array(z.enum(surveyChannels)).max(surveyChannels.length).transform((c) => [...new Set(c)]).default([...surveyChannels]),
  }).default({ enabled: true, minDaysBetween: 7, linkDays: 7, channels: [...surveyChannels] }),
});

export type QueueSettings = z.infer<typeof queueSettingsSchema>;

/** Settings as stored (possibly partial or from an older version) with every default filled. */
export function readQueueSettings(raw: unknown): QueueSettings {
  const parsed = queueSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : queueSettingsSchema.parse({});
}
