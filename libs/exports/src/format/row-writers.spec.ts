import { parse } from 'csv-parse/sync';
import { VALUE_SEPARATOR, type ExportColumn } from '../query/export-columns';
import { exportChunks, rowWriter } from './row-writers';

const columns: ExportColumn[] = [
  { name: 'id', sql: '', kind: 'text' },
  { name: 'text', sql: '', kind: 'text' },
  { name: 'tokens', sql: '', kind: 'number' },
  { name: 'cost', sql: '', kind: 'money' },
  { name: 'args', sql: '', kind: 'json' },
];

// Rows as PostgreSQL hands them over: a JSON array of cells for CSV, the values' JSON texts joined for JSON Lines.
const csvRow = (values: unknown[]) => ({ line: JSON.stringify(values) });
const jsonlRow = (values: unknown[]) => ({ line: values.map((v) => JSON.stringify(v)).join(VALUE_SEPARATOR) });

async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

async function* batches<T>(...groups: T[][]): AsyncGenerator<T[]> {
  yield* groups;
}

describe('row writers', () => {
  const values = ['a1', '=1+1, "x"; y\nz', null, '0.001250', '{"q": "a;b"}'];

  it('writes a header and CRLF rows that csv-parse reads back, null as an empty cell, formulas neutralised', async () => {
    const out = await text(exportChunks(batches([csvRow(values)], [csvRow(['a2', 'plain', 7, '-0.500000', null])]), rowWriter(columns, { format: 'csv', delimiter: ';', bom: true })));
    expect(out.startsWith('\uFEFFid;text;tokens;cost;args\r\n')).toBe(true);
    expect(parse(out, { delimiter: ';', bom: true, columns: true })).toEqual([
      { id: 'a1', text: `'=1+1, "x"; y\nz`, tokens: '', cost: '0.001250', args: '{"q": "a;b"}' },
      // Amounts are ours: a negative one keeps its sign instead of being neutralised.
      { id: 'a2', text: 'plain', tokens: '7', cost: '-0.500000', args: '' },
    ]);
  });

  it('writes one JSON object per line with the keys in column order and JSON columns nested', async () => {
    const json = ['a1', '=1+1, "x"; y\nz', null, '0.001250', { q: 'a;b' }];
    const out = await text(exportChunks(batches([jsonlRow(json)]), rowWriter(columns, { format: 'jsonl', delimiter: ',', bom: true })));
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')).toHaveLength(2);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(['id', 'text', 'tokens', 'cost', 'args']);
    expect(parsed).toEqual({ id: 'a1', text: '=1+1, "x"; y\nz', tokens: null, cost: '0.001250', args: { q: 'a;b' } });
  });

  it('reports progress per batch and writes only the header for no rows', async () => {
    const progress: number[] = [];
    await text(exportChunks(batches([csvRow(values), csvRow(values)], [csvRow(values)]), rowWriter(columns, { format: 'csv', delimiter: ',', bom: false }), (n) => progress.push(n)));
    expect(progress).toEqual([2, 3, 3]);
    expect(await text(exportChunks(batches(), rowWriter(columns, { format: 'csv', delimiter: ',', bom: false })))).toBe('id,text,tokens,cost,args\r\n');
  });
});
