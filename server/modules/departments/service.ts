import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { conflict, invalid, notFound } from '../../platform/errors/index.js';
import type { Audit } from '../../platform/module.js';
import { departments } from './schema.js';
import * as store from './store.js';

type Ctx = { ip?: string };
export type DepartmentInput = { name: string; kind?: 'department' | 'team'; description?: string };

const view = (d: store.DepartmentRow, members: store.MemberRow[] = []) => ({
  id: d.id, name: d.name, kind: d.kind, description: d.description,
  members: members.map((m) => ({ userId: m.userId, name: m.name, role: m.role })),
});
export type DepartmentView = ReturnType<typeof view>;

// Drizzle wraps driver errors: the PostgreSQL code sits on `cause`.
const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return (err.code ?? err.cause?.code) === '23505';
};
const nameTaken = () => conflict('department_name_taken', 'A department with this name already exists');

/** Departments and teams with their members; changes are admin-only and audited. */
export class DepartmentService {
  constructor(private db: Db, private audit: Audit) {}

  async list(p: Principal) {
    const rows = await store.listDepartments(this.db, p.workspaceId);
    const members = await store.membersOf(this.db, p.workspaceId, rows.map((r) => r.id));
    return { items: rows.map((r) => view(r, members.get(r.id))) };
  }

  async get(p: Principal, id: string) {
    const d = await store.findDepartment(this.db, p.workspaceId, id);
    if (!d) throw notFound('Department');
    return view(d, (await store.membersOf(this.db, p.workspaceId, [id])).get(id));
  }

  async create(p: Principal, input: DepartmentInput, ctx: Ctx) {
    const [d] = await this.db.insert(departments).values({ workspaceId: p.workspaceId, ...input }).returning().catch((e) => {
      throw isUniqueViolation(e) ? nameTaken() : e;
    });
    await this.record(p, 'department.created', d!.id, ctx, { ...input });
    return view(d!);
  }

  async update(p: Principal, id: string, patch: Partial<DepartmentInput>, ctx: Ctx) {
    if (!Object.keys(patch).length) return this.get(p, id);
    const rows = await this.db.update(departments).set(patch)
      .where(and(eq(departments.workspaceId, p.workspaceId), eq(departments.id, id))).returning()
      .catch((e) => { throw isUniqueViolation(e) ? nameTaken() : e; });
    if (!rows.length) throw notFound('Department');
    await this.record(p, 'department.updated', id, ctx, { ...patch });
    return this.get(p, id);
  }

  async remove(p: Principal, id: string, ctx: Ctx) {
    const rows = await this.db.delete(departments).where(and(eq(departments.workspaceId, p.workspaceId), eq(departments.id, id))).returning({ id: departments.id });
    if (!rows.length) throw notFound('Department');
    await this.record(p, 'department.deleted', id, ctx);
  }

  /** Replaces the member list; every user must belong to the workspace. */
  async setMembers(p: Principal, id: string, members: store.MemberInput[], ctx: Ctx) {
    const ids = [...new Set(members.map((m) => m.userId))];
    if (ids.length !== members.length) throw invalid('invalid_member', 'A user is listed twice');
    await this.db.transaction(async (tx) => {
      if (!(await store.findDepartment(tx, p.workspaceId, id))) throw notFound('Department');
      if ((await store.countWorkspaceUsers(tx, p.workspaceId, ids)) !== ids.length) {
        throw invalid('invalid_member', 'Every member must be a user of this workspace');
      }
      await store.replaceMembers(tx, p.workspaceId, id, members);
    });
    await this.record(p, 'department.members_set', id, ctx, { members });
    return this.get(p, id);
  }

  private record(p: Principal, action: string, targetId: string, ctx: Ctx, details?: Record<string, unknown>) {
    return this.audit({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action, targetType: 'department', targetId, ip: ctx.ip, details });
  }
}

/** Whether a department id belongs to the workspace (for other modules' reference checks). */
export const departmentInWorkspace = async (db: Tx, workspaceId: string, id: string) => !!(await store.findDepartment(db, workspaceId, id));
