import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { users } from '../identity/index.js';
import { departmentMembers, departments } from './schema.js';

export type DepartmentRow = typeof departments.$inferSelect;
export type MemberInput = { userId: string; role: 'member' | 'lead' };
export type MemberRow = MemberInput & { departmentId: string; name: string };

export const findDepartment = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select().from(departments).where(and(eq(departments.workspaceId, workspaceId), eq(departments.id, id))).limit(1))[0];

export const listDepartments = (db: Tx, workspaceId: string) =>
  db.select().from(departments).where(eq(departments.workspaceId, workspaceId)).orderBy(asc(departments.name));

export async function membersOf(db: Tx, workspaceId: string, departmentIds: string[]): Promise<Map<string, MemberRow[]>> {
  const out = new Map<string, MemberRow[]>();
  if (!departmentIds.length) return out;
  const rows = await db.select({ departmentId: departmentMembers.departmentId, userId: departmentMembers.userId, role: departmentMembers.role, name: users.name })
    .from(departmentMembers).innerJoin(users, eq(users.id, departmentMembers.userId))
    .where(and(eq(departmentMembers.workspaceId, workspaceId), inArray(departmentMembers.departmentId, departmentIds)))
    .orderBy(asc(users.name));
  for (const r of rows) out.set(r.departmentId, [...(out.get(r.departmentId) ?? []), r]);
  return out;
}

/** How many of `userIds` are users of the workspace. */
export async function countWorkspaceUsers(db: Tx, workspaceId: string, userIds: string[]) {
  if (!userIds.length) return 0;
  const rows = await db.select({ id: users.id }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, userIds)));
  return rows.length;
}

export async function replaceMembers(db: Tx, workspaceId: string, departmentId: string, members: MemberInput[]) {
  await db.delete(departmentMembers).where(and(eq(departmentMembers.workspaceId, workspaceId), eq(departmentMembers.departmentId, departmentId)));
  if (members.length) await db.insert(departmentMembers).values(members.map((m) => ({ workspaceId, departmentId, ...m })));
}
