import multipart from '@fastify/multipart';
import { z } from 'zod';
import { principal, staff } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { pageQuery } from '../../platform/http/index.js';
import { idParams, languageCode } from '../../platform/http/schemas.js';
import { priorities } from '../cases/schema.js';
import type { AttachmentService } from './attachments.js';
import { contentDisposition } from './domain/file-type.js';
import { channels, interactionStatuses } from './schema.js';
import type { InteractionService } from './service.js';
import type { SnoozeService } from './snooze.js';
import type { ConsultService } from './consult.js';

const createBody = z.object({
  customerId: z.uuid(), channel: z.enum(channels), direction: z.enum(['inbound', 'outbound']).optional(),
  subject: z.string().trim().max(500).optional(), language: languageCode.optional(), queueId: z.uuid().optional(),
  priority: z.enum(priorities).optional(), caseId: z.uuid().optional(),
}).strict();
const patchBody = z.object({
  priority: z.enum(priorities).optional(), reason: z.string().trim().max(200).nullable().optional(),
  subject: z.string().trim().max(500).nullable().optional(), language: languageCode.nullable().optional(), caseId: z.uuid().nullable().optional(),
}).strict();
const listQuery = pageQuery.extend({
  customerId: z.uuid().optional(), status: z.enum(interactionStatuses).optional(), channel: z.enum(channels).optional(),
  queueId: z.uuid().optional(), assigneeId: z.uuid().optional(),
});
const textBody = z.object({ body: z.string().trim().min(1).max(20_000) }).strict();
const outboundBody = textBody.extend({
  subject: z.string().trim().min(1).max(500).optional(),
  cc: z.array(z.email().max(320)).max(20).optional(),
  attachmentIds: z.array(z.uuid()).max(20).optional(),
  template: z.object({ name: z.string().trim().min(1).max(200), language: z.string().trim().min(2).max(20), params: z.array(z.string().max(1000)).max(20) }).strict().optional(),
}).strict();

