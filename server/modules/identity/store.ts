import { and, desc, eq, gt, ilike, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { olderThan, type Cursor } from '../../platform/http/index.js';
import type { Tx } from '../../platform/db/index.js';
import { apiTokens, auditLog, sessions, users, userSkills, workspaces } from './schema.js';

export type UserRow = typeof users.$inferSelect;
export type Skill = { skill: string; level: number };

export const findUserByEmail = async (db: Tx, email: string) =>
  (await db.select().from(users).where(eq(users.email, email)).limit(1))[0];

export const findUser = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id))).limit(1))[0];

export const findWorkspace = async (db: Tx, id: string) => (await db.select().from(workspaces).where(eq(workspaces.id, id)).limit(1))[0];

export async function skillsOf(db: Tx, userIds: string[]): Promise<Map<string, Skill[]>> {
  const out = new Map<string, Skill[]>();
  if (!userIds.length) return out;
  const rows = await db.select().from(userSkills).where(inArray(userSkills.userId, userIds)).orderBy(userSkills.skill);
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), { skill: r.skill, level: r.level }]);
  return out;
}

export async function setSkills(db: Tx, workspaceId: string, userId: string, skills: Skill[]) {
  await db.delete(userSkills).where(eq(userSkills.userId, userId));
  if (skills.length) await db.insert(userSkills).values(skills.map((s) => ({ workspaceId, userId, ...s })));
}

export async function listUsers(db: Tx, workspaceId: string, q: string | undefined, cursor: Cursor | undefined, limit: number) {
  const term = q?.trim() ? `%${q.trim().replace(/[%_\\]/g, '\\$&')}%` : undefined;
  return db.select().from(users).where(and(
    eq(users.workspaceId, workspaceId),
    term ? or(ilike(users.name, term), ilike(users.email, term)) : undefined,
    olderThan(users.createdAt, users.id, cursor),
  )).orderBy(desc(users.createdAt), desc(users.id)).limit(limit + 1);
}

export async function findSession(db: Tx, id: string, now: Date) {
  const rows = await db.select({ session: sessions, user: users }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), eq(users.active, true))).limit(1);
  return rows[0];
}

export async function findApiToken(db: Tx, hash: string) {
  const rows = await db.select({ token: apiTokens, user: users }).from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt), eq(users.active, true))).limit(1);
  return rows[0];
}

/** Deletes the user's sessions, keeping `keep` when given. */
export const deleteSessions = (db: Tx, userId: string, keep?: string) =>
  db.delete(sessions).where(and(eq(sessions.userId, userId), keep ? ne(sessions.id, keep) : undefined));

export const touchToken = (db: Tx, id: string, at: Date) =>
  db.update(apiTokens).set({ lastUsedAt: at }).where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`${at}::timestamptz - interval '1 minute'`))));

export type AuditEntry = {
  workspaceId: string | null; actorId?: string | null; actorEmail?: string | null; action: string;
  targetType?: string; targetId?: string; ip?: string; details?: Record<string, unknown>;
};
export const insertAudit = (db: Tx, e: AuditEntry) => db.insert(auditLog).values({ ...e, details: e.details ?? {} });

export const listAudit = (db: Tx, workspaceId: string, beforeId: number | undefined, limit: number) =>
  db.select().from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), beforeId ? lt(auditLog.id, beforeId) : undefined))
    .orderBy(desc(auditLog.id)).limit(limit + 1);
