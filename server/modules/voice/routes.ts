import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { managers, principal, staff } from '../../platform/auth/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams } from '../../platform/http/schemas.js';
import { voiceLanguages } from './settings.js';
import type { VoiceService } from './service.js';

const keyParams = z.object({ key: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/) });
const callParams = z.object({ callId: z.uuid() });
const tokenQuery = z.object({ token: z.string().min(10).max(200) });
const sdp = z.string().min(20).max(20_000);
const superviseMode = z.enum(['listen', 'whisper', 'barge']);

/** A fixed window per key, in memory: the public call API is reachable by anyone. */
class Limiter {
  private hits = new Map<string, { start: number; n: number }>();
  take(key: string, limit: number, windowMs: number) {
    const now = Date.now();
    const h = this.hits.get(key);
    if (!h || now - h.start >= windowMs) {
      if (this.hits.size > 50_000) this.hits.clear();
      this.hits.set(key, { start: now, n: 1 });
      return true;
    }
    return ++h.n <= limit;
  }
}

/**
 * The voice API: the caller's public side (CORS-open like the chat widget, rate-limited, the call token
 * in the query) and the agent's softphone and supervisor controls.
 */
export function voiceRoutes(app: ZodApp, voice: VoiceService) {
  const tags = ['voice'];
  const pub = { public: true };
  const limiter = new Limiter();
  const limit = (req: FastifyRequest, what: string, n: number, windowMs = 60_000) => {
    if (!limiter.take(`${what}:${req.ip}`, n, windowMs)) throw new AppError('rate_limited', 'Too many requests; try again shortly', 429);
  };

  app.register(async (plugin) => {
    const scope = plugin as unknown as ZodApp;
    scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-allow-headers', 'content-type');
      reply.header('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
      reply.header('access-control-max-age', '600');
      if (req.method !== 'OPTIONS') limit(req, 'all', 300);
    });
    scope.options('/api/public/voice/*', { config: pub, schema: { hide: true } }, (_req, reply) => reply.status(204).send());

    scope.get('/api/public/voice/:key', { config: pub, schema: { tags, summary: 'A voice entry point: its name, languages and whether it is open now', params: keyParams } },
      (req) => voice.publicInfo(req.params.key));

    scope.post('/api/public/voice/:key/calls', {
      config: pub,
      schema: {
        tags, summary: 'Start a call: the browser’s SDP offer (non-trickle) in, the relay’s answer out; opens the contact and starts the IVR', params: keyParams,
        body: z.object({ sdp, language: z.enum(voiceLanguages), visitorToken: z.string().max(4000).optional() }).strict(),
      },
    }, async (req, reply) => {
      limit(req, 'call', 10);
      const r = await voice.startCall(req.params.key, req.body);
      return reply.status(201).send({ callId: r.callId, token: r.token, sdp: r.sdp });
    });

    scope.delete('/api/public/voice/calls/:callId', { config: pub, schema: { tags, summary: 'The caller hangs up', params: callParams, querystring: tokenQuery } },
      async (req, reply) => {
        await voice.customerHangup(voice.callFor(req.params.callId, req.query.token));
        return reply.status(204).send();
      });

    // Server → caller: `{ type: 'state', state, position?, estimatedWaitSeconds?, endedBy? }`;
    // caller → server: `{ type: 'hangup' }`, `{ type: 'dtmf', digit }`, `{ type: 'callback' }`.
    scope.get('/api/public/voice/calls/:callId/ws', { config: pub, websocket: true, schema: { hide: true } }, (socket, req) => {
      const { callId } = req.params as { callId: string };
      const { token } = req.query as { token?: string };
      if (!limiter.take(`ws:${req.ip}`, 60, 60_000)) {
        socket.close(4029, 'rate limited');
        return;
      }
      try {
        voice.attachSocket(voice.callFor(callId, token), socket);
      } catch {
        socket.close(4004, 'no such call');
      }
    });
  });

  const agentTags = ['voice (agents)'];
  app.post('/api/voice/calls/:id/answer', {
    config: { roles: staff }, schema: { tags: agentTags, summary: 'The agent’s softphone answers an accepted call: SDP offer in, answer out', params: idParams, body: z.object({ sdp }).strict() },
  }, (req) => voice.answer(principal(req), req.params.id, req.body.sdp));

  for (const action of ['mute', 'unmute', 'hold', 'resume', 'hangup'] as const) {
    app.post(`/api/voice/calls/:id/${action}`, { config: { roles: staff }, schema: { tags: agentTags, summary: `${action[0]!.toUpperCase()}${action.slice(1)} the call`, params: idParams } },
      async (req, reply) => {
        await voice.control(principal(req), req.params.id, action);
        return reply.status(204).send();
      });
  }

  app.post('/api/voice/calls/:id/dtmf', {
    config: { roles: staff }, schema: { tags: agentTags, summary: 'Send keys on the call', params: idParams, body: z.object({ digits: z.string().min(1).max(32) }).strict() },
  }, async (req, reply) => {
    await voice.dtmf(principal(req), req.params.id, req.body.digits);
    return reply.status(204).send();
  });

  app.post('/api/voice/calls/:id/transfer', {
    config: { roles: staff },
    schema: {
      tags: agentTags, summary: 'Transfer the call to an agent or a queue (the caller hears hold audio meanwhile)', params: idParams,
      body: z.object({
        to: z.union([z.object({ agentId: z.uuid() }).strict(), z.object({ queueId: z.uuid() }).strict()]),
        mode: z.enum(['blind', 'warm']).default('blind'), note: z.string().trim().min(1).max(4000).optional(),
      }).strict(),
    },
  }, async (req, reply) => {
    await voice.transfer(principal(req), req.params.id, req.body.to, req.body.mode, req.body.note);
    return reply.status(202).send({ status: 'queued' });
  });

  app.post('/api/voice/calls/:id/supervise', {
    config: { roles: managers },
    schema: { tags: agentTags, summary: 'A supervisor joins the call: listen, whisper (to the agent) or barge', params: idParams, body: z.object({ sdp, mode: superviseMode }).strict() },
  }, (req) => voice.supervise(principal(req), req.params.id, req.body.sdp, req.body.mode));

  app.patch('/api/voice/calls/:id/supervise', {
    config: { roles: managers }, schema: { tags: agentTags, summary: 'Change how the supervisor takes part', params: idParams, body: z.object({ mode: superviseMode }).strict() },
  }, async (req, reply) => {
    await voice.superviseMode(principal(req), req.params.id, req.body.mode);
    return reply.status(204).send();
  });

  app.post('/api/voice/click-to-call', {
    config: { roles: staff },
    schema: { tags: agentTags, summary: 'Call back a customer who is on the website: the widget rings and the call joins a contact assigned to the caller', body: z.object({ customerId: z.uuid() }).strict() },
  }, async (req, reply) => reply.status(201).send(await voice.clickToCall(principal(req), req.body.customerId)));

  app.get('/api/interactions/:id/recording', {
    config: { roles: staff }, schema: { tags: agentTags, summary: 'The call’s stereo recording (audio/ogg: channel 0 the caller, 1 the agent)', params: idParams },
  }, async (req, reply) => {
    const { attachment, stream } = await voice.recording(principal(req), req.params.id);
    return reply.header('content-type', 'audio/ogg').header('content-length', attachment.size)
      .header('content-disposition', `inline; filename="${attachment.fileName}"`).header('cache-control', 'private, max-age=3600').send(stream);
  });
}
