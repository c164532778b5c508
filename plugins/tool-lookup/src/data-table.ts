import { DATE_YEARS, parseIsoDate, ValidationFailed } from '@confab/plugin-sdk';

export const COLUMN_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface DataTable {
  name: string;
  columns: Array<{ name: string; type: ColumnType }>;
  /** Column whose value identifies a row (upserts replace by it). */
  key?: string;
  rowCount: number;
  updatedAt: string;
}

export const MAX_ROWS = 50_000;

function coerce(value: unknown, type: ColumnType, where: string): string | number | boolean | null {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      if (!Number.isFinite(n)) throw new ValidationFailed(`${where}: '${value}' is not a number`, where);
      return n;
    }
    case 'boolean': {
      const s = String(value).trim().toLowerCase();
      if (['true', '1', 'yes'].includes(s)) return true;
      if (['false', '0', 'no'].includes(s)) return false;
      throw new ValidationFailed(`${where}: '${value}' is not true/false`, where);
    }
    case 'date': {
      // ISO dates are held to the API's date rule (a real day, 1970 to 9999); other spellings (CSV exports) to the range.
      const text = String(value).trim();
      const d = /^\d{4}-\d{2}-\d{2}/.test(text) ? parseIsoDate(text) : new Date(text);
      const year = d?.getUTCFullYear() ?? Number.NaN;
      if (!d || Number.isNaN(year) || year < DATE_YEARS.min || year > DATE_YEARS.max) throw new ValidationFailed(`${where}: '${value}' is not a date from ${DATE_YEARS.min} to ${DATE_YEARS.max}`, where);
      return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? String(value) : d.toISOString();
    }
    default:
      return String(value);
  }
}

/** Checks every row against the columns: unknown columns and values of the wrong type are refused, naming the row. */
export function typedRows(table: Pick<DataTable, 'columns' | 'key'>, rows: Array<Record<string, unknown>>): Array<Record<string, string | number | boolean | null>> {
  if (rows.length > MAX_ROWS) throw new ValidationFailed(`At most ${MAX_ROWS} rows per table`, 'rows');
  const known = new Map(table.columns.map((c) => [c.name, c.type]));
  return rows.map((row, i) => {
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new ValidationFailed(`rows.${i} must be an object`, `rows.${i}`);
    const unknown = Object.keys(row).find((k) => !known.has(k));
    if (unknown) throw new ValidationFailed(`rows.${i}: unknown column '${unknown}'`, `rows.${i}.${unknown}`);
    const typed = Object.fromEntries(table.columns.map((c) => [c.name, coerce(row[c.name], c.type, `rows.${i}.${c.name}`)]));
    if (table.key && (typed[table.key] === null || typed[table.key] === undefined)) throw new ValidationFailed(`rows.${i}: the key column '${table.key}' is empty`, `rows.${i}.${table.key}`);
    return typed;
  });
}

/**
 * The documents a load writes: one per row, id'd by the key column (or the row's position). A key given twice would
 * make the bulk write fail half way ("ON CONFLICT cannot affect row a second time"), so it is refused up front.
 */
export function rowDocuments<R extends Record<string, unknown>>(table: Pick<DataTable, 'key'>, rows: R[]): Array<{ id: string; data: R }> {
  const key = table.key;
  if (!key) return rows.map((row, i) => ({ id: String(i).padStart(8, '0'), data: row }));
  const firstRow = new Map<string, number>();
  return rows.map((row, i) => {
    const id = String(row[key]);
    const first = firstRow.get(id);
    if (first !== undefined) {
      throw new ValidationFailed(`${key} '${id}' appears more than once in this load (rows.${first} and rows.${i}); each key may appear once`, `rows.${i}.${key}`, {
        value: id,
        rows: [first, i],
      });
    }
    firstRow.set(id, i);
    return { id, data: row };
  });
}
