import { money } from '@confab/assistants';
import type { ExportColumn } from '../query/export-columns';
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

type Row = Record<string, unknown>;

export interface RowWriter {
  /** What comes before the first row: the byte-order mark and the header row, as asked. */
  preamble: string;
  line(row: Row): string;
}

const amount = (micros: unknown) => money(Number(micros)).amount;

function csvWriter(columns: ExportColumn[], options: FormatOptions): RowWriter {
  const cell = csvCellWriter(options.delimiter);
  const d = options.delimiter;
  const header = columns.map((c) => cell(c.name)).join(d) + '\r\n';
  return {
    preamble: (options.bom ? '\uFEFF' : '') + header,
    line(row) {
      let out = '';
      for (let i = 0; i < columns.length; i++) {
        const col = columns[i];
        const v = row[col.name];
        if (i > 0) out += d;
        if (v === null || v === undefined) continue;
        out += col.kind === 'number' ? String(v) : col.kind === 'money' ? amount(v) : cell(String(v));
      }
      return out + '\r\n';
    },
  };
}

function jsonlWriter(columns: ExportColumn[]): RowWriter {
  // The key part of each member is the same on every line: build it once.
  const keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  return {
    preamble: '',
    line(row) {
      let out = '';
      for (let i = 0; i < columns.length; i++) {
        const col = columns[i];
        const v = row[col.name];
        out += keys[i];
        if (v === null || v === undefined) out += 'null';
        else if (col.kind === 'number') out += String(v);
        else if (col.kind === 'json') out += v as string;
        else if (col.kind === 'money') out += `"${amount(v)}"`;
        else out += JSON.stringify(v);
      }
      return out + '}\n';
    },
  };
}

export function rowWriter(columns: ExportColumn[], options: FormatOptions): RowWriter {
  return options.format === 'csv' ? csvWriter(columns, options) : jsonlWriter(columns);
}

/** Rows are written out in pieces of about this many characters: big enough for few writes, small enough to bound memory. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The file as text chunks, pulled by its consumer: nothing is read from the cursor until the previous chunk
 * was taken, which is what carries the HTTP response's (or the file's) back-pressure down to the database.
 */
export async function* exportChunks(rows: AsyncIterable<Row>, writer: RowWriter, onProgress?: (rowsDone: number) => void): AsyncGenerator<string> {
  let buffer = writer.preamble;
  let done = 0;
  for await (const row of rows) {
    buffer += writer.line(row);
    done++;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
      onProgress?.(done);
    }
  }
  if (buffer) yield buffer;
  onProgress?.(done);
}
