import { z } from 'zod';
import { adminsOnly, principal, staff } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams } from '../../platform/http/schemas.js';
import { wrapUpKinds } from './schema.js';
import type { DispositionService } from './service.js';

const body = z.object({
  kind: z.enum(wrapUpKinds), label: z.string().trim().min(1).max(200), active: z.boolean().optional(), position: z.number().int().min(0).max(10_000).optional(),
}).strict();

export function dispositionRoutes(app: ZodApp, svc: DispositionService) {
  const tags = ['wrap-up'];
  app.get('/api/wrap-up-codes', { config: { roles: staff }, schema: { tags, summary: 'Contact reasons and dispositions (the wrap-up lists)' } }, (req) => svc.list(principal(req)));
  app.post('/api/wrap-up-codes', { config: { roles: adminsOnly }, schema: { tags, body } },
    async (req, reply) => reply.status(201).send({ code: await svc.create(principal(req), req.body) }));
  app.patch('/api/wrap-up-codes/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams, body: body.partial() } },
    async (req) => ({ code: await svc.update(principal(req), req.params.id, req.body) }));
  app.delete('/api/wrap-up-codes/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams } }, async (req, reply) => {
    await svc.remove(principal(req), req.params.id);
    return reply.status(204).send();
  });
}
