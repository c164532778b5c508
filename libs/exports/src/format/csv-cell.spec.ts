import { parse } from 'csv-parse/sync';
import { csvCellWriter, neutraliseFormula } from './csv-cell';

describe('neutraliseFormula', () => {
  it.each(['=SUM(A1:A9)', '+49 170 1234567', '-2+3', '@cmd', '\tTAB', '\rCR', "=HYPERLINK(\"http://x\";\"y\")"])('prefixes %j with a single quote', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it.each(['plain', '', ' =leading space', 'a=b', "'already quoted", '0.001250', '2026-12-06T10:00:00.000Z', 'Grüße 👋'])('leaves %j as it is', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe('csvCellWriter', () => {
  it('quotes only cells that need it and doubles inner quotes', () => {
    const cell = csvCellWriter(',');
    expect(cell('plain')).toBe('plain');
    expect(cell('a,b')).toBe('"a,b"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(cell('line\nbreak')).toBe('"line\nbreak"');
    expect(cell('a;b')).toBe('a;b');
  });

  it('quotes the semicolon, not the comma, for German Excel', () => {
    const cell = csvCellWriter(';');
    expect(cell('a;b')).toBe('"a;b"');
    expect(cell('a,b')).toBe('a,b');
  });

  it('neutralises before quoting, so the quote sits inside the quoted value', () => {
    expect(csvCellWriter(',')('=1,2')).toBe(`"'=1,2"`);
    expect(csvCellWriter(',')('\r\nx')).toBe(`"'\r\nx"`);
  });

  it.each([',', ';', '\t'] as const)('round-trips awkward text through a real parser with delimiter %j', (delimiter) => {
    const cell = csvCellWriter(delimiter);
    const values = ['Grüße, "Jörg"; 👋', 'multi\r\nline\nand\rreturns', '', 'tab\tinside', '"', ';', ','];
    const line = values.map(cell).join(delimiter) + '\r\n';
    const [parsed] = parse(line, { delimiter, relax_column_count: false }) as string[][];
    expect(parsed).toEqual(values);
  });
});
