import { and, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AppError } from '../errors/index.js';

/** Keyset cursor over (created_at, id), newest first: stable while rows are added. */
export type Cursor = { at: Date; id: string };

export const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function encodeCursor(at: Date, id: string | number): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime())) throw new AppError('invalid_cursor', 'The cursor is not valid', 400);
  return { at, id };
}

/** Cuts one extra row off a `limit + 1` query and makes the next cursor from the last row kept. */
export function page<T>(rows: T[], limit: number, key: (row: T) => [Date, string | number]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(...key(last)) : null;
  return { items, nextCursor };
}

type Column = AnyPgColumn;

/** Rows after the cursor in newest-first order: (created_at, id) < (cursor.at, cursor.id). */
export const olderThan = (createdAt: Column, id: Column, cursor: Cursor | undefined): SQL | undefined =>
  cursor ? or(lt(createdAt, cursor.at), and(eq(createdAt, cursor.at), lt(id, cursor.id))) : undefined;

/** Rows after the cursor in oldest-first order: (created_at, id) > (cursor.at, cursor.id). */
export const newerThan = (createdAt: Column, id: Column, cursor: Cursor | undefined): SQL | undefined =>
  cursor ? or(gt(createdAt, cursor.at), and(eq(createdAt, cursor.at), gt(id, cursor.id))) : undefined;
