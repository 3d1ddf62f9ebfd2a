import { z } from 'zod';
import { managers, principal, staff } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams } from '../../platform/http/schemas.js';
import type { EscalationService } from './service.js';


export function escalationRoutes(app: ZodApp, svc: EscalationService) {
  const tags = ['escalations'];
  app.post('/api/interactions/:id/escalate', {
    config: { roles: staff },
    schema: { tags, summary: 'Ask a supervisor for help with this contact (logs an `escalated` event)', params: idParams, body: z.object({ reason: z.string().trim().min(1).max(2000) }).strict() },
  }, async (req, reply) => reply.status(201).send({ escalation: await svc.raise(principal(req), req.params.id, req.body.reason) }));
  app.get('/api/interactions/:id/escalations', { config: { roles: staff }, schema: { tags, summary: 'Escalations of this contact', params: idParams } },
    (req) => svc.list(principal(req), { interactionId: req.params.id }));
  app.get('/api/escalations', {
    config: { roles: managers },
    schema: { tags, summary: 'The supervisors\' escalation inbox: who escalated which contact and why', querystring: z.object({ status: z.enum(['open', 'resolved']).optional() }) },
  }, (req) => svc.list(principal(req), { status: req.query.status }));
  app.post('/api/escalations/:id/resolve', {
    config: { roles: managers },
    schema: { tags, summary: 'Mark an escalation as handled', params: idParams, body: z.object({ resolution: z.string().trim().max(2000).optional() }).strict() },
  }, (req) => svc.resolve(principal(req), req.params.id, req.body.resolution).then((escalation) => ({ escalation })));
  app.get('/api/colleagues', { config: { roles: staff }, schema: { tags, summary: 'Active staff of the workspace (for transfers and @mentions)' } },
    (req) => svc.colleagues(principal(req)));
}
