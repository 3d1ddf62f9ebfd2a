import { and, asc, eq } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { conflict, invalid, notFound } from '../../platform/errors/index.js';
import type { Audit } from '../../platform/module.js';
import { departmentInWorkspace } from '../departments/index.js';
import type { channels } from '../interactions/schema.js';
import { queues } from './schema.js';

type Ctx = { ip?: string };
type Row = typeof queues.$inferSelect;
export type QueueInput = {
  name: string; departmentId?: string | null; channels?: (typeof channels)[number][]; language?: string | null;
  priority?: number; settings?: Record<string, unknown>;
};

const view = (q: Row) => ({
  id: q.id, name: q.name, departmentId: q.departmentId, channels: q.channels, language: q.language, priority: q.priority,
  settings: q.settings as Record<string, unknown>,
});

export const findQueue = async (db: Tx, workspaceId: string, id: string) =>
  (await db.select().from(queues).where(and(eq(queues.workspaceId, workspaceId), eq(queues.id, id))).limit(1))[0];

/** Whether a queue id belongs to the workspace (for other modules' reference checks). */
export const queueInWorkspace = async (db: Tx, workspaceId: string, id: string) => !!(await findQueue(db, workspaceId, id));

const nameTaken = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  throw (err.code ?? err.cause?.code) === '23505' ? conflict('queue_name_taken', 'A queue with this name already exists') : e;
};

/** Queues contacts wait in; read-mostly until the routing engine arrives. */
export class QueueService {
  constructor(private db: Db, private audit: Audit) {}

  async list(p: Principal) {
    const rows = await this.db.select().from(queues).where(eq(queues.workspaceId, p.workspaceId)).orderBy(asc(queues.name));
    return { items: rows.map(view) };
  }

  async get(p: Principal, id: string) {
    const q = await findQueue(this.db, p.workspaceId, id);
    if (!q) throw notFound('Queue');
    return view(q);
  }

  async create(p: Principal, input: QueueInput, ctx: Ctx) {
    await this.checkDepartment(p, input.departmentId);
    const [q] = await this.db.insert(queues).values({ ...input, workspaceId: p.workspaceId }).returning().catch(nameTaken);
    await this.record(p, 'queue.created', q!.id, ctx, { ...input });
    return view(q!);
  }

  async update(p: Principal, id: string, patch: Partial<QueueInput>, ctx: Ctx) {
    if (!Object.keys(patch).length) return this.get(p, id);
    await this.checkDepartment(p, patch.departmentId);
    const rows = await this.db.update(queues).set(patch).where(and(eq(queues.workspaceId, p.workspaceId), eq(queues.id, id))).returning().catch(nameTaken);
    if (!rows.length) throw notFound('Queue');
    await this.record(p, 'queue.updated', id, ctx, { ...patch });
    return view(rows[0]!);
  }

  private async checkDepartment(p: Principal, id: string | null | undefined) {
    if (id && !(await departmentInWorkspace(this.db, p.workspaceId, id))) throw invalid('invalid_department', 'No such department in this workspace');
  }

  private record(p: Principal, action: string, targetId: string, ctx: Ctx, details?: Record<string, unknown>) {
    return this.audit({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action, targetType: 'queue', targetId, ip: ctx.ip, details });
  }
}
