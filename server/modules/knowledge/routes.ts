import { z } from 'zod';
import { adminsOnly, principal, staff } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams } from '../../platform/http/schemas.js';
import type { KnowledgeService } from './service.js';

const answerBody = z.object({
  kind: z.enum(['answer', 'snippet']).optional(),
  title: z.string().trim().min(1).max(200),
  shortcut: z.string().trim().regex(/^[\p{L}\p{N}_-]{1,40}$/u, 'letters, digits, - and _').nullable().optional(),
  body: z.string().trim().min(1).max(20_000),
  language: z.string().trim().max(20).nullable().optional(),
}).strict();
const step = z.object({
  id: z.string().trim().min(1).max(60), say: z.string().max(4000), question: z.string().max(1000).optional(),
  options: z.array(z.object({ label: z.string().trim().min(1).max(200), next: z.string().max(60).optional() }).strict()).max(20).optional(),
  next: z.string().max(60).optional(),
}).strict();
const scriptBody = z.object({
  name: z.string().trim().min(1).max(200), queueId: z.uuid().nullable().optional(), reason: z.string().trim().max(200).nullable().optional(),
  active: z.boolean().optional(), steps: z.array(step).min(1).max(100),
}).strict();

export function knowledgeRoutes(app: ZodApp, svc: KnowledgeService) {
  const tags = ['knowledge'];
  app.get('/api/saved-answers', {
    config: { roles: staff },
    schema: { tags, summary: 'Saved answers and knowledge snippets, by title; `q` searches title, shortcut and text', querystring: z.object({ q: z.string().max(200).optional(), kind: z.enum(['answer', 'snippet']).optional() }) },
  }, (req) => svc.listAnswers(principal(req), req.query));
  app.post('/api/saved-answers', { config: { roles: adminsOnly }, schema: { tags, body: answerBody } },
    async (req, reply) => reply.status(201).send({ answer: await svc.createAnswer(principal(req), req.body) }));
  app.patch('/api/saved-answers/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams, body: answerBody.partial() } },
    async (req) => ({ answer: await svc.updateAnswer(principal(req), req.params.id, req.body) }));
  app.delete('/api/saved-answers/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams } }, async (req, reply) => {
    await svc.removeAnswer(principal(req), req.params.id);
    return reply.status(204).send();
  });
  app.post('/api/saved-answers/:id/render', {
    config: { roles: staff },
    schema: { tags, summary: 'The answer\'s text for a contact with its variables filled; missing values become [placeholders]', params: idParams, body: z.object({ interactionId: z.uuid(), orderId: z.uuid().optional() }).strict() },
  }, (req) => svc.render(principal(req), req.params.id, req.body.interactionId, req.body.orderId));

  app.get('/api/scripts', { config: { roles: staff }, schema: { tags, summary: 'Guided scripts' } }, (req) => svc.listScripts(principal(req)));
  app.post('/api/scripts', { config: { roles: adminsOnly }, schema: { tags, body: scriptBody } },
    async (req, reply) => reply.status(201).send({ script: await svc.createScript(principal(req), req.body) }));
  app.patch('/api/scripts/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams, body: scriptBody.partial() } },
    async (req) => ({ script: await svc.updateScript(principal(req), req.params.id, req.body) }));
  app.delete('/api/scripts/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams } }, async (req, reply) => {
    await svc.removeScript(principal(req), req.params.id);
    return reply.status(204).send();
  });
  app.get('/api/interactions/:id/scripts', { config: { roles: staff }, schema: { tags, summary: 'Scripts for this contact (its queue, its reason, general) with the answers given', params: idParams } },
    (req) => svc.forInteraction(principal(req), req.params.id));
  app.put('/api/interactions/:id/scripts/:scriptId', {
    config: { roles: staff },
    schema: { tags, summary: 'Save the agent\'s answers to a script on this contact', params: z.object({ id: z.uuid(), scriptId: z.uuid() }), body: z.object({ answers: z.record(z.string().max(60), z.string().max(2000)) }).strict() },
  }, (req) => svc.saveAnswers(principal(req), req.params.id, req.params.scriptId, req.body.answers));
}
