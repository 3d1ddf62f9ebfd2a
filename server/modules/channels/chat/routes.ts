import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principal, staff } from '../../../platform/auth/index.js';
import { AppError, invalid } from '../../../platform/errors/index.js';
import type { ZodApp } from '../../../platform/http/index.js';
import { idParams } from '../../../platform/http/schemas.js';
import type { VisitorFeed } from './feed.js';
import type { ChatService } from './service.js';
import { widgetLanguages } from './settings.js';

const keyParams = z.object({ key: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/) });
const lang = z.enum(widgetLanguages);
const text = (max: number) => z.string().trim().max(max);
const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a client message id of 8-64 letters, digits, _ or -');
const startBody = z.object({
  name: text(200).optional(), email: z.email().max(254).optional().or(z.literal('')), phone: text(40).optional(), topic: text(40).optional(), language: lang,
  userId: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/).optional(), userHash: z.string().max(128).optional(), token: z.string().max(4000).optional(),
}).strict();
const offlineBody = z.object({
  name: text(200).optional(), email: z.email().max(254).optional().or(z.literal('')), phone: text(40).optional(), topic: text(40).optional(), language: lang,
  message: text(4000).min(1),
}).strict();

/** The header that carries the visitor token (never a cookie: the widget runs on other sites). */
export const TOKEN_HEADER = 'x-chat-token';

/**
 * The public chat API the widget talks to, from any website: CORS-open (no cookies are read; the visitor
 * token travels in `x-chat-token`), rate-limited per visitor and address, and the staff routes for typing
 * and read receipts in the other direction.
 */
