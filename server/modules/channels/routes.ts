import { z } from 'zod';
import { principal } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams, languageCode } from '../../platform/http/schemas.js';
import type { ChannelAccounts } from './accounts.js';
import { channelKinds } from './schema.js';

const json = z.record(z.string(), z.unknown());
const createBody = z.object({
  kind: z.enum(channelKinds), name: z.string().trim().min(1).max(200), address: z.string().trim().max(320).nullable().optional(),
  queueId: z.uuid().nullable().optional(), language: languageCode.nullable().optional(), enabled: z.boolean().optional(),
  settings: json.optional(), credentials: json.optional(),
}).strict();
const patchBody = createBody.omit({ kind: true }).partial().extend({ credentials: z.record(z.string(), z.unknown().nullable()).optional() }).strict();

export function channelRoutes(app: ZodApp, accounts: ChannelAccounts) {
  const tags = ['channels'];
  const admin = { roles: ['admin' as const] };
  app.get('/api/channels', { config: { roles: ['admin', 'supervisor'] }, schema: { tags, summary: 'Channel accounts (credentials are never returned)', querystring: z.object({ kind: z.enum(channelKinds).optional() }) } },
    async (req) => ({ items: await accounts.list(principal(req).workspaceId, req.query.kind) }));
  app.get('/api/channels/:id', { config: { roles: ['admin', 'supervisor'] }, schema: { tags, params: idParams } },
    async (req) => ({ channel: accounts.view(await accounts.get(principal(req).workspaceId, req.params.id)) }));
  app.post('/api/channels', { config: admin, schema: { tags, summary: 'Add a channel account', body: createBody } },
    async (req, reply) => reply.status(201).send({ channel: await accounts.create(principal(req), req.body) }));
  app.patch('/api/channels/:id', { config: admin, schema: { tags, summary: 'Change a channel (credentials merge; null removes one)', params: idParams, body: patchBody } },
    async (req) => ({ channel: await accounts.update(principal(req), req.params.id, req.body) }));
  app.post('/api/channels/:id/rotate-key', { config: admin, schema: { tags, summary: 'Issue a new public key (snippet, webhook and form URLs change)', params: idParams } },
    async (req) => ({ channel: await accounts.rotateKey(principal(req), req.params.id) }));
  app.delete('/api/channels/:id', { config: admin, schema: { tags, summary: 'Remove a channel no contact came through', params: idParams } },
    async (req, reply) => {
      await accounts.remove(principal(req), req.params.id);
      return reply.status(204).send();
    });
}
