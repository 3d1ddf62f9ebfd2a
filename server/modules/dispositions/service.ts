import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Db } from '../../platform/db/index.js';
import { conflict, invalid, notFound } from '../../platform/errors/index.js';
import type { Audit } from '../../platform/module.js';
import type { CloseInput } from '../interactions/index.js';
import { closeProblem } from './domain/check.js';
import { wrapUpCodes, type wrapUpKinds } from './schema.js';
import * as store from './store.js';

export type CodeInput = { kind: (typeof wrapUpKinds)[number]; label: string; active?: boolean; position?: number };

const view = (c: store.WrapUpCodeRow) => ({ id: c.id, kind: c.kind, label: c.label, active: c.active, position: c.position });

const labelTaken = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  throw (err.code ?? err.cause?.code) === '23505' ? conflict('label_taken', 'This list already has an entry with this label') : e;
};

/** The configurable contact reasons and dispositions, and the check every close goes through. */
export class DispositionService {
  constructor(private db: Db, private audit: Audit) {}

  async list(p: Principal) {
    return { items: (await store.listCodes(this.db, p.workspaceId)).map(view) };
  }

  async create(p: Principal, input: CodeInput) {
    const [c] = await this.db.insert(wrapUpCodes).values({ ...input, workspaceId: p.workspaceId }).returning().catch(labelTaken);
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, action: 'wrap_up_code.created', targetType: 'wrap_up_code', targetId: c!.id, details: { ...input } });
    return view(c!);
  }

  async update(p: Principal, id: string, patch: Partial<CodeInput>) {
    if (!Object.keys(patch).length) {
      const found = (await store.listCodes(this.db, p.workspaceId)).find((c) => c.id === id);
      if (!found) throw notFound('Wrap-up code');
      return view(found);
    }
    const rows = await this.db.update(wrapUpCodes).set(patch).where(and(eq(wrapUpCodes.workspaceId, p.workspaceId), eq(wrapUpCodes.id, id))).returning().catch(labelTaken);
    if (!rows.length) throw notFound('Wrap-up code');
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, action: 'wrap_up_code.updated', targetType: 'wrap_up_code', targetId: id, details: { ...patch } });
    return view(rows[0]!);
  }

  async remove(p: Principal, id: string) {
    const rows = await this.db.delete(wrapUpCodes).where(and(eq(wrapUpCodes.workspaceId, p.workspaceId), eq(wrapUpCodes.id, id))).returning({ id: wrapUpCodes.id });
    if (!rows.length) throw notFound('Wrap-up code');
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, action: 'wrap_up_code.deleted', targetType: 'wrap_up_code', targetId: id });
  }

  /** Refuses a close whose reason or disposition is missing or not on the workspace's active lists. */
  async checkClose(workspaceId: string, input: CloseInput) {
    const problem = closeProblem(await store.activeLabels(this.db, workspaceId), input);
    if (problem) throw invalid(problem.code, problem.message);
  }
}
