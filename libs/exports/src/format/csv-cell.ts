/**
 * Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"): `=`, `+`, `-`,
 * `@`, and tab or carriage return, which some programs strip before looking at the next character.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A leading single quote makes Excel, LibreOffice and Google Sheets show the text as typed instead of running it. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * One RFC 4180 cell writer per delimiter: a cell holding the delimiter, a double quote, CR or LF is quoted and
 * its quotes doubled. Text cells are neutralised first, so the quote lands inside the quoted value.
 */
export function csvCellWriter(delimiter: CsvDelimiter): (text: string) => string {
  const needsQuotes = delimiter === ',' ? /[",\r\n]/ : delimiter === ';' ? /[";\r\n]/ : /["\t\r\n]/;
  return (text) => {
    const safe = neutraliseFormula(text);
    return needsQuotes.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
}
