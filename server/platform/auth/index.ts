import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthorized, AppError } from '../errors/index.js';
import type { SessionCache } from './session-cache.js';

export { SessionCache, SESSIONS_CHANNEL } from './session-cache.js';

export const roles = ['admin', 'supervisor', 'agent'] as const;
export type Role = (typeof roles)[number];

/** Who is asking: every service call is scoped by this workspace. */
export interface Principal {
  userId: string;
  workspaceId: string;
  role: Role;
  email: string;
  name: string;
  sessionId?: string; // set for cookie sessions, absent for API tokens
  csrfToken?: string;
}

/** Looks up a principal from a session cookie or an API token; implemented by the identity module. */
export interface PrincipalResolver {
  fromSession(sessionToken: string): Promise<Principal | null>;
  fromApiToken(token: string): Promise<Principal | null>;
}

export const SESSION_COOKIE = 'tawasul_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** `public` skips sign-in; otherwise a signed-in user with one of `roles` (default: any role). */
    public?: boolean;
    roles?: readonly Role[];
  }
}

export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the principal on every request and enforces each route's access rule. Secure by default:
 * a route is open only when it says `config: { public: true }` or `isPublicUrl` says so (web assets). Cookie sessions must echo the CSRF
 * token on state-changing requests; bearer tokens cannot be sent by a browser on its own, so need none.
 */
export function registerAuth(app: FastifyInstance, resolver: PrincipalResolver, isPublicUrl: (routeUrl: string) => boolean = () => false, sessions?: SessionCache) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.principal = await resolver.fromApiToken(header.slice(7).trim());
      if (!req.principal) throw new AppError('invalid_token', 'The API token is not valid', 401);
    } else {
      const cookie = req.cookies?.[SESSION_COOKIE];
      if (cookie) req.principal = sessions ? await sessions.resolve(cookie, () => resolver.fromSession(cookie)) : await resolver.fromSession(cookie);
    }
    const config = req.routeOptions.config;
    if (config?.public || isPublicUrl(req.routeOptions.url ?? '')) return;
    const p = req.principal;
    if (!p) throw unauthorized();
    if (p.sessionId && unsafeMethods.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !p.csrfToken || !safeEqual(sent, p.csrfToken)) {
        throw new AppError('csrf_failed', 'Missing or wrong CSRF token', 403);
      }
    }
    if (config?.roles && !config.roles.includes(p.role)) throw forbidden();
  });
}

/** The signed-in principal of a route that is not public. */
export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

export const staff: readonly Role[] = roles;
export const managers: readonly Role[] = ['admin', 'supervisor'];
export const adminsOnly: readonly Role[] = ['admin'];
