import type { PluginDocument, PluginStoreMatch, PluginStoreTransaction } from '@confab/plugin-sdk';
import type { SecretBox } from '../secrets/secret-box';

/** Runs one statement on a connection, inside a transaction or not. */
export type Execute = (sql: string, params: unknown[], method?: 'all' | 'run') => Promise<any>;

interface Row {
  id: string;
  data: Record<string, unknown>;
  sealed_secrets: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, data, sealed_secrets, created_at, updated_at';

/**
 * The plugin_documents statements for one tenant, on whatever connection `execute` uses. Every statement names the
 * tenant, so a plugin can never read another tenant's documents.
 */
export class TenantDocuments implements PluginStoreTransaction {
  constructor(
    private readonly tenantId: string,
    private readonly execute: Execute,
    private readonly secrets: SecretBox,
  ) {}

  async put<T extends object>(namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<void> {
    await this.execute(
      `insert into plugin_documents (tenant_id, namespace, id, data, sealed_secrets) values (?, ?, ?, ?::jsonb, ?)
       on conflict (tenant_id, namespace, id) do update set data = excluded.data, sealed_secrets = excluded.sealed_secrets, updated_at = now()`,
      [this.tenantId, namespace, id, JSON.stringify(data), this.seal(secrets)],
      'run',
    );
  }

  /** Callers run this inside a transaction, so a failing chunk leaves none of the others behind. */
  async putMany<T extends object>(namespace: string, documents: Array<{ id: string; data: T }>): Promise<void> {
    for (let i = 0; i < documents.length; i += 1000) {
      const chunk = documents.slice(i, i + 1000);
      // One statement per chunk: unnest keeps the parameter count at four whatever the chunk size.
      await this.execute(
        `insert into plugin_documents (tenant_id, namespace, id, data)
         select ?::uuid, ?, d.id, d.data::jsonb from unnest(?::text[], ?::text[]) as d(id, data)
         on conflict (tenant_id, namespace, id) do update set data = excluded.data, updated_at = now()`,
        [this.tenantId, namespace, `{${chunk.map((d) => JSON.stringify(d.id)).join(',')}}`, `{${chunk.map((d) => JSON.stringify(JSON.stringify(d.data))).join(',')}}`],
        'run',
      );
    }
  }

  async insert<T extends object>(namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<boolean> {
    const rows: unknown[] = await this.execute(
      `insert into plugin_documents (tenant_id, namespace, id, data, sealed_secrets) values (?, ?, ?, ?::jsonb, ?)
       on conflict (tenant_id, namespace, id) do nothing returning id`,
      [this.tenantId, namespace, id, JSON.stringify(data), this.seal(secrets)],
    );
    return rows.length === 1;
  }

  async get<T>(namespace: string, id: string): Promise<PluginDocument<T> | null> {
    const rows: Row[] = await this.execute(`select ${COLUMNS} from plugin_documents where tenant_id = ? and namespace = ? and id = ?`, [this.tenantId, namespace, id]);
    return rows[0] ? this.open<T>(rows[0]) : null;
  }

  async list<T>(namespace: string): Promise<PluginDocument<T>[]> {
    const rows: Row[] = await this.execute(`select ${COLUMNS} from plugin_documents where tenant_id = ? and namespace = ? order by created_at`, [this.tenantId, namespace]);
    return rows.map((r) => this.open<T>(r));
  }

  async remove(namespace: string, id: string): Promise<boolean> {
    const res = await this.execute('delete from plugin_documents where tenant_id = ? and namespace = ? and id = ?', [this.tenantId, namespace, id], 'run');
    return (res as { affectedRows?: number }).affectedRows !== 0;
  }

  async find<T>(namespace: string, match: PluginStoreMatch, limit: number): Promise<PluginDocument<T>[]> {
    const escaped = match.value.replace(/[\\%_]/g, (c) => `\\${c}`);
    const [op, value] = match.mode === 'exact' ? ['= ?', match.value] : match.mode === 'prefix' ? ['ilike ?', `${escaped}%`] : ['ilike ?', `%${escaped}%`];
    const rows: Row[] = await this.execute(
      `select ${COLUMNS} from plugin_documents where tenant_id = ? and namespace = ? and data ->> ? ${op} order by id limit ?`,
      [this.tenantId, namespace, match.field, value, Math.max(1, Math.min(limit, 500))],
    );
    return rows.map((r) => this.open<T>(r));
  }

  async clear(namespace: string): Promise<number> {
    const res = await this.execute('delete from plugin_documents where tenant_id = ? and namespace = ?', [this.tenantId, namespace], 'run');
    return Number((res as { affectedRows?: number }).affectedRows ?? 0);
  }

  /** Waits for the named lock of this tenant; PostgreSQL releases it when the transaction ends, however it ends. */
  async lock(name: string): Promise<void> {
    // A holder that never finishes must not hang every later caller: give up after a while with an error instead.
    await this.execute("set local lock_timeout = '10s'", [], 'run');
    await this.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`plugin-store:${this.tenantId}:${name}`]);
  }

  private seal(secrets?: Record<string, string>): string | null {
    return secrets && Object.keys(secrets).length ? this.secrets.seal(JSON.stringify(secrets)) : null;
  }

  private open<T>(row: Row): PluginDocument<T> {
    const secrets = row.sealed_secrets ? (JSON.parse(this.secrets.open(row.sealed_secrets)) as Record<string, string>) : {};
    return { id: row.id, data: row.data as T, secrets, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) };
  }
}
