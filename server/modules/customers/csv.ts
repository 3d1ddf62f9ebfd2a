import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../platform/db/index.js';
import { AppError, invalid } from '../../platform/errors/index.js';
import { languageCode } from '../../platform/http/schemas.js';
import { isTimeZone } from './domain/fields.js';
import { normaliseIdentity } from './domain/identity.js';
import type { IdentityKind } from './schema.js';
import type { Actor, CustomerService, IdentityInput } from './service.js';
import * as store from './store.js';

export const exportColumns = ['id', 'name', 'language', 'timezone', 'tags', 'phone', 'email', 'whatsapp', 'telegram', 'messenger', 'created_at'] as const;
const csvKinds = ['phone', 'email', 'whatsapp', 'telegram', 'messenger'] as const satisfies readonly IdentityKind[];
const BATCH = 500;
export const MAX_IMPORT_ROWS = 50_000;

/** The workspace's live customers as CSV, produced in batches so memory stays flat; multi-values are |-separated. */
export async function* exportCsv(db: Db, workspaceId: string): AsyncGenerator<string> {
  // A byte-order mark so spreadsheet programs read Arabic as UTF-8.
  yield '\uFEFF' + stringify([exportColumns as unknown as string[]]);
  let after: string | undefined;
  for (;;) {
    const rows = await store.exportBatch(db, workspaceId, after, BATCH);
    if (!rows.length) return;
    const ids = await store.identitiesOf(db, rows.map((r) => r.id));
    yield stringify(rows.map((c) => {
      const of = (k: IdentityKind) => (ids.get(c.id) ?? []).filter((i) => i.kind === k).map((i) => i.value).join('|');
      return [c.id, c.name, c.language ?? '', c.timezone ?? '', c.tags.join('|'), ...csvKinds.map(of), c.createdAt.toISOString()];
    }));
    const last = rows[rows.length - 1]!;
    after = last.id;
    if (rows.length < BATCH) return;
  }
}

type RowError = { row: number; message: string };
const split = (v: string | undefined) => (v ?? '').split('|').map((s) => s.trim()).filter(Boolean);
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Imports customers: a header row with at least `name`; each row creates a customer or updates the one
 * with the same id (of this workspace), phone or email. Each row is its own transaction, so a bad row is
 * reported (`row` = its line in the file, the header being line 1) and never aborts the others.
 */
export async function importCsv(db: Db, svc: CustomerService, actor: Actor, text: string) {
  const errors: RowError[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true, skip_records_with_error: true,
      on_skip: (err: { message?: string; lines?: number } | undefined) => { if (err) errors.push({ row: err.lines ?? 0, message: err.message ?? 'unreadable row' }); },
    }) as never;
  } catch (e) {
    throw invalid('invalid_csv', `The file is not readable CSV: ${(e as Error).message}`);
  }
  const header = records.shift()?.record.map((h) => h.trim().toLowerCase());
  if (!header?.includes('name')) throw invalid('csv_header', 'The first row must be a header with at least a "name" column');
  if (records.length > MAX_IMPORT_ROWS) throw invalid('too_many_rows', `At most ${MAX_IMPORT_ROWS} rows per file`);
  const country = await svc.defaultCountry(actor.workspaceId);
  let created = 0;
  let updated = 0;
  for (const { record, info } of records) {
    const row = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
    try {
      const outcome = await importRow(db, svc, actor, row, country);
      if (outcome === 'created') created++; else updated++;
    } catch (e) {
      errors.push({ row: info.lines, message: e instanceof AppError ? e.message : 'The row could not be saved' });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { created, updated, errors };
}

async function importRow(db: Db, svc: CustomerService, actor: Actor, row: Record<string, string>, country: string | undefined) {
  const name = row.name?.trim() ?? '';
  if (!name) throw invalid('name_required', 'name is empty');
  if (name.length > 200) throw invalid('name_too_long', 'name is longer than 200 characters');
  const language = row.language?.trim() || undefined;
  if (language && !languageCode.safeParse(language).success) throw invalid('invalid_language', `"${language}" is not a language code`);
  const timezone = row.timezone?.trim() || undefined;
  if (timezone && !isTimeZone(timezone)) throw invalid('invalid_timezone', `"${timezone}" is not a time zone`);
  const tags = split(row.tags);
  if (tags.length > 50 || tags.some((t) => t.length > 50)) throw invalid('invalid_tags', 'at most 50 tags of up to 50 characters');
  const identities: IdentityInput[] = csvKinds.flatMap((kind) => split(row[kind]).map((value) => ({ kind, value, country })));
  if (identities.length > 20) throw invalid('too_many_identities', 'at most 20 identities per customer');
  // Normalise first, so a bad phone or email reports its own message before anything is written.
  const normal = identities.map((i) => ({ kind: i.kind, value: normaliseIdentity(i.kind, i.value, country), country }));

  return db.transaction(async (tx) => {
    let existingId: string | undefined;
    if (row.id && uuidShape.test(row.id)) {
      const c = await store.findCustomer(tx, actor.workspaceId, row.id);
      if (c && !c.mergedIntoId) existingId = c.id;
    }
    if (!existingId) {
      const owners = new Set<string>();
      for (const i of normal.filter((n) => n.kind === 'phone' || n.kind === 'email')) {
        const found = await store.findIdentity(tx, actor.workspaceId, i.kind, i.value);
        if (found) owners.add(found.customerId);
      }
      if (owners.size > 1) throw invalid('ambiguous_match', 'The phone and email belong to different customers');
      existingId = [...owners][0];
    }
    if (!existingId) {
      await svc.create(actor, { name, language, timezone, tags, identities: normal }, tx);
      return 'created' as const;
    }
    const before = (await store.findCustomer(tx, actor.workspaceId, existingId))!;
    await svc.update(actor, existingId, { name, ...(language ? { language } : {}), ...(timezone ? { timezone } : {}), tags: [...before.tags, ...tags] }, tx);
    for (const i of normal) await svc.addIdentity(actor, existingId, i, tx);
    return 'updated' as const;
  });
}
