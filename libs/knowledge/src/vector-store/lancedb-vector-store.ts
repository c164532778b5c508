import { Logger } from '@nestjs/common';
import type * as lancedb from '@lancedb/lancedb';
import { chunkSchema, PAYLOAD_COLUMNS, toHit, toRow, vectorDimension, type ChunkRow } from './lancedb-schema';
import { equalsUuid, inUuids } from './lancedb-sql';
import { checkCollection, checkLimit, checkVector } from './vector-store-checks';
import { VectorStoreError } from './vector-store-error';
import { lanceError, messageOf } from './lancedb-error';
import { VectorStore, type VectorCollection, type VectorHit, type VectorPoint, type VectorQuery } from './vector-store.port';

export interface LanceDbVectorStoreOptions {
  /** Where the tables live; created on first use. */
  directory: string;
}

const DELETE_BATCH = 500;
/**
 * Every write adds a fragment and exact search visits every fragment, so search slows with each document any
 * tenant indexes (measured: 31 ms alone, 58 ms with another tenant's 100 upserts, 8 ms after compaction).
 * LanceDB's advice is to optimize after about 20 modifications.
 */
const WRITES_BEFORE_COMPACTION = 20;
/** Old versions are pruned only once no search that started on them can still be running. */
const KEEP_VERSIONS_MS = 10 * 60_000;

/**
 * The embedded store: one LanceDB table per collection on local disk, searched exactly (no vector index), with the
 * tenant as a mandatory prefilter. Filters are SQL strings, so every value in one is a validated UUID.
 */
export class LanceDbVectorStore extends VectorStore {
  readonly kind = 'embedded';
  private connection?: Promise<lancedb.Connection>;
  /** One handle per table and process; each entry chains onto the previous one, which serialises creation. */
  private readonly tables = new Map<string, Promise<lancedb.Table>>();
  private readonly writes = new Map<string, number>();
  private readonly compacting = new Map<string, Promise<void>>();
  private readonly logger = new Logger('LanceDbVectorStore');

  constructor(private readonly options: LanceDbVectorStoreOptions) {
    super();
  }

  async ensureCollection(collection: VectorCollection): Promise<void> {
    checkCollection(collection);
    const table = await this.table(collection.name, collection);
    const dimension = vectorDimension(await table.schema());
    if (dimension !== collection.dimension) {
      throw new VectorStoreError(`LanceDB table ${collection.name} has ${dimension} dimensions, expected ${collection.dimension}`, false);
    }
  }

