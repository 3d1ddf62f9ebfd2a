import { buffer } from 'node:stream/consumers';
import { and, eq, max } from 'drizzle-orm';
import { z } from 'zod';
import { principal, staff } from '../../../platform/auth/index.js';
import { AppError, invalid, notFound } from '../../../platform/errors/index.js';
import { idParams } from '../../../platform/http/schemas.js';
import { interactions, messages, type InteractionRow, type OutboundInput } from '../../interactions/index.js';
import type { ChannelAccount } from '../accounts.js';
import { PermanentDeliveryError, type ChannelAdapter, type ChannelContext, type Outbound } from '../adapter.js';
import type { InboundFile } from '../domain/inbound.js';
import { invalidSignature, registerEndpoints, metaHandshake, metaSignatureValid, permanentStatus, rawBody, webhookScope } from '../webhook.js';
import { parseWebhook, windowState, type WhatsAppMediaRef, type WhatsAppWebhook } from './parse.js';

const GRAPH = 'https://graph.facebook.com';
const template = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _'),
  language: z.string().min(2).max(15),
  /** How many {{n}} parameters the body takes. */
  params: z.number().int().min(0).max(20).default(0),
  /** The approved body text, shown to agents ({{1}}, {{2}} … for the parameters). */
  text: z.string().max(1024).optional(),
}).strict();
export type WhatsAppTemplate = z.infer<typeof template>;
const settings = z.object({
  apiBaseUrl: z.url().default(GRAPH),
  apiVersion: z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'like v21.0').default('v21.0'),
  phoneNumberId: z.string().regex(/^\d{5,30}$/, 'the phone number id from WhatsApp Manager').optional(),
  businessAccountId: z.string().regex(/^\d{5,30}$/).optional(),
  templates: z.array(template).max(200).default([]),
  /** The approved template (one parameter: the link) that carries the CSAT survey outside the 24-hour window. */
  surveyTemplate: z.string().regex(/^[a-z0-9_]{1,512}$/).nullable().optional(),
}).strict();
const credentials = z.object({
  accessToken: z.string().min(20).max(1024).optional(),
  appSecret: z.string().min(16).max(256).optional(),
  verifyToken: z.string().min(8).max(256).optional(),
}).strict();

const graph = (a: ChannelAccount) => `${String(a.settings.apiBaseUrl ?? GRAPH).replace(/\/$/, '')}/${a.settings.apiVersion ?? 'v21.0'}`;
const bearer = (a: ChannelAccount) => ({ authorization: `Bearer ${a.credentials.accessToken}` });
type GraphError = { error?: { message?: string; code?: number; error_subcode?: number } };

async function graphCall<T>(a: ChannelAccount, path: string, init: RequestInit): Promise<T> {
  if (!a.credentials.accessToken) throw new PermanentDeliveryError('The WhatsApp access token is not set', 'not_configured');
  const res = await fetch(`${graph(a)}${path}`, { ...init, headers: { ...bearer(a), ...(init.headers as Record<string, string>) } });
  const data = (await res.json().catch(() => ({}))) as T & GraphError;
  if (res.ok && !data.error) return data;
  const message = `WhatsApp: ${data.error?.message ?? `HTTP ${res.status}`}${data.error?.code ? ` (code ${data.error.code})` : ''}`;
  if (permanentStatus(res.status)) throw new PermanentDeliveryError(message);
  throw new Error(message);
}

const mediaKind = (type: string) => (type.startsWith('image/') && type !== 'image/gif' ? 'image' : type.startsWith('audio/') ? 'audio' : type === 'video/mp4' ? 'video' : 'document');

async function send(out: Outbound) {
  const a = out.account;
  if (!a.settings.phoneNumberId) throw new PermanentDeliveryError('The WhatsApp phone number id is not set', 'not_configured');
  const path = `/${a.settings.phoneNumberId}/messages`;
  const post = (body: Record<string, unknown>) => graphCall<{ messages?: { id: string }[] }>(a, path, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: out.to, ...body }),
  });
  const tpl = out.message.meta?.template as OutboundInput['template'];
  let last: { messages?: { id: string }[] } = {};
  if (tpl) {
    last = await post({
      type: 'template',
      template: {
        name: tpl.name, language: { code: tpl.language },
        ...(tpl.params.length ? { components: [{ type: 'body', parameters: tpl.params.map((text) => ({ type: 'text', text })) }] } : {}),
      },
    });
  } else if (out.message.body.trim()) {
    last = await post({ type: 'text', text: { preview_url: false, body: out.message.body } });
  }
  for (const f of out.files) {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', f.contentType);
    form.set('file', new Blob([await buffer(f.open())], { type: f.contentType }), f.fileName);
    const up = await graphCall<{ id: string }>(a, `/${a.settings.phoneNumberId}/media`, { method: 'POST', body: form });
    const kind = mediaKind(f.contentType);
    last = await post({ type: kind, [kind]: { id: up.id, ...(kind === 'document' ? { filename: f.fileName } : {}) } });
  }
  return { externalId: last.messages?.[0]?.id };
}

/** Media: `GET /{media-id}` answers a short-lived url, fetched with the same bearer token. */
async function download(a: ChannelAccount, ref: WhatsAppMediaRef): Promise<InboundFile> {
  const meta = await graphCall<{ url?: string; mime_type?: string }>(a, `/${ref.mediaId}`, { method: 'GET' });
  if (!meta.url) throw new Error('WhatsApp media answered no url');
  const res = await fetch(meta.url, { headers: bearer(a) });
  if (!res.ok) throw new Error(`WhatsApp media download: HTTP ${res.status}`);
  return { fileName: ref.fileName, contentType: meta.mime_type?.split(';')[0] ?? ref.contentType, content: Buffer.from(await res.arrayBuffer()) };
}

