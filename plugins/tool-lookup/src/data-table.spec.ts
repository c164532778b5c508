import { ValidationFailed } from '@confab/plugin-sdk';
import { rowDocuments } from './data-table';

describe('rowDocuments', () => {
  it('ids rows by their key, or by position when the table has none', () => {
    expect(rowDocuments({ key: 'sku' }, [{ sku: 'A' }, { sku: 'B' }]).map((d) => d.id)).toEqual(['A', 'B']);
    expect(rowDocuments({}, [{ sku: 'A' }, { sku: 'A' }]).map((d) => d.id)).toEqual(['00000000', '00000001']);
  });

  it('refuses a key given twice, naming the value and both rows, before anything is written', () => {
    const rows = [{ sku: 'A', n: 1 }, { sku: 'B', n: 2 }, { sku: 'A', n: 3 }];
    let error: unknown;
    try {
      rowDocuments({ key: 'sku' }, rows);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).message).toBe("sku 'A' appears more than once in this load (rows.0 and rows.2); each key may appear once");
    expect((error as ValidationFailed).details).toEqual({ field: 'rows.2.sku', value: 'A', rows: [0, 2] });
  });

  it('treats keys that become the same document id as the same key', () => {
    expect(() => rowDocuments({ key: 'id' }, [{ id: 7 }, { id: '7' }])).toThrow(/id '7' appears more than once/);
  });
});
