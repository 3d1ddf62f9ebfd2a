import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from '../logger.js';
import { errorHandler } from './errors.js';

export { errorHandler, toAppError } from './errors.js';
export { decodeCursor, encodeCursor, newerThan, olderThan, page, pageQuery, type Cursor } from './pagination.js';

/** The Fastify instance every module registers on: route types come from the zod schemas. */
export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** One registered route and its access rule, for tests and docs that check every route. */
export interface RouteInfo { method: string; url: string; public: boolean; roles?: readonly string[] }

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

/** Fastify with zod validation at the edge, one error shape, request ids and OpenAPI from the same schemas. */
export async function createHttp(opts: { log: Logger; bodyLimitKb: number; version: string }): Promise<ZodApp> {
  const app = Fastify({
    loggerInstance: opts.log,
    bodyLimit: opts.bodyLimitKb * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>() as unknown as ZodApp;
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: r.url, public: !!r.config?.public, roles: r.config?.roles });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}` } }));
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!req.url.startsWith('/api/docs')) {
      // The call page is embedded by the chat widget on customers' websites; every other page refuses frames.
      const embeddable = req.url.startsWith('/call/');
      if (!embeddable) reply.header('x-frame-options', 'DENY');
      reply.header('content-security-policy', `default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-ancestors ${embeddable ? '*' : "'none'"}; base-uri 'self'; form-action 'self'`);
    }
  });
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Tawasul API', version: opts.version, description: 'Omnichannel contact center API. Authenticate with a session cookie (+ x-csrf-token header on writes) or `Authorization: Bearer <API token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'tawasul_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  return app;
}
