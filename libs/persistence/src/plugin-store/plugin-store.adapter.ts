import { Injectable } from '@nestjs/common';
import { PluginStore, type PluginDocument, type PluginStoreMatch, type PluginStoreTransaction } from '@confab/plugin-sdk';
import { Db } from '../tenant/db';
import { SecretBox } from '../secrets/secret-box';
import { TenantDocuments } from './tenant-documents';

/** Plain SQL on one table (see TenantDocuments); single calls autocommit, `transaction` groups them. */
@Injectable()
export class PluginStoreAdapter extends PluginStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {
    super();
  }

  put<T extends object>(tenantId: string, namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<void> {
    return this.documents(tenantId).put(namespace, id, data, secrets);
  }

  putMany<T extends object>(tenantId: string, namespace: string, documents: Array<{ id: string; data: T }>): Promise<void> {
    return this.transaction(tenantId, (tx) => tx.putMany(namespace, documents));
  }

  insert<T extends object>(tenantId: string, namespace: string, id: string, data: T, secrets?: Record<string, string>): Promise<boolean> {
    return this.documents(tenantId).insert(namespace, id, data, secrets);
  }

  get<T>(tenantId: string, namespace: string, id: string): Promise<PluginDocument<T> | null> {
    return this.documents(tenantId).get<T>(namespace, id);
  }

  list<T>(tenantId: string, namespace: string): Promise<PluginDocument<T>[]> {
    return this.documents(tenantId).list<T>(namespace);
  }

  remove(tenantId: string, namespace: string, id: string): Promise<boolean> {
    return this.documents(tenantId).remove(namespace, id);
  }

  find<T>(tenantId: string, namespace: string, match: PluginStoreMatch, limit: number): Promise<PluginDocument<T>[]> {
    return this.documents(tenantId).find<T>(namespace, match, limit);
  }

  clear(tenantId: string, namespace: string): Promise<number> {
    return this.documents(tenantId).clear(namespace);
  }

  async transaction<R>(tenantId: string, work: (tx: PluginStoreTransaction) => Promise<R>, options: { lock?: string } = {}): Promise<R> {
    return this.db.forTenant(tenantId).transactional(async (em) => {
      const connection = em.getConnection();
      const docs = new TenantDocuments(tenantId, (sql, params, method = 'all') => connection.execute(sql, params, method, em.getTransactionContext()), this.secrets);
      if (options.lock) await docs.lock(options.lock);
      return work(docs);
    });
  }

  private documents(tenantId: string): TenantDocuments {
    const connection = this.db.forTenant(tenantId).getConnection();
    return new TenantDocuments(tenantId, (sql, params, method = 'all') => connection.execute(sql, params, method), this.secrets);
  }
}