/** When the customer last wrote on this WhatsApp conversation (any contact of the thread). */
async function lastInbound(ctx: ChannelContext, i: InteractionRow) {
  if (!i.channelAccountId || !i.threadKey) return null;
  const [r] = await ctx.db.select({ at: max(messages.createdAt) }).from(messages)
    .innerJoin(interactions, eq(interactions.id, messages.interactionId))
    .where(and(eq(messages.workspaceId, i.workspaceId), eq(interactions.workspaceId, i.workspaceId), eq(interactions.channelAccountId, i.channelAccountId),
      eq(interactions.threadKey, i.threadKey), eq(messages.direction, 'inbound')));
  return r?.at ?? null;
}

const templatesOf = (a: ChannelAccount) => (a.settings.templates ?? []) as WhatsAppTemplate[];

/** Outside the 24-hour window only an approved template may be sent; a template must be one of the account's. */
async function checkOutbound(i: InteractionRow, input: { body: string; template?: unknown }, ctx: ChannelContext) {
  const tpl = input.template as OutboundInput['template'];
  if (tpl) {
    const account = await ctx.accounts.get(i.workspaceId, i.channelAccountId!);
    const known = templatesOf(account).find((t) => t.name === tpl.name && t.language === tpl.language);
    if (!known) throw invalid('unknown_template', `No approved template ${tpl.name} (${tpl.language}) on this WhatsApp number`);
    if (known.params !== tpl.params.length) throw invalid('template_params', `Template ${tpl.name} takes ${known.params} parameter(s)`);
    return;
  }
  const w = windowState(await lastInbound(ctx, i), ctx.clock.now());
  if (!w.windowOpen) {
    throw new AppError('whatsapp_window_closed', 'The customer has not written for 24 hours: send an approved template', 409, { windowClosesAt: w.windowClosesAt?.toISOString() ?? null });
  }
}

/** What the agent's reply box needs to know about a contact's channel: the WhatsApp window and templates. */
function channelRoute(ctx: ChannelContext) {
  ctx.app.get('/api/interactions/:id/channel', {
    config: { roles: staff }, schema: { tags: ['interactions'], summary: 'The contact\'s channel: reply window and message templates', params: idParams },
  }, async (req) => {
    const p = principal(req);
    const i = await ctx.interactions.require(ctx.db, p, req.params.id);
    if (i.channel !== 'whatsapp' || !i.channelAccountId) {
      return { kind: i.channel, channelAccountId: i.channelAccountId, windowOpen: true, windowClosesAt: null, templates: [] };
    }
    const account = await ctx.accounts.get(p.workspaceId, i.channelAccountId);
    const w = windowState(await lastInbound(ctx, i), ctx.clock.now());
    return {
      kind: i.channel, channelAccountId: i.channelAccountId, windowOpen: w.windowOpen, windowClosesAt: w.windowClosesAt?.toISOString() ?? null,
      templates: templatesOf(account).map((t) => ({ name: t.name, language: t.language, params: t.params, text: t.text ?? null })),
    };
  });
}

/**
 * WhatsApp Business (Cloud API). Inbound: Meta posts to `/api/public/channels/whatsapp/<publicKey>/webhook`
 * signed with `X-Hub-Signature-256`; the GET handshake answers `hub.challenge` for the verify token.
 * Outbound: `POST /{version}/{phone-number-id}/messages` (text, template, media uploaded first), within the
 * 24-hour customer service window unless a template.
 */
export const whatsapp: ChannelAdapter = {
  kind: 'whatsapp',
  settings,
  credentials,
  send,
  checkOutbound,
  register(ctx) {
    registerEndpoints(ctx);
    channelRoute(ctx);
    const params = z.object({ key: z.string().min(8).max(64) });
    webhookScope(ctx.app, (app) => {
      app.get('/api/public/channels/whatsapp/:key/webhook', {
        config: { public: true }, schema: { tags: ['webhooks'], summary: 'Meta webhook verification', params, querystring: z.record(z.string(), z.string()) },
      }, async (req, reply) => {
        const account = await ctx.accounts.byPublicKey(req.params.key, 'whatsapp');
        if (!account) throw notFound('Channel');
        const challenge = metaHandshake(req.query, account.credentials.verifyToken as string | undefined);
        if (challenge === null) throw new AppError('verification_failed', 'The verify token does not match', 403);
        return reply.type('text/plain').send(challenge);
      });
      app.post('/api/public/channels/whatsapp/:key/webhook', {
        config: { public: true },
        schema: { tags: ['webhooks'], summary: 'WhatsApp Cloud API notifications', params, body: z.looseObject({ object: z.string(), entry: z.array(z.looseObject({})) }) },
      }, async (req, reply) => {
        const account = await ctx.accounts.byPublicKey(req.params.key, 'whatsapp');
        if (!account) throw notFound('Channel');
        if (!metaSignatureValid(rawBody(req), req.headers['x-hub-signature-256'], account.credentials.appSecret as string | undefined)) throw invalidSignature();
        const parsed = parseWebhook(req.body as unknown as WhatsAppWebhook, account.settings.phoneNumberId as string | undefined);
        for (const s of parsed.statuses) {
          await ctx.interactions.updateDelivery(account.workspaceId, { externalId: s.externalId }, s.status, { error: s.error });
        }
        let duplicate = false;
        for (const m of parsed.messages) {
          const files = await Promise.all(m.media.map((x) => download(account, x)));
          duplicate = (await ctx.inbox.receive(account, { ...m.message, files })).duplicate || duplicate;
        }
        return reply.send({ ok: true, messages: parsed.messages.length, statuses: parsed.statuses.length, duplicate });
      });
    });
  },
};
