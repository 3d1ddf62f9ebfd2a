import { hash, verify } from '@node-rs/argon2';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { newSecret, sha256, type Principal, type Role } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, conflict, invalid, notFound } from '../../platform/errors/index.js';
import { decodeCursor, page } from '../../platform/http/index.js';
import { FailureLimiter } from './domain/rate-limit.js';
import { apiTokens, sessions, users, workspaces } from './schema.js';
import * as store from './store.js';

export type Skill = store.Skill;
export type UserView = ReturnType<typeof userView>;
type Ctx = { ip?: string; userAgent?: string };

export const userView = (u: store.UserRow, skills: Skill[] = []) => ({
  id: u.id, email: u.email, name: u.name, role: u.role, uiLanguage: u.uiLanguage, languages: u.languages,
  skills, active: u.active, createdAt: u.createdAt.toISOString(),
});
export const workspaceView = (w: typeof workspaces.$inferSelect) => ({
  id: w.id, name: w.name, slug: w.slug, timezone: w.timezone, defaultLanguage: w.defaultLanguage,
});

const principalOf = (u: store.UserRow, s?: { id: string; csrfToken: string }): Principal => ({
  userId: u.id, workspaceId: u.workspaceId, role: u.role, email: u.email, name: u.name, sessionId: s?.id, csrfToken: s?.csrfToken,
});

export function checkPassword(pw: string) {
  if (pw.length < 10) throw invalid('weak_password', 'A password needs at least 10 characters');
  if (pw.length > 200) throw invalid('weak_password', 'A password can have at most 200 characters');
}
export const normaliseEmail = (e: string) => e.trim().toLowerCase();
export const temporaryPassword = () => newSecret(12);

export interface IdentityOptions {
  sessionTtlHours: number;
  loginMaxAttempts: number;
  loginWindowMinutes: number;
  /** Called when sessions end, so live websockets of those sessions close too. */
  onSessionsEnded?: (match: (p: Principal) => boolean) => void;
}

/** Accounts, sign-in, sessions, API tokens and the audit log. */
export class IdentityService {
  private limiter: FailureLimiter;
  private dummyHash: Promise<string>;

  constructor(private db: Db, private clock: Clock, private opts: IdentityOptions) {
    this.limiter = new FailureLimiter(opts.loginMaxAttempts, opts.loginWindowMinutes * 60_000);
    this.dummyHash = hash('not-a-real-password');
  }

  audit(e: store.AuditEntry) {
    return store.insertAudit(this.db, e);
  }

