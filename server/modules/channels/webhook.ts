import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { principal } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams } from '../../platform/http/schemas.js';
import type { ChannelContext } from './adapter.js';
import { AppError } from '../../platform/errors/index.js';
import { safeEqual } from '../../platform/secrets/index.js';

const raw = new WeakMap<object, Buffer>();

/** The request body exactly as the provider sent it (only inside a `webhookScope`). */
export function rawBody(req: FastifyRequest): Buffer {
  return raw.get(req.raw) ?? Buffer.alloc(0);
}

const badBody = (message: string) => Object.assign(new Error(message), { statusCode: 400, code: 'invalid_body' });

/**
 * Registers provider webhooks in their own Fastify scope whose JSON and form parsers keep the raw bytes,
 * because signatures are computed over the body as sent (re-serialising parsed JSON would not match).
 */
export function webhookScope(app: ZodApp, routes: (scope: ZodApp) => void) {
  app.register(async (scope) => {
    const s = scope as unknown as ZodApp;
    s.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded']);
    s.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'buffer' }, (req, body, done) => {
      const buf = body as Buffer;
      raw.set(req.raw, buf);
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'application/x-www-form-urlencoded') {
        done(null, Object.fromEntries(new URLSearchParams(buf.toString('utf8'))));
        return;
      }
      if (!buf.length) return done(badBody('The request body is empty'), undefined);
      try {
        done(null, JSON.parse(buf.toString('utf8')));
      } catch {
        done(badBody('The request body is not valid JSON'), undefined);
      }
    });
    routes(s);
  });
}

export const invalidSignature = () => new AppError('invalid_signature', 'The request signature does not match', 401);

/** Meta (WhatsApp Cloud API, Messenger): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`. */
export function metaSignatureValid(body: Buffer, header: unknown, appSecret: string | undefined) {
  if (!appSecret || typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
  return safeEqual(header.toLowerCase(), expected);
}

/** Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1 of the full URL followed by each POST parameter (sorted by name) as name+value. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>) {
  const data = Object.keys(params).sort().reduce((s, k) => s + k + params[k], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The Meta GET handshake: echoes `hub.challenge` when the mode is subscribe and the verify token matches. */
export function metaHandshake(query: Record<string, unknown>, verifyToken: string | undefined): string | null {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || !verifyToken || !safeEqual(token, verifyToken)) return null;
  return challenge;
}

/** A provider HTTP answer: 4xx that no retry can change is permanent (except 408 and 429). */
export const permanentStatus = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

const endpointsRegistered = new WeakSet<object>();

/**
 * `GET /api/channels/:id/endpoints`: the addresses of a channel as the outside world must use them, built
 * from PUBLIC_URL (Twilio signs the exact URL it calls): the provider webhook and the public pages.
 * Registered once, by whichever webhook adapter starts first.
 */
export function registerEndpoints(ctx: ChannelContext) {
  if (endpointsRegistered.has(ctx.app)) return;
  endpointsRegistered.add(ctx.app);
  const webhookKinds = new Set(['sms', 'whatsapp', 'messenger', 'telegram']);
  ctx.app.get('/api/channels/:id/endpoints', {
    config: { roles: ['admin', 'supervisor'] },
    schema: { tags: ['channels'], summary: 'The channel\'s webhook URL and public pages (from PUBLIC_URL)', params: idParams },
  }, async (req) => {
    const a = await ctx.accounts.get(principal(req).workspaceId, req.params.id);
    const base = ctx.config.publicUrl.replace(/\/$/, '');
    const key = encodeURIComponent(a.publicKey);
    return {
      publicUrl: base,
      webhookUrl: webhookKinds.has(a.kind) ? `${base}/api/public/channels/${a.kind}/${key}/webhook` : null,
      pages: a.kind === 'form' ? { form: `${base}/f/${key}` } : a.kind === 'walk_in' ? { kiosk: `${base}/kiosk/${key}`, display: `${base}/display/${key}` } : {},
    };
  });
}
