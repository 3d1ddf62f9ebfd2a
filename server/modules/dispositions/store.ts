import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { wrapUpCodes } from './schema.js';

export type WrapUpCodeRow = typeof wrapUpCodes.$inferSelect;

export const listCodes = (db: Tx, workspaceId: string) =>
  db.select().from(wrapUpCodes).where(eq(wrapUpCodes.workspaceId, workspaceId)).orderBy(asc(wrapUpCodes.kind), asc(wrapUpCodes.position), asc(wrapUpCodes.label));

export const activeLabels = async (db: Tx, workspaceId: string) => {
  const rows = await db.select({ kind: wrapUpCodes.kind, label: wrapUpCodes.label }).from(wrapUpCodes)
    .where(and(eq(wrapUpCodes.workspaceId, workspaceId), eq(wrapUpCodes.active, true)));
  return { reasons: rows.filter((r) => r.kind === 'reason').map((r) => r.label), dispositions: rows.filter((r) => r.kind === 'disposition').map((r) => r.label) };
};
