export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * How the file is written. PostgreSQL's COPY does the writing (libs/exports/src/query): RFC 4180 quoting (a cell
 * holding the delimiter, a double quote, CR or LF is quoted, its quotes doubled), formula cells neutralised in the
 * statement (OWASP "CSV injection": text starting with =, +, -, @, tab or CR gets a leading single quote, which
 * Excel, LibreOffice and Google Sheets show instead of running), CRLF row ends added while streaming.
 */
export interface FormatOptions {
  format: ExportFormat;
  /** CSV only: ',' (RFC 4180), ';' (German Excel) or a tab. */
  delimiter: CsvDelimiter;
  /** CSV only: a UTF-8 byte-order mark first, so Excel reads umlauts right. */
  bom: boolean;
}
