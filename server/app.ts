import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { registerAuth, SessionCache, SESSIONS_CHANNEL } from './platform/auth/index.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config/index.js';
import type { Database } from './platform/db/index.js';
import { createHttp, type ZodApp } from './platform/http/index.js';
import { Jobs } from './platform/jobs/index.js';
import type { Logger } from './platform/logger.js';
import { metricsRoutes } from './platform/metrics.js';
import type { ModuleContext } from './platform/module.js';
import { createPgBus, RealtimeHub, realtimeRoutes } from './platform/realtime/index.js';
import { Secrets } from './platform/secrets/index.js';
import { identityRoutes, IdentityService } from './modules/identity/index.js';
import { registerModules } from './modules/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const version: string = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;

export interface Server {
  app: ZodApp;
  identity: IdentityService;
  ctx: ModuleContext;
  close(): Promise<void>;
}

/** Wires the platform and every module onto one Fastify instance (no listening: main and tests decide). */
export async function buildServer(opts: { config: Config; database: Database; log: Logger; clock?: Clock; serveWeb?: boolean }): Promise<Server> {
  const { config, database, log } = opts;
  const clock = opts.clock ?? systemClock;
  const app = await createHttp({ log, bodyLimitKb: config.BODY_LIMIT_KB, version });
  const bus = await createPgBus(database.db, database.pool, config.REALTIME_RETENTION_HOURS);
  const hub = new RealtimeHub(bus);
  // Sessions are cached for a few seconds; ended sessions and changed users are announced by the database.
  const sessions = new SessionCache();
  await bus.listen(SESSIONS_CHANNEL, (notice) => sessions.notice(notice));
  const identity = new IdentityService(database.db, clock, {
    sessionTtlHours: config.SESSION_TTL_HOURS,
    loginMaxAttempts: config.LOGIN_MAX_ATTEMPTS,
    loginWindowMinutes: config.LOGIN_WINDOW_MINUTES,
    onSessionsEnded: (match) => {
      sessions.drop(match);
      hub.disconnect(match);
    },
  });
  registerAuth(app, { fromSession: (t) => identity.principalFromSession(t), fromApiToken: (t) => identity.principalFromApiToken(t) },
    // The web app's files and the API docs are public; every other /api route needs a signed-in user.
    (url) => !url.startsWith('/api/') || url.startsWith('/api/docs'), sessions);

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    await database.pool.query('SELECT 1');
    return reply.send({ status: 'ok', version });
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
  metricsRoutes(app, database.pool);
  realtimeRoutes(app, hub);
  identityRoutes(app, identity, { sessionTtlHours: config.SESSION_TTL_HOURS, secureCookie: config.COOKIE_SECURE });

  const jobs = new Jobs(database.url, log);
  const secrets = await Secrets.load(database.db, config.SECRET_KEY);
  const ctx: ModuleContext = {
    app, db: database.db, bus, hub, config, log, clock, jobs, secrets,
    audit: (e) => identity.audit(e),
    databaseUrl: database.url,
  };
  registerModules(ctx);

  const webDir = path.join(root, 'dist', 'web');
  if (opts.serveWeb !== false && existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
    // The single-page app answers every other GET that is not an API route.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.status(404).send({ error: { code: 'not_found', message: 'No such API route' } });
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
  // Job workers start with the server and stop before the database pool closes.
  app.addHook('onReady', () => jobs.start());
  app.addHook('onClose', () => jobs.stop());
  await app.ready();
  return {
    app, identity, ctx,
    async close() {
      hub.close();
      await app.close();
      await bus.close();
    },
  };
}