export function chatRoutes(app: ZodApp, chat: ChatService, feed: VisitorFeed, opts: { maxMb: number }) {
  const tags = ['chat widget'];
  const pub = { public: true };
  const visitor = (req: FastifyRequest) => {
    const h = req.headers[TOKEN_HEADER];
    return chat.visitor(typeof h === 'string' ? h : undefined);
  };
  const ip = (req: FastifyRequest) => `ip:${req.ip}`;

  app.register(async (plugin) => {
    const scope = plugin as unknown as ZodApp;
    scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-allow-headers', `content-type, ${TOKEN_HEADER}`);
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      reply.header('access-control-max-age', '600');
      // One budget per address for every public chat call.
      if (req.method !== 'OPTIONS' && !chat.limiter.take(`all:${req.ip}`, { burst: 600, perSecond: 20 })) {
        throw new AppError('rate_limited', 'Too many requests; try again shortly', 429);
      }
    });
    await scope.register(multipart, { limits: { fileSize: opts.maxMb * 1024 * 1024, files: 1, fields: 3, fieldSize: 4000, parts: 5 } });

    scope.options('/api/public/chat/*', { config: pub, schema: { hide: true } }, (_req, reply) => reply.status(204).send());

    scope.get('/api/public/chat/:key/config', { config: pub, schema: { tags, summary: 'What the widget shows: form, topics, wording, colours, and whether anyone can answer now', params: keyParams } },
      async (req) => {
        chat.limit('light', ip(req));
        return { config: await chat.config(req.params.key) };
      });

    scope.post('/api/public/chat/:key/start', {
      config: pub, schema: { tags, summary: 'Start or resume a visitor: pre-chat form, optional verified user ({ userId, userHash }); answers the visitor token', params: keyParams, body: startBody },
    }, async (req, reply) => {
      chat.limit('start', ip(req));
      const b = req.body;
      return reply.status(201).send(await chat.start(req.params.key, { ...b, email: b.email || undefined }));
    });

    scope.post('/api/public/chat/:key/offline', {
      config: pub, schema: { tags, summary: 'Leave a message when nobody can answer (opens a contact that waits for an agent)', params: keyParams, body: offlineBody },
    }, async (req, reply) => {
      chat.limit('start', ip(req));
      return reply.status(201).send(await chat.leaveMessage(req.params.key, { ...req.body, email: req.body.email || undefined }));
    });

    scope.get('/api/public/chat/conversation', {
      config: pub, schema: { tags, summary: 'The visitor’s conversation and its messages (after `since`, a message id)', querystring: z.object({ since: z.string().max(64).optional() }) },
    }, async (req) => {
      const v = await visitor(req);
      chat.limit('light', v.token.v, ip(req));
      return chat.conversation(v, req.query.since);
    });

    scope.post('/api/public/chat/messages', {
      config: pub, schema: { tags, summary: 'A visitor’s message (idempotent per clientId)', body: z.object({ text: text(4000).min(1), clientId }).strict() },
    }, async (req, reply) => {
      const v = await visitor(req);
      chat.limit('message', v.token.v, ip(req));
      return reply.status(201).send(await chat.send(v, { text: req.body.text, clientId: req.body.clientId }));
    });

    scope.post('/api/public/chat/attachments', {
      config: pub, schema: { tags, summary: 'A file from the visitor (multipart: `file`, optional `clientId`, `caption`); type and size checked', consumes: ['multipart/form-data'] },
    }, async (req, reply) => {
      const v = await visitor(req);
      chat.limit('message', v.token.v, ip(req));
      if (!req.isMultipart()) throw new AppError('not_multipart', 'Send the file as multipart/form-data', 415);
      const fields: Record<string, string> = {};
      let file: { fileName: string; contentType: string; content: Buffer } | undefined;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (file) { part.file.resume(); continue; }
          const content = await part.toBuffer();
          file = { fileName: part.filename || 'file', contentType: part.mimetype || 'application/octet-stream', content };
        } else {
          fields[part.fieldname] = String(part.value ?? '');
        }
      }
      if (!file) throw invalid('file_missing', 'Send one file in the `file` field');
      const id = clientId.safeParse(fields.clientId);
      const caption = (fields.caption ?? '').trim().slice(0, 4000);
      return reply.status(201).send(await chat.upload(v, file, id.success ? id.data : `f${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`, caption));
    });

    scope.post('/api/public/chat/typing', { config: pub, schema: { tags, summary: 'The visitor is typing (or stopped)', body: z.object({ typing: z.boolean() }).strict() } },
      async (req, reply) => {
        const v = await visitor(req);
        chat.limit('light', v.token.v);
        await chat.typing(v, req.body.typing);
        return reply.status(204).send();
      });

    scope.post('/api/public/chat/read', { config: pub, schema: { tags, summary: 'The visitor has seen agent messages up to this one', body: z.object({ upTo: z.uuid() }).strict() } },
      async (req) => {
        const v = await visitor(req);
        chat.limit('light', v.token.v);
        return chat.read(v, req.body.upTo);
      });

    scope.post('/api/public/chat/rating', {
      config: pub, schema: { tags, summary: 'Rate the chat 1–5 with an optional comment (CSAT)', body: z.object({ score: z.number().int().min(1).max(5), comment: text(2000).nullable().optional() }).strict() },
    }, async (req) => {
      const v = await visitor(req);
      chat.limit('light', v.token.v);
      return { conversation: await chat.rate(v, req.body.score, req.body.comment || null) };
    });

    scope.post('/api/public/chat/end', { config: pub, schema: { tags, summary: 'The visitor ends the chat' } }, async (req) => {
      const v = await visitor(req);
      chat.limit('light', v.token.v);
      return { conversation: await chat.end(v) };
    });

    scope.post('/api/public/chat/transcript', { config: pub, schema: { tags, summary: 'Email the transcript to this address', body: z.object({ email: z.email().max(254) }).strict() } },
      async (req, reply) => {
        const v = await visitor(req);
        chat.limit('start', v.token.v, ip(req));
        return reply.status(202).send(await chat.transcript(v, req.body.email));
      });

    scope.get('/api/public/chat/file', { config: pub, schema: { tags, summary: 'A file of the visitor’s conversation (signed link)', querystring: z.object({ t: z.string().min(10).max(1000) }) } },
      async (req, reply) => {
        chat.limit('light', ip(req));
        const { attachment, size, stream } = await chat.fileOf(req.query.t);
        const inline = attachment.contentType.startsWith('image/');
        return reply
          .header('content-type', attachment.contentType.startsWith('text/') ? `${attachment.contentType}; charset=utf-8` : attachment.contentType)
          .header('content-length', size)
          .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
          .header('cross-origin-resource-policy', 'cross-origin')
          .header('cache-control', 'private, max-age=3600')
          .send(stream);
      });

    // The visitor's live connection. The first message authenticates it: `{ "type": "auth", "token", "since"? }`
    // (`since` = the last message id the client has). The token never travels in the URL, so no log keeps it.
    scope.get('/api/public/chat/ws', { config: pub, websocket: true, schema: { hide: true } }, (socket, req) => {
      if (!chat.limiter.take(`ws:${req.ip}`, { burst: 30, perSecond: 1 })) {
        socket.close(4029, 'rate limited');
        return;
      }
      const timer = setTimeout(() => socket.close(4001, 'no token'), 10_000);
      socket.once('message', async (raw) => {
        clearTimeout(timer);
        let msg: { type?: unknown; token?: unknown; since?: unknown } = {};
        try {
          msg = JSON.parse(String(raw));
        } catch {
          // not JSON: refused below
        }
        const v = msg.type === 'auth' && typeof msg.token === 'string' ? await chat.visitor(msg.token).catch(() => undefined) : undefined;
        if (!v) {
          socket.close(4001, 'invalid token');
          return;
        }
        await feed.attach(socket, v, typeof msg.since === 'string' ? msg.since : undefined);
      });
      socket.on('close', () => clearTimeout(timer));
    });
  });

  app.post('/api/interactions/:id/typing', {
    config: { roles: staff }, schema: { tags, summary: 'The agent is typing in a chat (the visitor sees it)', params: idParams, body: z.object({ typing: z.boolean().default(true) }).strict() },
  }, async (req, reply) => {
    await chat.staffTyping(principal(req), req.params.id, req.body?.typing ?? true);
    return reply.status(204).send();
  });
  app.post('/api/interactions/:id/read', {
    config: { roles: staff }, schema: { tags, summary: 'The agent read the customer’s messages (all, or up to `upTo`); the visitor sees the receipt', params: idParams, body: z.object({ upTo: z.uuid().optional() }).strict() },
  }, async (req) => chat.staffRead(principal(req), req.params.id, req.body?.upTo));
}
