import { buffer } from 'node:stream/consumers';
import { and, eq, inArray, lte } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, notFound } from '../../../platform/errors/index.js';
import { interactions, messages } from '../../interactions/index.js';
import type { ChannelAccount } from '../accounts.js';
import { PermanentDeliveryError, type ChannelAdapter, type ChannelContext, type Outbound } from '../adapter.js';
import type { InboundFile } from '../domain/inbound.js';
import { invalidSignature, registerEndpoints, metaHandshake, metaSignatureValid, permanentStatus, rawBody, webhookScope } from '../webhook.js';
import { parseWebhook, type MessengerFileRef, type MessengerWebhook } from './parse.js';

const GRAPH = 'https://graph.facebook.com';
const settings = z.object({
  apiBaseUrl: z.url().default(GRAPH),
  apiVersion: z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'like v21.0').default('v21.0'),
  pageId: z.string().regex(/^\d{5,30}$/, 'the Facebook page id').optional(),
}).strict();
const credentials = z.object({
  pageAccessToken: z.string().min(20).max(1024).optional(),
  appSecret: z.string().min(16).max(256).optional(),
  verifyToken: z.string().min(8).max(256).optional(),
}).strict();

const sendUrl = (a: ChannelAccount) => {
  const base = String(a.settings.apiBaseUrl ?? GRAPH).replace(/\/$/, '');
  return `${base}/${a.settings.apiVersion ?? 'v21.0'}/me/messages?access_token=${encodeURIComponent(String(a.credentials.pageAccessToken))}`;
};

async function post(a: ChannelAccount, body: RequestInit['body'], json: boolean) {
  const res = await fetch(sendUrl(a), { method: 'POST', body, ...(json ? { headers: { 'content-type': 'application/json' } } : {}) });
  const data = (await res.json().catch(() => ({}))) as { message_id?: string; error?: { message?: string; code?: number } };
  if (res.ok && data.message_id) return data.message_id;
  const message = `Messenger: ${data.error?.message ?? `HTTP ${res.status}`}${data.error?.code ? ` (code ${data.error.code})` : ''}`;
  if (permanentStatus(res.status)) throw new PermanentDeliveryError(message);
  throw new Error(message);
}

async function send(out: Outbound) {
  const a = out.account;
  if (!a.credentials.pageAccessToken) throw new PermanentDeliveryError('The Messenger page access token is not set', 'not_configured');
  let mid: string | undefined;
  if (out.message.body.trim()) {
    mid = await post(a, JSON.stringify({ recipient: { id: out.to }, messaging_type: 'RESPONSE', message: { text: out.message.body } }), true);
  }
  for (const f of out.files) {
    const type = f.contentType.startsWith('image/') ? 'image' : f.contentType.startsWith('audio/') ? 'audio' : f.contentType.startsWith('video/') ? 'video' : 'file';
    const form = new FormData();
    form.set('recipient', JSON.stringify({ id: out.to }));
    form.set('messaging_type', 'RESPONSE');
    form.set('message', JSON.stringify({ attachment: { type, payload: { is_reusable: false } } }));
    form.set('filedata', new Blob([await buffer(f.open())], { type: f.contentType }), f.fileName);
    mid = await post(a, form, false);
  }
  return { externalId: mid };
}

async function download(ref: MessengerFileRef): Promise<InboundFile> {
  const res = await fetch(ref.url);
  if (!res.ok) throw new Error(`Messenger attachment download: HTTP ${res.status}`);
  const type = res.headers.get('content-type')?.split(';')[0]?.trim();
  return { fileName: ref.fileName, contentType: type && type !== 'application/octet-stream' ? type : ref.contentType, content: Buffer.from(await res.arrayBuffer()) };
}

/** A read receipt: every page message of the conversation sent up to the watermark is read. */
async function markRead(ctx: ChannelContext, account: ChannelAccount, psid: string, watermark: Date) {
  const rows = await ctx.db.select({ id: messages.id }).from(messages).innerJoin(interactions, eq(interactions.id, messages.interactionId))
    .where(and(eq(messages.workspaceId, account.workspaceId), eq(interactions.workspaceId, account.workspaceId), eq(interactions.channelAccountId, account.id),
      eq(interactions.threadKey, psid), eq(messages.direction, 'outbound'), inArray(messages.deliveryStatus, ['sent', 'delivered']), lte(messages.createdAt, watermark)));
  for (const r of rows) await ctx.interactions.updateDelivery(account.workspaceId, { messageId: r.id }, 'read');
}

/**
 * Facebook Messenger (a page). Inbound: the Messenger Platform posts to
 * `/api/public/channels/messenger/<publicKey>/webhook` signed with `X-Hub-Signature-256`; the GET handshake
 * answers `hub.challenge`. Outbound: the Send API (`/me/messages`) with the page access token. Delivery
 * (`delivery.mids`) and read (`read.watermark`) receipts move the agent's messages forward.
 */
export const messenger: ChannelAdapter = {
  kind: 'messenger',
  settings,
  credentials,
  send,
  register(ctx) {
    registerEndpoints(ctx);
    const params = z.object({ key: z.string().min(8).max(64) });
    webhookScope(ctx.app, (app) => {
      app.get('/api/public/channels/messenger/:key/webhook', {
        config: { public: true }, schema: { tags: ['webhooks'], summary: 'Meta webhook verification', params, querystring: z.record(z.string(), z.string()) },
      }, async (req, reply) => {
        const account = await ctx.accounts.byPublicKey(req.params.key, 'messenger');
        if (!account) throw notFound('Channel');
        const challenge = metaHandshake(req.query, account.credentials.verifyToken as string | undefined);
        if (challenge === null) throw new AppError('verification_failed', 'The verify token does not match', 403);
        return reply.type('text/plain').send(challenge);
      });
      app.post('/api/public/channels/messenger/:key/webhook', {
        config: { public: true },
        schema: { tags: ['webhooks'], summary: 'Messenger Platform events', params, body: z.looseObject({ object: z.string(), entry: z.array(z.looseObject({})) }) },
      }, async (req, reply) => {
        const account = await ctx.accounts.byPublicKey(req.params.key, 'messenger');
        if (!account) throw notFound('Channel');
        if (!metaSignatureValid(rawBody(req), req.headers['x-hub-signature-256'], account.credentials.appSecret as string | undefined)) throw invalidSignature();
        const parsed = parseWebhook(req.body as unknown as MessengerWebhook, account.settings.pageId as string | undefined);
        for (const mid of parsed.delivered) await ctx.interactions.updateDelivery(account.workspaceId, { externalId: mid }, 'delivered');
        for (const r of parsed.read) await markRead(ctx, account, r.psid, r.watermark);
        let duplicate = false;
        for (const m of parsed.messages) {
          const files = await Promise.all(m.files.map(download));
          duplicate = (await ctx.inbox.receive(account, { ...m.message, files })).duplicate || duplicate;
        }
        return reply.send({ ok: true, messages: parsed.messages.length, duplicate });
      });
    });
  },
};
