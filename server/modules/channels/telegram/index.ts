import { buffer } from 'node:stream/consumers';
import { z } from 'zod';
import { AppError, notFound } from '../../../platform/errors/index.js';
import { safeEqual } from '../../../platform/secrets/index.js';
import { PermanentDeliveryError, type ChannelAdapter, type Outbound } from '../adapter.js';
import type { InboundFile } from '../domain/inbound.js';
import type { ChannelAccount } from '../accounts.js';
import { parseUpdate, type TelegramFileRef, type TelegramUpdate } from './parse.js';

const settings = z.object({ apiBaseUrl: z.url().default('https://api.telegram.org') }).strict();
const credentials = z.object({
  botToken: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'a bot token as BotFather gives it').optional(),
  webhookSecret: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16 to 256 letters, digits, _ or -').optional(),
}).strict();

type Api = { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: { retry_after?: number } };

/** Calls the Bot API; a refusal the bot can never get past (blocked, chat gone, bad request) is permanent. */
async function call(account: ChannelAccount, method: string, body: Record<string, unknown>) {
  const base = String(account.settings.apiBaseUrl ?? 'https://api.telegram.org').replace(/\/$/, '');
  const token = account.credentials.botToken;
  if (!token) throw new PermanentDeliveryError('The Telegram bot token is not set', 'not_configured');
  const res = await fetch(`${base}/bot${token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => ({ ok: false, description: `HTTP ${res.status}` }))) as Api;
  if (data.ok) return data.result;
  const code = data.error_code ?? res.status;
  const message = `Telegram ${method}: ${data.description ?? res.status}`;
  if (code === 400 || code === 403 || code === 404) throw new PermanentDeliveryError(message);
  throw new Error(message);
}

async function download(account: ChannelAccount, ref: TelegramFileRef): Promise<InboundFile> {
  const f = (await call(account, 'getFile', { file_id: ref.fileId })) as { file_path?: string };
  if (!f.file_path) throw new Error('Telegram getFile answered no file_path');
  const base = String(account.settings.apiBaseUrl ?? 'https://api.telegram.org').replace(/\/$/, '');
  const res = await fetch(`${base}/file/bot${account.credentials.botToken}/${f.file_path}`);
  if (!res.ok) throw new Error(`Telegram file download: HTTP ${res.status}`);
  return { fileName: ref.fileName, contentType: ref.contentType, content: Buffer.from(await res.arrayBuffer()) };
}

async function send(out: Outbound) {
  const chatId = out.interaction.threadKey;
  let last: { message_id?: number } = {};
  if (out.message.body.trim()) last = (await call(out.account, 'sendMessage', { chat_id: chatId, text: out.message.body })) as { message_id?: number };
  for (const f of out.files) {
    const form = new FormData();
    form.set('chat_id', String(chatId));
    const bytes = await buffer(f.open());
    const photo = f.contentType.startsWith('image/') && f.contentType !== 'image/gif';
    form.set(photo ? 'photo' : 'document', new Blob([bytes], { type: f.contentType }), f.fileName);
    const base = String(out.account.settings.apiBaseUrl ?? 'https://api.telegram.org').replace(/\/$/, '');
    const res = await fetch(`${base}/bot${out.account.credentials.botToken}/${photo ? 'sendPhoto' : 'sendDocument'}`, { method: 'POST', body: form });
    const data = (await res.json()) as Api;
    if (!data.ok) throw (data.error_code === 400 || data.error_code === 403 ? new PermanentDeliveryError(`Telegram: ${data.description}`) : new Error(`Telegram: ${data.description}`));
    last = data.result as { message_id?: number };
  }
  return { externalId: last.message_id ? `${chatId}:${last.message_id}` : undefined };
}

/**
 * Telegram bots. Inbound: the Bot API posts updates to `/api/public/channels/telegram/<publicKey>/webhook`
 * with the secret set by setWebhook in `X-Telegram-Bot-Api-Secret-Token`. Outbound: sendMessage,
 * sendPhoto and sendDocument. Bots get no delivery receipts, so a sent message stays `sent`.
 */
export const telegram: ChannelAdapter = {
  kind: 'telegram',
  settings,
  credentials,
  send,
  register(ctx) {
    ctx.app.post('/api/public/channels/telegram/:key/webhook', {
      config: { public: true },
      schema: {
        tags: ['webhooks'], summary: 'Telegram Bot API updates', params: z.object({ key: z.string().min(8).max(64) }),
        body: z.looseObject({ update_id: z.number().int() }),
      },
    }, async (req, reply) => {
      const account = await ctx.accounts.byPublicKey(req.params.key, 'telegram');
      if (!account) throw notFound('Channel');
      const secret = String(account.credentials.webhookSecret ?? '');
      const given = req.headers['x-telegram-bot-api-secret-token'];
      if (!secret || typeof given !== 'string' || !safeEqual(given, secret)) throw new AppError('invalid_signature', 'The secret token does not match', 401);
      const parsed = parseUpdate(req.body as TelegramUpdate);
      if (!parsed) return reply.send({ ok: true, ignored: true });
      const files = await Promise.all(parsed.files.map((f) => download(account, f)));
      const r = await ctx.inbox.receive(account, { ...parsed.message, files });
      return reply.send({ ok: true, duplicate: r.duplicate });
    });
  },
};
