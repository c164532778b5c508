/**
 * What a chosen file would load, read in the browser for the preview only: the server parses the file again and
 * is the one that checks it (types, unknown columns, duplicate keys), so its rules are not repeated here.
 */
export interface FilePreview {
  kind: 'csv' | 'json';
  columns: string[];
  rows: Array<Record<string, unknown>>;
  total: number;
  /** Why the file cannot be read as rows (bad JSON, not an array); the preview is then empty. */
  problem: string | null;
}

export function isCsv(fileName: string, type: string): boolean {
  return /\.csv$/i.test(fileName) || type === 'text/csv';
}

export function previewFile(text: string, csv: boolean, limit = 10): FilePreview {
  if (csv) {
    const rows = parseCsv(text);
    return { kind: 'csv', columns: rows.length ? Object.keys(rows[0]) : headerOf(text), rows: rows.slice(0, limit), total: rows.length, problem: null };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { kind: 'json', columns: [], rows: [], total: 0, problem: `not JSON (${(err as Error).message})` };
  }
  if (!Array.isArray(data) || data.some((r) => !r || typeof r !== 'object' || Array.isArray(r))) {
    return { kind: 'json', columns: [], rows: [], total: 0, problem: 'not a JSON array of row objects' };
  }
  const rows = data as Array<Record<string, unknown>>;
  const columns = [...new Set(rows.slice(0, 100).flatMap((r) => Object.keys(r)))];
  return { kind: 'json', columns, rows: rows.slice(0, limit), total: rows.length, problem: null };
}

function headerOf(text: string): string[] {
  return (text.split(/\r?\n/).find((l) => l.trim()) ?? '').split(',').map((h) => h.trim()).filter(Boolean);
}

/** RFC 4180 CSV as the server reads it: quoted fields, doubled quotes, line breaks inside quotes; line one names the columns. */
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows.filter((r) => r.some((v) => v.trim() !== ''));
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return body.map((values) => Object.fromEntries(names.map((n, i) => [n, values[i] ?? ''])));
}
