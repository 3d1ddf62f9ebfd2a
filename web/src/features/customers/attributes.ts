/** Attributes are free JSON; the UI shows and edits them as text. */
export function attributeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export interface AttributeRow {
  key: string;
  value: string;
}

export function toRows(attributes: Record<string, unknown>): AttributeRow[] {
  return Object.entries(attributes ?? {}).map(([key, value]) => ({ key, value: attributeText(value) }));
}

/**
 * Back to a PATCH object; a value whose text did not change keeps its original type (number, boolean, …).
 * The server merges attributes, so a key that was removed is sent as null.
 */
export function fromRows(rows: AttributeRow[], original: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(original ?? {})) out[key] = null;
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) continue;
    const before = original?.[key];
    out[key] = before !== undefined && attributeText(before) === row.value ? before : row.value;
  }
  return out;
}
