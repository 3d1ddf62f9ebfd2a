import { z } from 'zod';
import { principal, staff } from '../../../platform/auth/index.js';
import { notFound } from '../../../platform/errors/index.js';
import { idParams } from '../../../platform/http/schemas.js';
import { registerEndpoints } from '../webhook.js';
import type { ChannelAdapter, ChannelContext } from '../adapter.js';
import { servicesOf, WalkIns } from './service.js';

const service = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ or -'),
  name: z.string().trim().min(1).max(100),
  letter: z.string().regex(/^[A-Z]$/, 'one capital letter'),
  queueId: z.uuid().nullable().optional(),
}).strict();
const settings = z.object({
  services: z.array(service).max(26).default([])
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, 'service ids must differ')
    .refine((s) => new Set(s.map((x) => x.letter)).size === s.length, 'service letters must differ'),
  counters: z.array(z.string().trim().min(1).max(40)).max(100).default([]),
  timeZone: z.string().min(1).max(64).default('UTC'),
  /** Text customers who left a number when they are called (through the workspace's SMS channel). */
  smsNotify: z.boolean().default(true),
}).strict();
const credentials = z.object({}).strict();

const keyParams = z.object({ key: z.string().min(8).max(64) });

function publicRoutes(ctx: ChannelContext, walkIns: WalkIns) {
  const tags = ['walk-in'];
  const streams = new Set<() => void>();
  ctx.app.addHook('onClose', async () => {
    for (const end of streams) end();
  });
  const branch = async (key: string) => {
    const a = await ctx.accounts.byPublicKey(key, 'walk_in');
    if (!a) throw notFound('Branch');
    return a;
  };
  ctx.app.get('/api/public/kiosk/:key', { config: { public: true }, schema: { tags, summary: 'A branch kiosk: its services', params: keyParams } }, async (req) => {
    const a = await branch(req.params.key);
    return { branch: { name: a.name, language: a.language, services: servicesOf(a).map((s) => ({ id: s.id, name: s.name, letter: s.letter })) } };
  });
  ctx.app.post('/api/public/kiosk/:key/tickets', {
    config: { public: true },
    schema: { tags, summary: 'Take a number for a service (optional phone for an SMS when called)', params: keyParams, body: z.object({ service: z.string().min(1).max(40), phone: z.string().max(40).optional() }).strict() },
  }, async (req, reply) => reply.status(201).send(await walkIns.take(await branch(req.params.key), req.body.service, req.body.phone)));
  ctx.app.get('/api/public/kiosk/:key/display', { config: { public: true }, schema: { tags, summary: 'What the branch display shows (numbers and counters only)', params: keyParams } },
    async (req) => walkIns.display(await branch(req.params.key)));
  ctx.app.get('/api/public/kiosk/:key/display/stream', {
    config: { public: true }, schema: { tags, summary: 'The branch display as server-sent events (`display` events with the same body as /display)', params: keyParams },
  }, async (req, reply) => {
    const account = await branch(req.params.key);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let last = '';
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const push = async () => {
      if (closed) return;
      try {
        const snap = JSON.stringify(await walkIns.display(account));
        if (snap !== last && !closed) {
          last = snap;
          res.write(`event: display\ndata: ${snap}\n\n`);
        }
      } catch (err) {
        req.log.warn({ err }, 'display update failed');
      }
    };
    const off = ctx.bus.onAnnounce((ws) => {
      if (ws !== account.workspaceId || timer) return;
      timer = setTimeout(() => { timer = undefined; void push(); }, 150);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 20_000);
    // A safety net for announcements missed while the database connection was being re-established.
    const poll = setInterval(() => void push(), 15_000);
    const end = () => {
      if (closed) return;
      closed = true;
      streams.delete(end);
      off();
      clearInterval(ping);
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      res.end();
    };
    streams.add(end);
    req.raw.on('close', end);
    res.write('retry: 3000\n\n');
    await push();
  });
}

function staffRoutes(ctx: ChannelContext, walkIns: WalkIns) {
  const tags = ['walk-in'];
  const config = { roles: staff };
  ctx.app.get('/api/walk-in/branches', { config, schema: { tags, summary: 'Branches with their services and counters' } },
    async (req) => ({ items: await walkIns.branches(principal(req).workspaceId) }));
  ctx.app.get('/api/walk-in/branches/:id/tickets', { config, schema: { tags, summary: 'Today\'s tickets of a branch', params: idParams } },
    async (req) => ({ items: await walkIns.tickets(principal(req).workspaceId, req.params.id) }));
  ctx.app.post('/api/walk-in/branches/:id/call-next', {
    config, schema: { tags, summary: 'Call the next customer to my counter', params: idParams, body: z.object({ counter: z.string().trim().min(1).max(40), services: z.array(z.string().max(40)).max(26).optional() }).strict() },
  }, async (req) => ({ ticket: await walkIns.callNext(principal(req), { branchId: req.params.id, counter: req.body.counter, services: req.body.services }) }));
  ctx.app.post('/api/walk-in/tickets/:id/call', {
    config, schema: { tags, summary: 'Call this ticket to my counter', params: idParams, body: z.object({ counter: z.string().trim().min(1).max(40) }).strict() },
  }, async (req) => ({ ticket: await walkIns.call(principal(req), req.params.id, req.body.counter) }));
  ctx.app.post('/api/walk-in/tickets/:id/recall', { config, schema: { tags, summary: 'Call the ticket again', params: idParams } },
    async (req) => ({ ticket: await walkIns.recall(principal(req), req.params.id) }));
  ctx.app.post('/api/walk-in/tickets/:id/no-show', { config, schema: { tags, summary: 'The customer did not come', params: idParams } },
    async (req) => ({ ticket: await walkIns.finish(principal(req), req.params.id, 'no_show') }));
  ctx.app.post('/api/walk-in/tickets/:id/done', { config, schema: { tags, summary: 'The visit is over', params: idParams } },
    async (req) => ({ ticket: await walkIns.finish(principal(req), req.params.id, 'done') }));
  ctx.app.post('/api/walk-in/visits', {
    config, schema: { tags, summary: 'Log a visit without a ticket (a walk_in contact assigned to me)', body: z.object({ customerId: z.uuid(), subject: z.string().trim().min(1).max(500).optional() }).strict() },
  }, async (req, reply) => reply.status(201).send({ interaction: await walkIns.logVisit(principal(req), req.body) }));
}

/**
 * Branches (face-to-face service). Public: the kiosk (`/api/public/kiosk/<publicKey>`) hands out tickets and
 * the display follows calls over server-sent events. Staff: call next, call, recall, no-show, done, and
 * visits logged without a ticket. Every ticket is a walk_in contact routed on its service's queue.
 */
export const walkIn: ChannelAdapter = {
  kind: 'walk_in',
  settings,
  credentials,
  register(ctx) {
    registerEndpoints(ctx);
    const walkIns = new WalkIns(ctx);
    ctx.hub.allow('walk-in', () => true);
    publicRoutes(ctx, walkIns);
    staffRoutes(ctx, walkIns);
  },
};