  async upsert(collection: VectorCollection, points: VectorPoint[]): Promise<void> {
    for (const point of points) checkVector(collection, point.vector, `point ${point.id}`);
    // Last one wins, as in Qdrant: merge_insert would otherwise store both rows of a duplicated id.
    const rows = [...new Map(points.map((p): [string, ChunkRow] => [p.id.toLowerCase(), toRow(p)])).values()];
    if (rows.length === 0) return;
    const table = await this.table(collection.name);
    await this.run(`upsert into ${collection.name}`, () =>
      table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows),
    );
    this.wrote(collection.name, table);
  }

  async search(query: VectorQuery): Promise<VectorHit[]> {
    const { collection, tenantId, knowledgeBaseIds, vector, limit, scoreThreshold } = query;
    checkLimit(limit);
    checkVector(collection, vector, 'the query vector');
    const tenant = equalsUuid('tenant_id', tenantId, 'tenantId'); // refused even when the list below is empty
    if (knowledgeBaseIds.length === 0) return [];
    const where = `${tenant} AND ${inUuids('knowledge_base_id', knowledgeBaseIds, 'knowledgeBaseId')}`;
    const table = await this.table(collection.name);
    // `where` on a vector query is a prefilter, so the top `limit` are taken among this tenant's rows only.
    const rows = await this.run(`search in ${collection.name}`, () =>
      table.vectorSearch(vector).distanceType('cosine').where(where).select([...PAYLOAD_COLUMNS, '_distance']).limit(limit).toArray(),
    );
    // Rows come nearest first, so dropping those under the threshold after the limit loses nothing.
    return (rows as Record<string, unknown>[]).map(toHit).filter((hit) => scoreThreshold === undefined || hit.score >= scoreThreshold);
  }

  async deleteDocument(collection: VectorCollection, tenantId: string, documentId: string): Promise<void> {
    const where = `${equalsUuid('tenant_id', tenantId, 'tenantId')} AND ${equalsUuid('document_id', documentId, 'documentId')}`;
    return this.deleteWhere(collection, where);
  }

  async deletePoints(collection: VectorCollection, tenantId: string, ids: string[]): Promise<void> {
    const tenant = equalsUuid('tenant_id', tenantId, 'tenantId');
    // Batched to keep each predicate short; ids lower-cased like the stored ones.
    for (let start = 0; start < ids.length; start += DELETE_BATCH) {
      const batch = ids.slice(start, start + DELETE_BATCH).map((id) => String(id).toLowerCase());
      await this.deleteWhere(collection, `${tenant} AND ${inUuids('id', batch, 'point id')}`);
    }
  }

  async deleteKnowledgeBase(collection: VectorCollection, tenantId: string, knowledgeBaseId: string): Promise<void> {
    const where = `${equalsUuid('tenant_id', tenantId, 'tenantId')} AND ${equalsUuid('knowledge_base_id', knowledgeBaseId, 'knowledgeBaseId')}`;
    return this.deleteWhere(collection, where);
  }

  async count(collection: VectorCollection, tenantId: string, documentId?: string): Promise<number> {
    let where = equalsUuid('tenant_id', tenantId, 'tenantId');
    if (documentId !== undefined) where += ` AND ${equalsUuid('document_id', documentId, 'documentId')}`;
    const table = await this.table(collection.name);
    return this.run(`count in ${collection.name}`, () => table.countRows(where));
  }

  override async close(): Promise<void> {
    await Promise.allSettled([...this.compacting.values()]);
    const tables = [...this.tables.values()];
    this.tables.clear();
    for (const result of await Promise.allSettled(tables)) if (result.status === 'fulfilled') result.value.close();
    const connection = this.connection;
    this.connection = undefined;
    // A connection that failed to open has nothing to close.
    if (connection) (await connection.catch(() => undefined))?.close();
  }

  private async deleteWhere(collection: VectorCollection, where: string): Promise<void> {
    const table = await this.table(collection.name);
    await this.run(`delete from ${collection.name}`, () => table.delete(where));
    this.wrote(collection.name, table);
  }

  /** Counts a modification and compacts the table in the background every WRITES_BEFORE_COMPACTION of them. */
  private wrote(name: string, table: lancedb.Table): void {
    const count = (this.writes.get(name) ?? 0) + 1;
    this.writes.set(name, count);
    if (count < WRITES_BEFORE_COMPACTION || this.compacting.has(name)) return;
    this.writes.set(name, 0);
    const done = this.compact(name, table).finally(() => this.compacting.delete(name));
    this.compacting.set(name, done);
  }

  /** Merges fragments and prunes old versions; waited for by close() so no compaction outlives the store. */
  async compact(name: string, table?: lancedb.Table): Promise<void> {
    try {
      const handle = table ?? (await this.table(name));
      await handle.optimize({ cleanupOlderThan: new Date(Date.now() - KEEP_VERSIONS_MS) });
    } catch (err) {
      // A failed compaction costs speed, never data; the next round tries again.
      this.logger.warn({ msg: 'Compacting the embedded vector table failed', table: name, error: messageOf(err) });
    }
  }

  /** With `create`, opens or creates the table (ensureCollection); without, only opens an existing one. */
  private table(name: string, create?: VectorCollection): Promise<lancedb.Table> {
    const previous = this.tables.get(name) ?? Promise.reject(new Error('not opened yet'));
    // A handle that opened stays; a failed attempt (say, a search before the table existed) is retried.
    const next = previous.catch(() => this.openOrCreate(name, create));
    this.tables.set(name, next);
    return next;
  }

  private async openOrCreate(name: string, create?: VectorCollection): Promise<lancedb.Table> {
    const db = await this.db();
    try {
      return await db.openTable(name);
    } catch (err: unknown) {
      if (!/not found/i.test(messageOf(err))) throw lanceError(err, `open table ${name}`);
      if (!create) {
        throw new VectorStoreError(`Collection ${name} does not exist in ${this.options.directory}; ensureCollection creates it`, false, undefined, {
          cause: err,
        });
      }
    }
    // existOk: another process may create it between our open and our create; then its table is opened.
    return this.run(`create table ${name}`, async () => db.createEmptyTable(name, await chunkSchema(create.dimension), { existOk: true }));
  }

  private db(): Promise<lancedb.Connection> {
    // Strong read consistency: the API and the ingestion worker may be separate processes on the same directory.
    // The engine (a native library with its own threads, ~35 MB) loads with the first knowledge operation, not at
    // start: a process that never searches or indexes does not carry it.
    this.connection ??= import('@lancedb/lancedb')
      .then((engine) => engine.connect(this.options.directory, { readConsistencyInterval: 0 }))
      .catch((err: unknown) => {
        this.connection = undefined;
        throw lanceError(err, `open ${this.options.directory}`);
      });
    return this.connection;
  }

  private async run<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err: unknown) {
      throw lanceError(err, action);
    }
  }
}
