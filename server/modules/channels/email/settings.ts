import { z } from 'zod';
import type { ChannelAccount } from '../accounts.js';

const host = z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address');
const port = z.number().int().min(1).max(65535);
const template = z.string().max(5000).optional();

/**
 * A mailbox's settings (one flat object, so the admin form can be built from it field by field).
 * The account's `address` is the mailbox address and its `name` the sender name of replies.
 *
 * - deliveryMode: `smtp` sends replies through the SMTP relay below; `log` keeps them as sent without
 *   sending (demo, trials). Default `smtp`.
 * - smtpHost / smtpPort (587) / smtpSecure (true = TLS from the start, port 465; false = STARTTLS when
 *   offered) / smtpUser: the relay for replies; the password is the `smtpPassword` credential.
 * - imapEnabled: also fetch mail from an existing mailbox; imapHost / imapPort (993) / imapSecure (true) /
 *   imapUser / imapFolder (INBOX) / imapPollSeconds (60): where and how often; password `imapPassword`.
 * - tlsVerify: check the servers' TLS certificates (default true; false only for self-signed test servers).
 * - autoAck: answer a customer's first message of a new contact with its case number (creates a case when
 *   the contact has none); ackTemplateEn / ackTemplateAr / ackTemplateAz: the text per language, with
 *   `{caseNumber}`, `{name}` and `{subject}` filled in (built-in texts when empty).
 */
export const emailSettings = z.object({
  deliveryMode: z.enum(['smtp', 'log']).default('smtp'),
  smtpHost: host.optional(),
  smtpPort: port.default(587),
  smtpSecure: z.boolean().default(false),
  smtpUser: z.string().max(255).optional(),
  imapEnabled: z.boolean().default(false),
  imapHost: host.optional(),
  imapPort: port.default(993),
  imapSecure: z.boolean().default(true),
  imapUser: z.string().max(255).optional(),
  imapFolder: z.string().min(1).max(255).default('INBOX'),
  imapPollSeconds: z.number().int().min(1).max(86_400).default(60),
  tlsVerify: z.boolean().default(true),
  autoAck: z.boolean().default(false),
  ackTemplateEn: template,
  ackTemplateAr: template,
  ackTemplateAz: template,
}).strict()
  .refine((s) => s.deliveryMode !== 'smtp' || !!s.smtpHost, { message: 'smtpHost is needed when deliveryMode is smtp', path: ['smtpHost'] })
  .refine((s) => !s.imapEnabled || (!!s.imapHost && !!s.imapUser), { message: 'imapHost and imapUser are needed when imapEnabled', path: ['imapHost'] });

export type EmailSettings = z.infer<typeof emailSettings>;

/** Passwords of the mailbox's servers: stored encrypted, never shown again. */
export const emailCredentials = z.object({
  smtpPassword: z.string().min(1).max(1024).optional(),
  imapPassword: z.string().min(1).max(1024).optional(),
}).strict();

/** The account's settings with defaults filled in (rows saved before a setting existed still read well). */
export function settingsOf(account: Pick<ChannelAccount, 'settings'>): EmailSettings {
  const r = emailSettings.safeParse(account.settings ?? {});
  if (r.success) return r.data;
  // Stored settings are validated on save; a row that no longer validates keeps its values over the defaults.
  const defaults = emailSettings.parse({ deliveryMode: 'log' });
  return { ...defaults, ...(account.settings as Partial<EmailSettings>) };
}

export const defaultAckTemplates = {
  en: 'Dear {name},\n\nThank you for writing to us. We have received your message "{subject}" and registered it as case #{caseNumber}. '
    + 'An agent will answer you as soon as possible. Please keep [#{caseNumber}] in the subject when you write about this again.\n\nThis is an automatic message.',
  ar: 'عزيزي/عزيزتي {name}،\n\nشكراً لتواصلك معنا. استلمنا رسالتك "{subject}" وسجّلناها برقم الحالة #{caseNumber}. '
    + 'سيرد عليك أحد موظفينا في أقرب وقت ممكن. يرجى إبقاء [#{caseNumber}] في عنوان الرسالة عند مراسلتنا بخصوصها.\n\nهذه رسالة تلقائية.',
  az: 'Hörmətli {name},\n\nBizə yazdığınız üçün təşəkkür edirik. "{subject}" mövzulu müraciətinizi aldıq və #{caseNumber} nömrəsi ilə qeydə aldıq. '
    + 'Əməkdaşımız ən qısa zamanda sizə cavab verəcək. Bu barədə yenidən yazanda mövzuda [#{caseNumber}] saxlayın.\n\nBu avtomatik məktubdur.',
} as const;

/** The acknowledgement text in the customer's language (English when it is none of the three). */
export function ackText(s: EmailSettings, language: string | null | undefined, vars: { caseNumber: number; name: string; subject: string }) {
  const lang = language === 'ar' || language === 'az' ? language : 'en';
  const custom = { en: s.ackTemplateEn, ar: s.ackTemplateAr, az: s.ackTemplateAz }[lang]?.trim();
  return (custom || defaultAckTemplates[lang])
    .replace(/\{caseNumber\}/g, String(vars.caseNumber)).replace(/\{name\}/g, vars.name).replace(/\{subject\}/g, vars.subject);
}
