import { z } from 'zod';
import { principal, staff } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { pageQuery } from '../../platform/http/index.js';
import { idParams } from '../../platform/http/schemas.js';
import { caseStatuses, caseTypes, priorities } from './schema.js';
import type { CaseService } from './service.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const refs = {
  departmentId: z.uuid().nullable().optional(),
  assigneeId: z.uuid().nullable().optional(),
  orderId: z.uuid().nullable().optional(),
  dueAt: z.coerce.date().nullable().optional(),
};
const createBody = z.object({
  customerId: z.uuid(), type: z.enum(caseTypes), subject: text(300), description: z.string().max(20_000).optional(),
  priority: z.enum(priorities).optional(), ...refs,
}).strict();
const patchBody = z.object({
  type: z.enum(caseTypes).optional(), status: z.enum(caseStatuses).optional(), priority: z.enum(priorities).optional(),
  subject: text(300).optional(), description: z.string().max(20_000).optional(), ...refs,
}).strict();
const listQuery = pageQuery.extend({
  status: z.enum(caseStatuses).optional(), type: z.enum(caseTypes).optional(), customerId: z.uuid().optional(),
  assigneeId: z.uuid().optional(), departmentId: z.uuid().optional(),
});

export function caseRoutes(app: ZodApp, svc: CaseService) {
  const tags = ['cases'];
  const config = { roles: staff };
  app.get('/api/cases', { config, schema: { tags, summary: 'Cases, newest first, with filters', querystring: listQuery } },
    (req) => svc.list(principal(req), req.query));
  app.post('/api/cases', { config, schema: { tags, summary: 'Open a case', body: createBody } },
    async (req, reply) => reply.status(201).send({ case: await svc.create(principal(req), req.body) }));
  app.get('/api/cases/by-number/:number', { config, schema: { tags, summary: 'A case by its number', params: z.object({ number: z.coerce.number().int().min(1).max(2_147_483_647) }) } },
    async (req) => ({ case: await svc.getByNumber(principal(req), req.params.number) }));
  app.get('/api/cases/:id', { config, schema: { tags, summary: 'A case with its interactions', params: idParams } },
    async (req) => ({ case: await svc.get(principal(req), req.params.id) }));
  app.patch('/api/cases/:id', { config, schema: { tags, summary: 'Change a case (status moves follow the case rules)', params: idParams, body: patchBody } },
    async (req) => ({ case: await svc.update(principal(req), req.params.id, req.body) }));
  app.post('/api/cases/:id/interactions', { config, schema: { tags, summary: 'Link an interaction to the case', params: idParams, body: z.object({ interactionId: z.uuid() }).strict() } },
    async (req) => ({ case: await svc.linkInteraction(principal(req), req.params.id, req.body.interactionId) }));
}