  async login(emailIn: string, password: string, ctx: Ctx) {
    const email = normaliseEmail(emailIn);
    const now = this.clock.now().getTime();
    const keys = [`e:${email}`, `i:${ctx.ip ?? ''}:${email}`];
    const wait = Math.max(...keys.map((k) => this.limiter.retryAfter(k, now)));
    if (wait > 0) throw new AppError('rate_limited', `Too many failed sign-ins; try again in ${Math.ceil(wait / 60_000)} min`, 429, { retryAfterSeconds: Math.ceil(wait / 1000) });
    const user = await store.findUserByEmail(this.db, email);
    // Verify against a dummy hash for unknown users, so timing does not reveal which emails exist.
    const ok = await verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !ok || !user.active || !user.passwordHash) {
      for (const k of keys) this.limiter.fail(k, now);
      await this.audit({ workspaceId: user?.workspaceId ?? null, actorId: user?.id, actorEmail: email, action: 'login.failed', ip: ctx.ip });
      throw new AppError('invalid_credentials', 'Wrong email or password', 401);
    }
    for (const k of keys) this.limiter.reset(k);
    const token = newSecret();
    const session = { id: sha256(token), csrfToken: newSecret(24) };
    await this.db.insert(sessions).values({
      ...session, workspaceId: user.workspaceId, userId: user.id, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 300),
      expiresAt: new Date(now + this.opts.sessionTtlHours * 3600_000),
    });
    await this.audit({ workspaceId: user.workspaceId, actorId: user.id, actorEmail: user.email, action: 'login.succeeded', ip: ctx.ip });
    return { token, principal: principalOf(user, session), ...(await this.me(principalOf(user, session))) };
  }

  async principalFromSession(token: string): Promise<Principal | null> {
    const row = await store.findSession(this.db, sha256(token), this.clock.now());
    return row ? principalOf(row.user, row.session) : null;
  }

  async principalFromApiToken(token: string): Promise<Principal | null> {
    const row = await store.findApiToken(this.db, sha256(token));
    if (!row) return null;
    await store.touchToken(this.db, row.token.id, this.clock.now());
    return principalOf(row.user);
  }

  async me(p: Principal) {
    const user = await store.findUser(this.db, p.workspaceId, p.userId);
    const ws = await store.findWorkspace(this.db, p.workspaceId);
    if (!user || !ws) throw notFound('User');
    const skills = (await store.skillsOf(this.db, [user.id])).get(user.id) ?? [];
    return { user: userView(user, skills), workspace: workspaceView(ws), csrfToken: p.csrfToken ?? null };
  }

  async updateMe(p: Principal, patch: { name?: string; uiLanguage?: string }) {
    await this.db.update(users).set({ ...patch, updatedAt: this.clock.now() }).where(and(eq(users.id, p.userId), eq(users.workspaceId, p.workspaceId)));
    return (await this.me(p)).user;
  }

  async logout(p: Principal) {
    if (p.sessionId) await this.db.delete(sessions).where(eq(sessions.id, p.sessionId));
    this.opts.onSessionsEnded?.((x) => x.sessionId === p.sessionId);
  }

  async logoutEverywhere(p: Principal, ctx: Ctx) {
    await store.deleteSessions(this.db, p.userId);
    this.opts.onSessionsEnded?.((x) => x.userId === p.userId);
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action: 'sessions.revoked_all', ip: ctx.ip });
  }

  /** Changing one's password ends every other session of the account. */
  async changePassword(p: Principal, current: string, next: string, ctx: Ctx) {
    const user = await store.findUser(this.db, p.workspaceId, p.userId);
    if (!user?.passwordHash || !(await verify(user.passwordHash, current).catch(() => false))) {
      throw new AppError('invalid_credentials', 'The current password is wrong', 403);
    }
    checkPassword(next);
    await this.setPassword(user.id, next, p.sessionId);
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action: 'password.changed', targetType: 'user', targetId: p.userId, ip: ctx.ip });
  }

  private async setPassword(userId: string, password: string, keepSession?: string) {
    const passwordHash = await hash(password);
    await this.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, passwordChangedAt: this.clock.now(), updatedAt: this.clock.now() }).where(eq(users.id, userId));
      await store.deleteSessions(tx, userId, keepSession);
    });
    this.opts.onSessionsEnded?.((x) => x.userId === userId && x.sessionId !== keepSession);
  }

  async listUsers(p: Principal, q: { q?: string; cursor?: string; limit: number }) {
    const rows = await store.listUsers(this.db, p.workspaceId, q.q, decodeCursor(q.cursor), q.limit);
    const pg = page(rows, q.limit, (u) => [u.createdAt, u.id]);
    const skills = await store.skillsOf(this.db, pg.items.map((u) => u.id));
    return { items: pg.items.map((u) => userView(u, skills.get(u.id))), nextCursor: pg.nextCursor };
  }

  async getUser(p: Principal, id: string) {
    const u = await store.findUser(this.db, p.workspaceId, id);
    if (!u) throw notFound('User');
    return userView(u, (await store.skillsOf(this.db, [id])).get(id));
  }

  /** Creates an account in the principal's workspace; without a password a temporary one is returned once. */
  async createUser(actor: Principal | null, workspaceId: string, input: {
    email: string; name: string; role: Role; password?: string; languages?: string[]; skills?: Skill[]; uiLanguage?: string;
  }, ctx: Ctx = {}) {
    const email = normaliseEmail(input.email);
    if (await store.findUserByEmail(this.db, email)) throw conflict('email_taken', 'A user with this email already exists');
    const temp = input.password ? undefined : temporaryPassword();
    const password = input.password ?? temp!;
    checkPassword(password);
    const passwordHash = await hash(password);
    const user = await this.db.transaction(async (tx) => {
      const [u] = await tx.insert(users).values({
        workspaceId, email, name: input.name.trim(), role: input.role, passwordHash, languages: input.languages ?? [],
        uiLanguage: input.uiLanguage ?? 'en',
      }).returning();
      await store.setSkills(tx, workspaceId, u!.id, input.skills ?? []);
      await store.insertAudit(tx, { workspaceId, actorId: actor?.userId, actorEmail: actor?.email, action: 'user.created', targetType: 'user', targetId: u!.id, ip: ctx.ip, details: { email, role: input.role } });
      return u!;
    });
    return { user: userView(user, input.skills ?? []), temporaryPassword: temp };
  }

  async updateUser(actor: Principal, id: string, patch: { name?: string; role?: Role; active?: boolean; languages?: string[]; skills?: Skill[] }, ctx: Ctx) {
    const before = await store.findUser(this.db, actor.workspaceId, id);
    if (!before) throw notFound('User');
    if (id === actor.userId && (patch.role && patch.role !== 'admin' || patch.active === false)) {
      throw new AppError('cannot_demote_self', 'You cannot remove your own admin access', 409);
    }
    const { skills, ...fields } = patch;
    await this.db.transaction(async (tx) => {
      await tx.update(users).set({ ...fields, updatedAt: this.clock.now() }).where(and(eq(users.id, id), eq(users.workspaceId, actor.workspaceId)));
      if (skills) await store.setSkills(tx, actor.workspaceId, id, skills);
      if (patch.active === false) await store.deleteSessions(tx, id);
      await store.insertAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.userId, actorEmail: actor.email, action: 'user.updated', targetType: 'user', targetId: id, ip: ctx.ip, details: patch });
    });
    if (patch.active === false) this.opts.onSessionsEnded?.((x) => x.userId === id);
    return this.getUser(actor, id);
  }

  async resetPassword(actor: Principal, id: string, ctx: Ctx) {
    const user = await store.findUser(this.db, actor.workspaceId, id);
    if (!user) throw notFound('User');
    const temp = temporaryPassword();
    await this.setPassword(id, temp);
    await this.audit({ workspaceId: actor.workspaceId, actorId: actor.userId, actorEmail: actor.email, action: 'user.password_reset', targetType: 'user', targetId: id, ip: ctx.ip });
    return temp;
  }

  /** For the CLI: sets a password by email, ending all sessions. */
  async resetPasswordByEmail(email: string, password: string) {
    const user = await store.findUserByEmail(this.db, normaliseEmail(email));
    if (!user) throw notFound('User');
    checkPassword(password);
    await this.setPassword(user.id, password);
    await this.audit({ workspaceId: user.workspaceId, actorEmail: 'cli', action: 'user.password_reset', targetType: 'user', targetId: user.id });
  }

  async createApiToken(p: Principal, name: string, ctx: Ctx) {
    const token = `tws_${newSecret()}`;
    const [row] = await this.db.insert(apiTokens).values({ workspaceId: p.workspaceId, userId: p.userId, name, tokenHash: sha256(token), prefix: token.slice(0, 8) }).returning();
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action: 'api_token.created', targetType: 'api_token', targetId: row!.id, ip: ctx.ip });
    return { token, apiToken: tokenView(row!) };
  }

  async listApiTokens(p: Principal) {
    const rows = await this.db.select().from(apiTokens)
      .where(and(eq(apiTokens.workspaceId, p.workspaceId), eq(apiTokens.userId, p.userId), isNull(apiTokens.revokedAt)))
      .orderBy(desc(apiTokens.createdAt));
    return rows.map(tokenView);
  }

  async revokeApiToken(p: Principal, id: string, ctx: Ctx) {
    const rows = await this.db.update(apiTokens).set({ revokedAt: this.clock.now() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.workspaceId, p.workspaceId), eq(apiTokens.userId, p.userId), isNull(apiTokens.revokedAt))).returning();
    if (!rows.length) throw notFound('API token');
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action: 'api_token.revoked', targetType: 'api_token', targetId: id, ip: ctx.ip });
  }

  async listAudit(p: Principal, q: { cursor?: string; limit: number }) {
    const before = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString()) : undefined;
    if (before !== undefined && !Number.isSafeInteger(before)) throw new AppError('invalid_cursor', 'The cursor is not valid', 400);
    const rows = await store.listAudit(this.db, p.workspaceId, before, q.limit);
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((a) => ({ id: a.id, action: a.action, actorEmail: a.actorEmail, targetType: a.targetType, targetId: a.targetId, ip: a.ip, details: a.details, createdAt: a.createdAt.toISOString() })),
      nextCursor: rows.length > q.limit && last ? Buffer.from(String(last.id)).toString('base64url') : null,
    };
  }

  async createWorkspace(input: { name: string; slug: string; timezone?: string; defaultLanguage?: string }) {
    const [ws] = await this.db.insert(workspaces).values(input).returning();
    return ws!;
  }
}

const tokenView = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id, name: t.name, prefix: t.prefix, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});
