import { isCsv, previewFile } from './file-preview';

describe('data file preview', () => {
  it('reads CSV with quotes and line breaks, counting every row but showing the first few', () => {
    const csv = 'sku,name,price\r\nA-1,"Brot, dunkel",3.5\nA-2,"Sag ""Hallo""\nbitte",2\nA-3,Semmel,0.5\n';
    const p = previewFile(csv, true, 2);
    expect(p).toMatchObject({ kind: 'csv', columns: ['sku', 'name', 'price'], total: 3, problem: null });
    expect(p.rows).toEqual([{ sku: 'A-1', name: 'Brot, dunkel', price: '3.5' }, { sku: 'A-2', name: 'Sag "Hallo"\nbitte', price: '2' }]);
  });

  it('names the columns of a CSV with a header only', () => {
    expect(previewFile('sku, name\n', true)).toMatchObject({ columns: ['sku', 'name'], rows: [], total: 0 });
  });

  it('reads a JSON array of objects and says why anything else is no table', () => {
    expect(previewFile('[{"a":1},{"b":true}]', false)).toMatchObject({ columns: ['a', 'b'], total: 2, problem: null });
    expect(previewFile('{"a":1}', false).problem).toBe('not a JSON array of row objects');
    expect(previewFile('[1,2]', false).problem).toBe('not a JSON array of row objects');
    expect(previewFile('[{', false).problem).toMatch(/^not JSON/);
  });

  it('tells CSV from JSON by name or type', () => {
    expect(isCsv('orders.CSV', '')).toBe(true);
    expect(isCsv('orders', 'text/csv')).toBe(true);
    expect(isCsv('orders.json', 'application/json')).toBe(false);
  });
});
