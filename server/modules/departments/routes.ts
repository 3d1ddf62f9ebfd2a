import { z } from 'zod';
import { adminsOnly, principal, staff } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams, requestContext } from '../../platform/http/schemas.js';
import type { DepartmentService } from './service.js';

const fields = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['department', 'team']).optional(),
  description: z.string().max(2000).optional(),
}).strict();
const members = z.object({
  members: z.array(z.object({ userId: z.uuid(), role: z.enum(['member', 'lead']).default('member') }).strict()).max(500),
}).strict();

export function departmentRoutes(app: ZodApp, svc: DepartmentService) {
  const tags = ['departments'];
  app.get('/api/departments', { config: { roles: staff }, schema: { tags, summary: 'Departments and teams with members' } },
    (req) => svc.list(principal(req)));
  app.get('/api/departments/:id', { config: { roles: staff }, schema: { tags, params: idParams } },
    async (req) => ({ department: await svc.get(principal(req), req.params.id) }));
  app.post('/api/departments', { config: { roles: adminsOnly }, schema: { tags, summary: 'Create a department or team', body: fields } },
    async (req, reply) => reply.status(201).send({ department: await svc.create(principal(req), req.body, requestContext(req)) }));
  app.patch('/api/departments/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams, body: fields.partial() } },
    async (req) => ({ department: await svc.update(principal(req), req.params.id, req.body, requestContext(req)) }));
  app.delete('/api/departments/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams } }, async (req, reply) => {
    await svc.remove(principal(req), req.params.id, requestContext(req));
    return reply.status(204).send();
  });
  app.put('/api/departments/:id/members', { config: { roles: adminsOnly }, schema: { tags, summary: 'Replace the members', params: idParams, body: members } },
    async (req) => ({ department: await svc.setMembers(principal(req), req.params.id, req.body.members, requestContext(req)) }));
}
