import { VALUE_SEPARATOR, type ExportColumn } from '../query/export-columns';
import { csvCellWriter, type CsvDelimiter } from './csv-cell';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface FormatOptions {
  format: ExportFormat;
  /** CSV only: ',' (RFC 4180), ';' (German Excel) or a tab. */
  delimiter: CsvDelimiter;
  /** CSV only: a UTF-8 byte-order mark first, so Excel reads umlauts right. */
  bom: boolean;
}

/** A row as the export statement yields it: one JSON text (an array of cell values for CSV, the object for JSON Lines). */
export interface ExportRow {
  line: string;
}

export interface RowWriter {
  /** What comes before the first row: the byte-order mark and the header row, as asked. */
  preamble: string;
  line(row: ExportRow): string;
}

function csvWriter(columns: ExportColumn[], options: FormatOptions): RowWriter {
  const cell = csvCellWriter(options.delimiter);
  const d = options.delimiter;
  // Only free text can carry a formula or a delimiter; numbers, ids, times and amounts are ours.
  const plain = columns.map((c) => c.kind === 'number' || c.kind === 'money');
  const header = columns.map((c) => cell(c.name)).join(d) + '\r\n';
  return {
    preamble: (options.bom ? '\uFEFF' : '') + header,
    line(row) {
      const values = JSON.parse(row.line) as unknown[];
      let out = '';
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (i > 0) out += d;
        if (v === null) continue;
        out += plain[i] ? String(v) : cell(String(v));
      }
      return out + '\r\n';
    },
  };
}

/** PostgreSQL rendered each value as JSON; the keys, built once, go in between. */
function jsonlWriter(columns: ExportColumn[]): RowWriter {
  const keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  return {
    preamble: '',
    line(row) {
      const values = row.line.split(VALUE_SEPARATOR);
      let out = '';
      for (let i = 0; i < keys.length; i++) out += keys[i] + values[i];
      return out + '}\n';
    },
  };
}

export function rowWriter(columns: ExportColumn[], options: FormatOptions): RowWriter {
  return options.format === 'csv' ? csvWriter(columns, options) : jsonlWriter(columns);
}

/**
 * The file as text chunks, one per batch of rows, pulled by its consumer: nothing more is read from the cursor
 * than the read-ahead until the previous chunk was taken, which carries the HTTP response's (or the file's)
 * back-pressure down to the database.
 */
export async function* exportChunks(batches: AsyncIterable<ExportRow[]>, writer: RowWriter, onProgress?: (rowsDone: number) => void): AsyncGenerator<string> {
  let chunk = writer.preamble;
  let done = 0;
  for await (const rows of batches) {
    for (const row of rows) chunk += writer.line(row);
    done += rows.length;
    yield chunk;
    chunk = '';
    onProgress?.(done);
  }
  if (chunk) yield chunk;
  onProgress?.(done);
}
