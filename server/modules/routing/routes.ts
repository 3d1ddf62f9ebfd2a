import { z } from 'zod';
import { adminsOnly, managers, principal, staff } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams } from '../../platform/http/schemas.js';
import { channels } from '../interactions/schema.js';
import { agentStates } from './schema.js';
import type { RoutingService } from './service.js';

const capacity = z.partialRecord(z.enum(channels), z.number().int().min(0).max(50));

export function routingRoutes(app: ZodApp, svc: RoutingService) {
  const tags = ['routing'];
  app.get('/api/routing/me', { config: { roles: staff }, schema: { tags, summary: 'My routing state, load, capacity and open offers' } },
    (req) => svc.me(principal(req)));
  app.put('/api/routing/me/state', {
    config: { roles: staff },
    schema: { tags, summary: 'Change my state (away needs a reason code)', body: z.object({ state: z.enum(agentStates), reason: z.string().max(60).optional() }).strict() },
  }, (req) => svc.setState(principal(req), req.body.state, req.body.reason));
  app.post('/api/routing/offers/:id/accept', { config: { roles: staff }, schema: { tags, summary: 'Accept an offer; answers once the assignment is confirmed', params: idParams } },
    (req) => svc.accept(principal(req), req.params.id));
  app.post('/api/routing/offers/:id/reject', { config: { roles: staff }, schema: { tags, summary: 'Reject an offer (it goes to the next agent)', params: idParams } },
    async (req, reply) => {
      await svc.reject(principal(req), req.params.id);
      return reply.status(204).send();
    });
  app.get('/api/routing/reason-codes', { config: { roles: staff }, schema: { tags, summary: 'Away reason codes' } },
    async (req) => ({ items: await svc.reasonCodes(principal(req)) }));
  app.put('/api/routing/reason-codes', {
    config: { roles: adminsOnly },
    schema: { tags, summary: 'Set the away reason codes', body: z.object({ items: z.array(z.string().trim().regex(/^[a-z0-9_]{1,40}$/)).min(1).max(30) }).strict() },
  }, async (req) => ({ items: await svc.setReasonCodes(principal(req), req.body.items) }));
  app.get('/api/routing/agents', { config: { roles: managers }, schema: { tags, summary: 'Agents with state, load and capacity' } },
    (req) => svc.agents(principal(req)));
  app.put('/api/routing/agents/:id/capacity', {
    config: { roles: adminsOnly },
    schema: { tags, summary: 'Set an agent’s capacity per channel', params: idParams, body: z.object({ capacity }).strict() },
  }, async (req) => ({ agent: await svc.setCapacity(principal(req), req.params.id, req.body.capacity as Record<string, number>) }));
  app.get('/api/routing/queues/stats', { config: { roles: staff }, schema: { tags, summary: 'Waiting contacts, longest wait and agents by state per queue' } },
    (req) => svc.queueStats(principal(req)));

  app.post('/api/interactions/:id/transfer', {
    config: { roles: staff },
    schema: { tags, summary: 'Transfer an active contact to a queue or an agent (keeps its queue time)', params: idParams, body: z.object({ queueId: z.uuid().optional(), agentId: z.uuid().optional(), note: z.string().trim().min(1).max(4000).optional() }).strict() },
  }, async (req, reply) => {
    await svc.transfer(principal(req), req.params.id, req.body);
    return reply.status(202).send({ status: 'queued' });
  });
  app.post('/api/interactions/:id/force-assign', {
    config: { roles: managers },
    schema: { tags, summary: 'Give a queued contact to a given agent as soon as they can take it', params: idParams, body: z.object({ agentId: z.uuid() }).strict() },
  }, async (req, reply) => {
    await svc.forceAssign(principal(req), req.params.id, req.body.agentId);
    return reply.status(202).send({ status: 'queued' });
  });
  app.post('/api/interactions/:id/callback', { config: { roles: staff }, schema: { tags, summary: 'Keep the caller’s place and call back', params: idParams } },
    async (req, reply) => {
      await svc.requestCallback(principal(req), req.params.id);
      return reply.status(202).send({ status: 'queued' });
    });
  app.post('/api/interactions/:id/abandon', { config: { roles: staff }, schema: { tags, summary: 'The customer left the queue', params: idParams } },
    async (req, reply) => {
      await svc.abandon(principal(req), req.params.id);
      return reply.status(204).send();
    });
  app.get('/api/interactions/:id/position', { config: { roles: staff }, schema: { tags, summary: 'Queue position and estimated wait', params: idParams } },
    (req) => svc.position(principal(req), req.params.id));
}
