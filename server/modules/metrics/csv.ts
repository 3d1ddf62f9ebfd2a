import { stringify } from 'csv-stringify/sync';

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** CSV with a header from the first row's keys (snake_case); cells that a spreadsheet would run as formulas are quoted out. */
export function csvOf(rows: Record<string, unknown>[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /^[=+\-@\t\r]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  };
  return stringify([keys.map(snake), ...rows.map((r) => keys.map((k) => cell(r[k])))]);
}
