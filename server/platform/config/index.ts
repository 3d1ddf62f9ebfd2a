import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting Tawasul reads from the environment: typed, described, defaulted. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port of the server and web app'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface to listen on; 0.0.0.0 to accept remote clients'),
  PUBLIC_URL: z.string().url().optional().describe('External URL of the server (links in emails); defaults to http://localhost:PORT'),
  DATA_DIR: z.string().min(1).default('./data').describe('Directory for the embedded database, attachments and the process lock'),
  DATABASE_URL: z.string().url().optional().describe('PostgreSQL >= 15 to use instead of the embedded database'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).refine((p) => p !== 5432, 'must not be 5432').default(54329)
    .describe('Loopback port of the embedded PostgreSQL'),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto')
    .describe('Seed the demo workspace on start: auto = only into an empty embedded database'),
  DEMO_PASSWORD: z.string().min(8).optional().describe('Password of the demo users; a random one is printed once if unset'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7).describe('Lifetime of a login session'),
  COOKIE_SECURE: bool.default(false).describe('Mark session cookies Secure (set true behind HTTPS)'),
  BODY_LIMIT_KB: z.coerce.number().int().min(16).default(1024).describe('Largest JSON request body'),
  ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(512).default(10).describe('Largest attachment'),
  ATTACHMENT_TYPES: z.string().default('image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,audio/mpeg,audio/wav,audio/ogg,audio/webm,video/mp4,application/zip,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .describe('Comma-separated MIME types accepted as attachments'),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10).describe('Failed logins allowed per email and address in LOGIN_WINDOW_MINUTES'),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15).describe('Window of the login rate limit'),
  SECRET_KEY: z.string().min(32).optional()
    .describe('Master key for signed links and encrypted channel credentials (at least 32 characters); generated and kept in the database if unset'),
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525)
    .describe('Port of the built-in SMTP server that receives email for the configured mailboxes (0 = off)'),
  SMTP_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the built-in SMTP server listens on'),
  SMTP_MAX_MB: z.coerce.number().int().min(1).max(100).default(25).describe('Largest email the built-in SMTP server accepts (MB)'),
  TRANSCRIPT_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL').optional()
    .describe('SMTP relay for chat transcripts visitors ask for by email, e.g. smtp://user:pass@relay:587 (unset = no transcripts)'),
  TRANSCRIPT_FROM: z.string().min(3).default('Tawasul <no-reply@localhost>').describe('Sender address of chat transcripts'),
  VOICE_MEDIA_HOST: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'an IPv4 address').default('127.0.0.1')
    .describe('IPv4 address the voice media relay listens on and offers to browsers (WebRTC host candidates); a public address for remote callers'),
  VOICE_PORT_RANGE: z.string().regex(/^\d{4,5}-\d{4,5}$/, 'as min-max, e.g. 40000-40999').optional()
    .describe('UDP ports of the voice media relay (unset = any free port)'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(20).describe('Connections each server copy keeps to PostgreSQL'),
  REALTIME_RETENTION_HOURS: z.coerce.number().int().min(1).default(72).describe('How long realtime events are kept for clients that reconnect'),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string; publicUrl: string; attachmentTypes: string[] };

export class ConfigError extends Error {}

/** Validates the environment once at boot; a bad value stops the start with a clear message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in configSchema.shape && v !== '' && v !== undefined));
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    dataDir: path.resolve(c.DATA_DIR),
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    attachmentTypes: c.ATTACHMENT_TYPES.split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/** Documentation rows for the README and `tawasul config`. */
export function describeConfig(): { name: string; default: string; description: string }[] {
  return Object.entries(configSchema.shape).map(([name, schema]) => {
    const parsed = (schema as z.ZodType).safeParse(undefined);
    return {
      name,
      default: parsed.success && parsed.data !== undefined ? String(parsed.data) : '(unset)',
      description: (schema as z.ZodType).description ?? '',
    };
  });
}
