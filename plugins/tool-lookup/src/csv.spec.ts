import { parseCsv } from './csv';
import { typedRows } from './data-table';

describe('CSV and typed rows', () => {
  it('parses quoted fields with commas, quotes and newlines, and CRLF line ends', () => {
    const rows = parseCsv('order_id,status,note\r\nA-1,shipped,"says ""hi"", ok"\r\nA-2,open,"two\nlines"\r\n');
    expect(rows).toEqual([{ order_id: 'A-1', status: 'shipped', note: 'says "hi", ok' }, { order_id: 'A-2', status: 'open', note: 'two\nlines' }]);
  });

  it('types values by column and names the row and column at fault', () => {
    const table = { columns: [{ name: 'id', type: 'string' as const }, { name: 'qty', type: 'number' as const }, { name: 'paid', type: 'boolean' as const }], key: 'id' };
    expect(typedRows(table, [{ id: 'a', qty: '3', paid: 'yes' }])).toEqual([{ id: 'a', qty: 3, paid: true }]);
    expect(() => typedRows(table, [{ id: 'a', qty: 'three' }])).toThrow(/rows\.0\.qty/);
    expect(() => typedRows(table, [{ id: 'a', colour: 'red' }])).toThrow(/unknown column 'colour'/);
    expect(() => typedRows(table, [{ qty: 1 }])).toThrow(/key column 'id'/);
  });
});
