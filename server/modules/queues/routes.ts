import { z } from 'zod';
import { adminsOnly, principal, staff } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams, languageCode, requestContext } from '../../platform/http/schemas.js';
import { channels } from '../interactions/schema.js';
import type { QueueService } from './service.js';
import { queueSettingsSchema } from './settings.js';

const fields = z.object({
  name: z.string().trim().min(1).max(120),
  departmentId: z.uuid().nullable().optional(),
  channels: z.array(z.enum(channels)).max(channels.length).transform((c) => [...new Set(c)]).optional(),
  language: languageCode.nullable().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  settings: queueSettingsSchema.optional(),
}).strict();

export function queueRoutes(app: ZodApp, svc: QueueService) {
  const tags = ['queues'];
  app.get('/api/queues', { config: { roles: staff }, schema: { tags, summary: 'Queues of the workspace' } }, (req) => svc.list(principal(req)));
  app.get('/api/queues/:id', { config: { roles: staff }, schema: { tags, params: idParams } },
    async (req) => ({ queue: await svc.get(principal(req), req.params.id) }));
  app.post('/api/queues', { config: { roles: adminsOnly }, schema: { tags, summary: 'Create a queue', body: fields } },
    async (req, reply) => reply.status(201).send({ queue: await svc.create(principal(req), req.body, requestContext(req)) }));
  app.patch('/api/queues/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams, body: fields.partial() } },
    async (req) => ({ queue: await svc.update(principal(req), req.params.id, req.body, requestContext(req)) }));
}
