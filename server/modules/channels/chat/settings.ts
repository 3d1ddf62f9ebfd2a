import { z } from 'zod';

/** Languages the widget speaks (its strings ship inside the bundle). */
export const widgetLanguages = ['en', 'ar', 'az'] as const;
export type WidgetLanguage = (typeof widgetLanguages)[number];

const field = z.enum(['off', 'optional', 'required']);
const localized = z.partialRecord(z.enum(widgetLanguages), z.string().trim().max(500));

/**
 * Settings of a website (chat) channel: the pre-chat form, topics mapped to queues, and the look and
 * wording per language. Admins edit them; the widget reads the public part from `/api/public/chat/:key/config`.
 */
export const chatSettings = z.object({
  languages: z.array(z.enum(widgetLanguages)).min(1).max(3).default(['en', 'ar', 'az']),
  defaultLanguage: z.enum(widgetLanguages).default('en'),
  form: z.object({
    name: field.default('required'),
    email: field.default('optional'),
    phone: field.default('off'),
    topic: field.default('optional'),
    /** Whether the visitor picks a language in the form (it is always detected and switchable in the header). */
    language: z.enum(['off', 'optional']).default('optional'),
  }).strict().default({ name: 'required', email: 'optional', phone: 'off', topic: 'optional', language: 'optional' }),
  /** Topics the visitor chooses from; each goes to its queue (the channel's queue when none). */
  topics: z.array(z.object({
    id: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ or -'),
    label: localized,
    queueId: z.uuid().nullable().default(null),
  }).strict()).max(20).default([]),
  /** Accent colour of the widget (header, buttons, the visitor's bubbles). */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb').default('#1c6dd0'),
  /** A colour per language, for sites whose brand differs by market. */
  colors: localized.default({}),
  position: z.enum(['right', 'left']).default('right'),
  title: localized.default({}),
  greeting: localized.default({}),
  offlineMessage: localized.default({}),
  attachments: z.boolean().default(true),
  rating: z.boolean().default(true),
  transcript: z.boolean().default(true),
}).strict();

export type ChatSettings = z.infer<typeof chatSettings>;

/** Secrets of a website channel: the key the site's backend signs logged-in users' ids with. */
export const chatCredentials = z.object({
  identitySecret: z.string().min(16).max(200).optional(),
}).strict();

/** Settings as stored, with every default filled (an older or partial value still works). */
export function readChatSettings(raw: unknown): ChatSettings {
  const r = chatSettings.safeParse(raw ?? {});
  return r.success ? r.data : chatSettings.parse({});
}
