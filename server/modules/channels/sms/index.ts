import { z } from 'zod';
import { AppError, notFound } from '../../../platform/errors/index.js';
import { safeEqual } from '../../../platform/secrets/index.js';
import type { ChannelAccount } from '../accounts.js';
import { PermanentDeliveryError, type ChannelAdapter, type ChannelContext, type Outbound } from '../adapter.js';
import type { InboundFile } from '../domain/inbound.js';
import { invalidSignature, registerEndpoints, permanentStatus, twilioSignature, webhookScope } from '../webhook.js';
import { parseIncoming, parseStatus, type TwilioMediaRef, type TwilioParams } from './parse.js';

const TWILIO = 'https://api.twilio.com';
const settings = z.object({
  apiBaseUrl: z.url().default(TWILIO),
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID (AC followed by 32 hex digits)').optional(),
  /** Ask Twilio for delivery receipts (StatusCallback to this account's webhook). */
  statusCallback: z.boolean().default(true),
}).strict();
const credentials = z.object({ authToken: z.string().min(16).max(128).optional() }).strict();

const base = (a: ChannelAccount) => String(a.settings.apiBaseUrl ?? TWILIO).replace(/\/$/, '');
const webhookPath = (a: Pick<ChannelAccount, 'publicKey'>) => `/api/public/channels/sms/${a.publicKey}/webhook`;
const basicAuth = (a: ChannelAccount) => `Basic ${Buffer.from(`${a.settings.accountSid}:${a.credentials.authToken}`).toString('base64')}`;
const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Sends one SMS through Twilio's Messages API; answers Twilio's message SID. */
export async function sendSms(account: ChannelAccount, publicUrl: string, to: string, body: string): Promise<string> {
  if (!account.settings.accountSid || !account.credentials.authToken) throw new PermanentDeliveryError('The SMS account SID or auth token is not set', 'not_configured');
  if (!account.address) throw new PermanentDeliveryError('The SMS channel has no sender number', 'not_configured');
  const form = new URLSearchParams({ To: to, From: account.address, Body: body });
  if (account.settings.statusCallback !== false) form.set('StatusCallback', `${publicUrl.replace(/\/$/, '')}${webhookPath(account)}`);
  const res = await fetch(`${base(account)}/2010-04-01/Accounts/${account.settings.accountSid}/Messages.json`, {
    method: 'POST', headers: { authorization: basicAuth(account), 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(),
  });
  const data = (await res.json().catch(() => ({}))) as { sid?: string; code?: number; message?: string };
  if (res.ok && data.sid) return data.sid;
  const message = `Twilio: ${data.message ?? `HTTP ${res.status}`}${data.code ? ` (error ${data.code})` : ''}`;
  if (permanentStatus(res.status)) throw new PermanentDeliveryError(message);
  throw new Error(message);
}

async function send(out: Outbound, ctx: ChannelContext) {
  const text = out.message.body.trim();
  if (!text) throw new PermanentDeliveryError('An SMS needs text', 'empty_message');
  const sid = await sendSms(out.account, ctx.config.publicUrl, out.to, out.message.body);
  return { externalId: sid };
}

/** Media of an MMS: only ever fetched from the configured API host, with the account's credentials. */
async function download(account: ChannelAccount, ref: TwilioMediaRef): Promise<InboundFile> {
  const u = new URL(ref.url);
  const res = await fetch(`${base(account)}${u.pathname}${u.search}`, { headers: { authorization: basicAuth(account) } });
  if (!res.ok) throw new Error(`Twilio media download: HTTP ${res.status}`);
  return { fileName: ref.fileName, contentType: res.headers.get('content-type')?.split(';')[0] || ref.contentType, content: Buffer.from(await res.arrayBuffer()) };
}

/**
 * SMS through Twilio (or any service with Twilio's API). Inbound: messages and status callbacks are posted
 * (form-encoded) to `/api/public/channels/sms/<publicKey>/webhook`, signed in `X-Twilio-Signature` over
 * PUBLIC_URL + path and the sorted parameters. Outbound: the Messages API with basic auth, a StatusCallback
 * to the same webhook for delivery receipts.
 */
export const sms: ChannelAdapter = {
  kind: 'sms',
  settings,
  credentials,
  send,
  register(ctx) {
    registerEndpoints(ctx);
    webhookScope(ctx.app, (app) => {
      app.post('/api/public/channels/sms/:key/webhook', {
        config: { public: true },
        schema: { tags: ['webhooks'], summary: 'Twilio messages and status callbacks', params: z.object({ key: z.string().min(8).max(64) }), body: z.record(z.string(), z.string()) },
      }, async (req, reply) => {
        const account = await ctx.accounts.byPublicKey(req.params.key, 'sms');
        if (!account) throw notFound('Channel');
        const token = account.credentials.authToken as string | undefined;
        const given = req.headers['x-twilio-signature'];
        const params = req.body as TwilioParams;
        // The URL Twilio called, as configured: the public URL and the path with its query string.
        const url = `${ctx.config.publicUrl.replace(/\/$/, '')}${req.url}`;
        if (!token || typeof given !== 'string' || !safeEqual(given, twilioSignature(token, url, params))) throw invalidSignature();
        const status = parseStatus(params);
        if (status) {
          await ctx.interactions.updateDelivery(account.workspaceId, { externalId: status.externalId }, status.status, { error: status.error });
          return reply.status(204).send();
        }
        const parsed = parseIncoming(params);
        if (!parsed) return reply.type('text/xml').send(twiml);
        const files = await Promise.all(parsed.media.map((m) => download(account, m)));
        try {
          await ctx.inbox.receive(account, { ...parsed.message, files });
        } catch (e) {
          if (e instanceof AppError && e.status === 422) {
            req.log.warn({ err: e, channel: account.id }, 'SMS refused');
            return reply.type('text/xml').send(twiml);
          }
          throw e;
        }
        return reply.type('text/xml').send(twiml);
      });
    });
  },
};
