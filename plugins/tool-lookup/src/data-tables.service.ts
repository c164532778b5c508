import { Injectable } from '@nestjs/common';
import { NotFound, PluginStore, ValidationFailed, type PluginStoreMatch } from '@confab/plugin-sdk';
import { rowDocuments, typedRows, type DataTable } from './data-table';

const TABLES = 'data-tables';
const rowsOf = (table: string) => `data-table:${table}`;

/** A tenant's data tables, kept in the plugin store: one document per table and one per row. */
@Injectable()
export class DataTablesService {
  constructor(private readonly store: PluginStore) {}

  async create(tenantId: string, def: Pick<DataTable, 'name' | 'columns' | 'key'>): Promise<DataTable> {
    if (def.key && !def.columns.some((c) => c.name === def.key)) throw new ValidationFailed(`key '${def.key}' is not one of the columns`, 'key');
    const names = def.columns.map((c) => c.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new ValidationFailed(`column '${twice}' is listed twice`, 'columns');
    const table: DataTable = { ...def, rowCount: 0, updatedAt: new Date().toISOString() };
    if (!(await this.store.insert(tenantId, TABLES, def.name, table))) throw new ValidationFailed(`A table named '${def.name}' exists already`, 'name');
    return table;
  }

  async table(tenantId: string, name: string): Promise<DataTable> {
    const doc = await this.store.get<DataTable>(tenantId, TABLES, name);
    if (!doc) throw new NotFound('data table', name);
    return doc.data;
  }

  async tables(tenantId: string): Promise<DataTable[]> {
    return (await this.store.list<DataTable>(tenantId, TABLES)).map((d) => d.data);
  }

  /**
   * 'replace' swaps the whole data set; 'upsert' replaces rows by the key column and keeps the rest. Either way the
   * load is one transaction (a failure leaves the table as it was) under the table's lock (loads never interleave).
   */
  async load(tenantId: string, name: string, rows: Array<Record<string, unknown>>, mode: 'replace' | 'upsert'): Promise<DataTable> {
    const table = await this.table(tenantId, name);
    if (mode === 'upsert' && !table.key) throw new ValidationFailed(`Table '${name}' has no key column, so rows can only be replaced as a whole`, 'mode');
    const documents = rowDocuments(table, typedRows(table, rows));
    return this.store.transaction(
      tenantId,
      async (tx) => {
        if (mode === 'replace') await tx.clear(rowsOf(name));
        await tx.putMany(rowsOf(name), documents);
        const updated = { ...table, rowCount: (await tx.list(rowsOf(name))).length, updatedAt: new Date().toISOString() };
        await tx.put(TABLES, name, updated);
        return updated;
      },
      { lock: rowsOf(name) },
    );
  }

  async rows(tenantId: string, name: string): Promise<Array<Record<string, unknown>>> {
    await this.table(tenantId, name);
    return (await this.store.list(tenantId, rowsOf(name))).map((d) => d.data);
  }

  async search(tenantId: string, name: string, match: PluginStoreMatch, limit: number): Promise<Array<Record<string, unknown>>> {
    return (await this.store.find(tenantId, rowsOf(name), match, limit)).map((d) => d.data);
  }
}
