import { z } from 'zod';
import { adminsOnly, managers, principal, roles, SESSION_COOKIE } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { pageQuery } from '../../platform/http/index.js';
import { idParams, languageCode, languages, requestContext } from '../../platform/http/schemas.js';
import type { IdentityService } from './service.js';

const email = z.email().max(254);
const skill = z.object({ skill: z.string().trim().min(1).max(60), level: z.number().int().min(1).max(5) });
const userPatch = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(roles).optional(),
  active: z.boolean().optional(),
  languages: z.array(languageCode).max(20).optional(),
  skills: z.array(skill).max(50).optional(),
}).strict();

export function identityRoutes(app: ZodApp, svc: IdentityService, opts: { sessionTtlHours: number; secureCookie: boolean }) {
  const tags = ['identity'];
  app.post('/api/auth/login', {
    config: { public: true },
    schema: { tags, summary: 'Sign in with email and password', body: z.object({ email: z.string().max(254), password: z.string().max(200) }) },
  }, async (req, reply) => {
    const { token, principal: _p, ...me } = await svc.login(req.body.email, req.body.password, requestContext(req));
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookie, maxAge: opts.sessionTtlHours * 3600,
    });
    return me;
  });

  app.post('/api/auth/logout', { schema: { tags, summary: 'End this session' } }, async (req, reply) => {
    await svc.logout(principal(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.post('/api/auth/logout-all', { schema: { tags, summary: 'End every session of this account' } }, async (req, reply) => {
    await svc.logoutEverywhere(principal(req), requestContext(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { schema: { tags, summary: 'The signed-in user, workspace and CSRF token' } }, (req) => svc.me(principal(req)));

  app.patch('/api/auth/me', {
    schema: { tags, summary: 'Change own name or interface language', body: z.object({ name: z.string().trim().min(1).max(120).optional(), uiLanguage: z.enum(languages).optional() }).strict() },
  }, async (req) => ({ user: await svc.updateMe(principal(req), req.body) }));

  app.post('/api/auth/password', {
    schema: { tags, summary: 'Change own password; other sessions end', body: z.object({ currentPassword: z.string().max(200), newPassword: z.string().max(200) }) },
  }, async (req, reply) => {
    await svc.changePassword(principal(req), req.body.currentPassword, req.body.newPassword, requestContext(req));
    return reply.status(204).send();
  });

  app.get('/api/auth/tokens', { schema: { tags, summary: 'My API tokens' } }, async (req) => ({ items: await svc.listApiTokens(principal(req)) }));
  app.post('/api/auth/tokens', {
    schema: { tags, summary: 'Create an API token (shown once)', body: z.object({ name: z.string().trim().min(1).max(100) }) },
  }, async (req, reply) => reply.status(201).send(await svc.createApiToken(principal(req), req.body.name, requestContext(req))));
  app.delete('/api/auth/tokens/:id', { schema: { tags, summary: 'Revoke an API token', params: idParams } }, async (req, reply) => {
    await svc.revokeApiToken(principal(req), req.params.id, requestContext(req));
    return reply.status(204).send();
  });

  app.get('/api/users', {
    config: { roles: managers },
    schema: { tags, summary: 'Users of the workspace', querystring: pageQuery.extend({ q: z.string().max(100).optional() }) },
  }, (req) => svc.listUsers(principal(req), req.query));

  app.get('/api/users/:id', { config: { roles: managers }, schema: { tags, params: idParams } }, async (req) => ({ user: await svc.getUser(principal(req), req.params.id) }));

  app.post('/api/users', {
    config: { roles: adminsOnly },
    schema: {
      tags, summary: 'Create a user; without a password a temporary one is returned once',
      body: z.object({
        email, name: z.string().trim().min(1).max(120), role: z.enum(roles), password: z.string().max(200).optional(),
        languages: z.array(languageCode).max(20).default([]), skills: z.array(skill).max(50).default([]), uiLanguage: z.enum(languages).optional(),
      }).strict(),
    },
  }, async (req, reply) => {
    const p = principal(req);
    return reply.status(201).send(await svc.createUser(p, p.workspaceId, req.body, requestContext(req)));
  });

  app.patch('/api/users/:id', { config: { roles: adminsOnly }, schema: { tags, params: idParams, body: userPatch } },
    async (req) => ({ user: await svc.updateUser(principal(req), req.params.id, req.body, requestContext(req)) }));

  app.post('/api/users/:id/reset-password', { config: { roles: adminsOnly }, schema: { tags, summary: 'Set a temporary password; the user’s sessions end', params: idParams } },
    async (req) => ({ temporaryPassword: await svc.resetPassword(principal(req), req.params.id, requestContext(req)) }));

  app.get('/api/audit', { config: { roles: adminsOnly }, schema: { tags, summary: 'Audit log of sign-ins and admin changes', querystring: pageQuery } },
    (req) => svc.listAudit(principal(req), req.query));
}
