import { Injectable } from '@nestjs/common';
import { PluginStore, type PluginDocument, type PluginStoreMatch } from '@confab/plugin-sdk';
import { Db } from '../tenant/db';
import { SecretBox } from '../secrets/secret-box';

interface Row {
  id: string;
  data: Record<string, unknown>;
  sealed_secrets: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Plain SQL on one table; every statement names the tenant, so a plugin can never read another tenant's documents. */
@Injectable()
export class PluginStoreAdapter extends PluginStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {
    super();
  }

  async put<T extends object>(tenantId: string, namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<void> {
    const sealed = secrets && Object.keys(secrets).length ? this.secrets.seal(JSON.stringify(secrets)) : null;
    await this.db.forTenant(tenantId).getConnection().execute(
      `insert into plugin_documents (tenant_id, namespace, id, data, sealed_secrets) values (?, ?, ?, ?::jsonb, ?)
       on conflict (tenant_id, namespace, id) do update set data = excluded.data, sealed_secrets = excluded.sealed_secrets, updated_at = now()`,
      [tenantId, namespace, id, JSON.stringify(data), sealed],
    );
  }

  async putMany<T extends object>(tenantId: string, namespace: string, documents: Array<{ id: string; data: T }>): Promise<void> {
    const em = this.db.forTenant(tenantId);
    await em.transactional(async (tx) => {
      for (let i = 0; i < documents.length; i += 1000) {
        const chunk = documents.slice(i, i + 1000);
        // One statement per chunk: unnest keeps the parameter count at four whatever the chunk size.
        await tx.getConnection().execute(
          `insert into plugin_documents (tenant_id, namespace, id, data)
           select ?::uuid, ?, d.id, d.data::jsonb from unnest(?::text[], ?::text[]) as d(id, data)
           on conflict (tenant_id, namespace, id) do update set data = excluded.data, updated_at = now()`,
          [tenantId, namespace, `{${chunk.map((d) => JSON.stringify(d.id)).join(',')}}`, `{${chunk.map((d) => JSON.stringify(JSON.stringify(d.data))).join(',')}}`],
          'run',
          tx.getTransactionContext(),
        );
      }
    });
  }

  async insert<T extends object>(tenantId: string, namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<boolean> {
    const sealed = secrets && Object.keys(secrets).length ? this.secrets.seal(JSON.stringify(secrets)) : null;
    const rows: unknown[] = await this.db.forTenant(tenantId).getConnection().execute(
      `insert into plugin_documents (tenant_id, namespace, id, data, sealed_secrets) values (?, ?, ?, ?::jsonb, ?)
       on conflict (tenant_id, namespace, id) do nothing returning id`,
      [tenantId, namespace, id, JSON.stringify(data), sealed],
    );
    return rows.length === 1;
  }

  async get<T>(tenantId: string, namespace: string, id: string): Promise<PluginDocument<T> | null> {
    const rows: Row[] = await this.db.forTenant(tenantId).getConnection().execute(
      'select id, data, sealed_secrets, created_at, updated_at from plugin_documents where tenant_id = ? and namespace = ? and id = ?',
      [tenantId, namespace, id],
    );
    return rows[0] ? this.open<T>(rows[0]) : null;
  }

  async list<T>(tenantId: string, namespace: string): Promise<PluginDocument<T>[]> {
    const rows: Row[] = await this.db.forTenant(tenantId).getConnection().execute(
      'select id, data, sealed_secrets, created_at, updated_at from plugin_documents where tenant_id = ? and namespace = ? order by created_at',
      [tenantId, namespace],
    );
    return rows.map((r) => this.open<T>(r));
  }

  async remove(tenantId: string, namespace: string, id: string): Promise<boolean> {
    const res = await this.db.forTenant(tenantId).getConnection().execute(
      'delete from plugin_documents where tenant_id = ? and namespace = ? and id = ?',
      [tenantId, namespace, id],
      'run',
    );
    return (res as { affectedRows?: number }).affectedRows !== 0;
  }

  async find<T>(tenantId: string, namespace: string, match: PluginStoreMatch, limit: number): Promise<PluginDocument<T>[]> {
    const escaped = match.value.replace(/[\\%_]/g, (c) => `\\${c}`);
    const [op, value] = match.mode === 'exact' ? ['= ?', match.value] : match.mode === 'prefix' ? ['ilike ?', `${escaped}%`] : ['ilike ?', `%${escaped}%`];
    const rows: Row[] = await this.db.forTenant(tenantId).getConnection().execute(
      `select id, data, sealed_secrets, created_at, updated_at from plugin_documents
        where tenant_id = ? and namespace = ? and data ->> ? ${op} order by id limit ?`,
      [tenantId, namespace, match.field, value, Math.max(1, Math.min(limit, 500))],
    );
    return rows.map((r) => this.open<T>(r));
  }

  async clear(tenantId: string, namespace: string): Promise<number> {
    const res = await this.db.forTenant(tenantId).getConnection().execute('delete from plugin_documents where tenant_id = ? and namespace = ?', [tenantId, namespace], 'run');
    return Number((res as { affectedRows?: number }).affectedRows ?? 0);
  }

  private open<T>(row: Row): PluginDocument<T> {
    const secrets = row.sealed_secrets ? (JSON.parse(this.secrets.open(row.sealed_secrets)) as Record<string, string>) : {};
    return { id: row.id, data: row.data as T, secrets, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) };
  }
}