export function interactionRoutes(app: ZodApp, svc: InteractionService) {
  const tags = ['interactions'];
  const config = { roles: staff };
  app.post('/api/interactions', { config, schema: { tags, summary: 'Open a contact (queued when a queue is given)', body: createBody } },
    async (req, reply) => reply.status(201).send({ interaction: await svc.create(principal(req), req.body) }));
  app.get('/api/interactions', { config, schema: { tags, summary: 'Contacts, newest first, with filters', querystring: listQuery } },
    (req) => svc.list(principal(req), req.query));
  app.get('/api/interactions/:id', { config, schema: { tags, params: idParams } },
    async (req) => ({ interaction: await svc.get(principal(req), req.params.id) }));
  app.patch('/api/interactions/:id', { config, schema: { tags, summary: 'Change priority, reason, subject, language or case', params: idParams, body: patchBody } },
    async (req) => ({ interaction: await svc.update(principal(req), req.params.id, req.body) }));
  app.post('/api/interactions/:id/assign', { config, schema: { tags, summary: 'Give the contact to an agent (agents: only to themselves)', params: idParams, body: z.object({ agentId: z.uuid() }).strict() } },
    async (req) => ({ interaction: await svc.assign(principal(req), req.params.id, req.body.agentId) }));
  app.post('/api/interactions/:id/wrap-up', { config, schema: { tags, summary: 'Start after-contact work', params: idParams } },
    async (req) => ({ interaction: await svc.wrapUp(principal(req), req.params.id) }));
  app.post('/api/interactions/:id/close', { config, schema: { tags, summary: 'Close the contact', params: idParams, body: z.object({ reason: z.string().trim().max(200).optional(), disposition: z.string().trim().max(200).optional(), resolved: z.boolean() }).strict() } },
    async (req) => ({ interaction: await svc.close(principal(req), req.params.id, req.body) }));
  app.get('/api/interactions/:id/events', { config, schema: { tags, summary: 'The event log of the contact, in order', params: idParams } },
    (req) => svc.events(principal(req), req.params.id));
  app.get('/api/interactions/:id/messages', { config, schema: { tags, summary: 'Messages and notes, oldest first', params: idParams, querystring: pageQuery } },
    (req) => svc.listMessages(principal(req), req.params.id, req.query));
  app.post('/api/interactions/:id/messages', {
    config, schema: { tags, summary: 'Send a message to the customer (delivered through the contact\'s channel)', params: idParams, body: outboundBody },
  }, async (req, reply) => reply.status(201).send({ message: await svc.sendMessage(principal(req), req.params.id, req.body) }));
  app.post('/api/interactions/:id/notes', { config, schema: { tags, summary: 'Add a private note', params: idParams, body: textBody } },
    async (req, reply) => reply.status(201).send({ message: await svc.addNote(principal(req), req.params.id, req.body.body) }));
  app.get('/api/me/mentions', {
    config, schema: { tags, summary: 'Notes that mention me, newest first, with the unread count', querystring: z.object({ unread: z.stringbool().optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict() },
  }, (req) => svc.mentions(principal(req), req.query));
  app.post('/api/me/mentions/read', {
    config, schema: { tags, summary: 'Mark my mentions read (the given notes, or all)', body: z.object({ noteIds: z.array(z.uuid()).min(1).max(100).optional() }).strict() },
  }, (req) => svc.readMentions(principal(req), req.body.noteIds));
}

export function snoozeRoutes(app: ZodApp, svc: SnoozeService) {
  const tags = ['interactions'];
  const config = { roles: staff };
  app.post('/api/interactions/:id/snooze', {
    config, schema: { tags, summary: 'Snooze an email contact until a time (within 30 days), or wake it now with `until: null`', params: idParams, body: z.object({ until: z.iso.datetime({ offset: true }).nullable() }).strict() },
  }, (req) => svc.snooze(principal(req), req.params.id, req.body.until ? new Date(req.body.until) : null));
  app.get('/api/me/snoozed', { config, schema: { tags, summary: 'My active contacts that are snoozed, with when each comes back' } }, (req) => svc.mine(principal(req)));
}

export function consultRoutes(app: ZodApp, svc: ConsultService) {
  const tags = ['interactions'];
  const config = { roles: staff };
  app.post('/api/interactions/:id/consult', {
    config, schema: { tags, summary: 'Warm transfer, first step: ask a colleague to take the contact over (you keep it until you transfer)', params: idParams, body: z.object({ agentId: z.uuid(), note: z.string().trim().min(1).max(4000) }).strict() },
  }, async (req, reply) => reply.status(201).send(await svc.ask(principal(req), req.params.id, req.body)));
  app.post('/api/interactions/:id/consult/:consultId/answer', {
    config, schema: { tags, summary: 'The asked colleague accepts or declines taking the contact over', params: z.object({ id: z.uuid(), consultId: z.uuid() }), body: z.object({ accept: z.boolean() }).strict() },
  }, (req) => svc.answer(principal(req), req.params.id, req.params.consultId, req.body.accept));
}

/** Upload and download, in their own scope so multipart parsing exists only here. */
export function attachmentRoutes(app: ZodApp, svc: AttachmentService, maxMb: number) {
  app.register(async (plugin) => {
    const scope = plugin as unknown as ZodApp;
    await scope.register(multipart, { limits: { fileSize: maxMb * 1024 * 1024, files: 1, fields: 5, fieldSize: 200, parts: 10 } });
    const tags = ['interactions'];
    const config = { roles: staff };
    scope.post('/api/interactions/:id/attachments', {
      config, schema: { tags, summary: 'Upload a file (multipart/form-data: `file`, optional `messageId`)', params: idParams, consumes: ['multipart/form-data'] },
    }, async (req, reply) => reply.status(201).send({ attachment: await svc.upload(principal(req), req.params.id, req.parts()) }));
    scope.get('/api/attachments/:id', { config, schema: { tags, summary: 'Download a file', params: idParams } }, async (req, reply) => {
      const { attachment, size, stream } = await svc.open(principal(req), req.params.id);
      return reply
        .header('content-type', attachment.contentType.startsWith('text/') ? `${attachment.contentType}; charset=utf-8` : attachment.contentType)
        .header('content-length', size)
        .header('content-disposition', contentDisposition(attachment.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(stream);
    });
  });
}
