import { randomUUID } from 'node:crypto';
import { startFakeQdrant, type FakeQdrant } from '@confab/testing';
import { QdrantVectorStore } from './qdrant-vector-store';
import { VectorStoreError } from './vector-store-error';
import type { VectorPoint } from './vector-store.port';

const collection = { name: 'confab_test_model_4', dimension: 4 };
const tenantId = randomUUID();
const tenantMust = { key: 'tenant_id', match: { value: tenantId } };

function point(vector = [1, 0, 0, 0], documentId = randomUUID()): VectorPoint {
  const id = randomUUID();
  return { id, vector, payload: { tenantId, knowledgeBaseId: randomUUID(), documentId, chunkId: id } };
}

/** Only the collection route itself, not `/index` or `/points` below it. */
const collectionPuts = (fake: FakeQdrant) => fake.calls('PUT').filter((c) => c.path === `/collections/${collection.name}`);

async function rejection(call: Promise<unknown>): Promise<VectorStoreError> {
  const err = await call.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(VectorStoreError);
  return err as VectorStoreError;
}

describe('QdrantVectorStore on the fake Qdrant', () => {
  let fake: FakeQdrant;
  let store: QdrantVectorStore;

  beforeAll(async () => {
    fake = await startFakeQdrant();
  });
  beforeEach(() => {
    store = new QdrantVectorStore({ url: fake.url });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('creates the collection for per-tenant HNSW with an is_tenant index, once per process', async () => {
    await store.ensureCollection(collection);
    expect(collectionPuts(fake).map((c) => c.body)).toEqual([{
      vectors: { size: 4, distance: 'Cosine' },
      hnsw_config: { m: 0, payload_m: 16 },
    }]);
    const indexes = fake.calls('PUT', `/collections/${collection.name}/index`);
    expect(indexes.map((c) => [c.body, c.query.wait])).toEqual([
      [{ field_name: 'tenant_id', field_schema: { type: 'keyword', is_tenant: true } }, 'true'],
      [{ field_name: 'knowledge_base_id', field_schema: 'keyword' }, 'true'],
      [{ field_name: 'document_id', field_schema: 'keyword' }, 'true'],
    ]);
    const before = fake.requests.length;
    await Promise.all([store.ensureCollection(collection), store.ensureCollection(collection)]);
    expect(fake.requests.length).toBe(before);
  });

  it('tolerates the 409 when another process creates the collection first', async () => {
    const other = new QdrantVectorStore({ url: fake.url });
    fake.setLatency(20); // both existence checks are in flight before either create lands
    await Promise.all([store.ensureCollection(collection), other.ensureCollection(collection)]);
    expect(collectionPuts(fake).map((c) => c.status)).toEqual([200, 409]);
    expect(fake.collections.get(collection.name)?.payloadIndexes.get('tenant_id')).toEqual({ type: 'keyword', is_tenant: true });
  });

  it('adds missing payload indexes to a collection someone else created', async () => {
    await fetch(`${fake.url}/collections/${collection.name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vectors: { size: 4, distance: 'Cosine' } }),
    });
    await store.ensureCollection(collection);
    expect([...(fake.collections.get(collection.name)?.payloadIndexes.keys() ?? [])]).toEqual(['tenant_id', 'knowledge_base_id', 'document_id']);
  });

  it('recreates a collection that was dropped behind its back, on the next ensureCollection', async () => {
    await store.ensureCollection(collection);
    await fetch(`${fake.url}/collections/${collection.name}`, { method: 'DELETE' });
    const err = await rejection(store.upsert(collection, [point()]));
    expect(err).toMatchObject({ retryable: false, status: 404 });
    expect(err.message).toContain("Not found: Collection `confab_test_model_4` doesn't exist!");
    await store.ensureCollection(collection);
    await store.upsert(collection, [point()]);
    expect(await store.count(collection, tenantId)).toBe(1);
  });

  it('refuses an existing collection of another dimension', async () => {
    await new QdrantVectorStore({ url: fake.url }).ensureCollection({ ...collection, dimension: 8 });
    const err = await rejection(store.ensureCollection(collection));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/expected one unnamed vector of 4 dimensions/);
  });

  it('puts the tenant must-condition in every search, count and delete, and waits for writes', async () => {
    await store.ensureCollection(collection);
    const p = point();
    await store.upsert(collection, [p]);
    await store.search({ collection, tenantId, knowledgeBaseIds: [p.payload.knowledgeBaseId], vector: p.vector, limit: 3, scoreThreshold: 0.2 });
    await store.count(collection, tenantId);
    await store.count(collection, tenantId, p.payload.documentId);
    await store.deleteDocument(collection, tenantId, p.payload.documentId);
    await store.deleteKnowledgeBase(collection, tenantId, p.payload.knowledgeBaseId);
    await store.deletePoints(collection, tenantId, [p.id]);

    const [query] = fake.calls('POST', `/collections/${collection.name}/points/query`);
    expect(query.body).toEqual({
      query: p.vector,
      filter: { must: [tenantMust, { key: 'knowledge_base_id', match: { any: [p.payload.knowledgeBaseId] } }] },
      limit: 3,
      with_payload: true,
      score_threshold: 0.2,
    });
    const counts = fake.calls('POST', `/collections/${collection.name}/points/count`).map((c) => c.body.filter);
    expect(counts).toEqual([{ must: [tenantMust] }, { must: [tenantMust, { key: 'document_id', match: { value: p.payload.documentId } }] }]);
    const deletes = fake.calls('POST', `/collections/${collection.name}/points/delete`);
    expect(deletes.map((c) => c.query)).toEqual([{ wait: 'true' }, { wait: 'true' }, { wait: 'true' }]);
    expect(deletes.map((c) => c.body.filter)).toEqual([
      { must: [tenantMust, { key: 'document_id', match: { value: p.payload.documentId } }] },
      { must: [tenantMust, { key: 'knowledge_base_id', match: { value: p.payload.knowledgeBaseId } }] },
      { must: [tenantMust, { has_id: [p.id] }] },
    ]);
    const [upsert] = fake.calls('PUT', `/collections/${collection.name}/points`);
    expect(upsert.query).toEqual({ wait: 'true' });
    expect(upsert.body.points[0].payload).toEqual({
      tenant_id: tenantId,
      knowledge_base_id: p.payload.knowledgeBaseId,
      document_id: p.payload.documentId,
      chunk_id: p.id,
    });
  });

  it('upserts in batches of 256 points', async () => {
    await store.ensureCollection(collection);
    await store.upsert(collection, Array.from({ length: 600 }, () => point()));
    const sizes = fake.calls('PUT', `/collections/${collection.name}/points`).map((c) => c.body.points.length);
    expect(sizes).toEqual([256, 256, 88]);
  });

  it('surfaces a 503 as a retryable VectorStoreError carrying Qdrant’s text and the status', async () => {
    await store.ensureCollection(collection);
    fake.failNext(1, { status: 503, error: 'Service unavailable: shard 0 of confab_test_model_4 is not active' });
    const err = await rejection(store.count(collection, tenantId));
    expect(err).toMatchObject({ retryable: true, status: 503 });
    expect(err.message).toBe(
      'Qdrant count in confab_test_model_4 failed with HTTP 503: Service unavailable: shard 0 of confab_test_model_4 is not active',
    );
  });

  it('surfaces a 400 as a non-retryable VectorStoreError', async () => {
    await store.ensureCollection(collection);
    const bad = { ...point(), id: 'not-a-uuid' };
    const err = await rejection(store.upsert(collection, [bad]));
    expect(err).toMatchObject({ retryable: false, status: 400 });
    expect(err.message).toMatch(/HTTP 400: Format error in JSON body: value "not-a-uuid" is not a valid point ID/);
  });

  it('marks rate limits, timeouts and an unreachable server retryable', async () => {
    // The client's version probe also times out or fails here, and says so on console.warn.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await store.ensureCollection(collection);
    fake.failNext(1, { status: 429, error: 'Rate limiting exceeded: too many requests', retryAfter: 2 });
    expect(await rejection(store.count(collection, tenantId))).toMatchObject({ retryable: true, status: 429 });
    fake.failNext(1, { status: 429, error: 'Rate limiting exceeded: too many requests' });
    expect(await rejection(store.count(collection, tenantId))).toMatchObject({ retryable: true, status: 429 });

    fake.setLatency(300);
    const impatient = new QdrantVectorStore({ url: fake.url, timeoutMs: 50 });
    const timeout = await rejection(impatient.count(collection, tenantId));
    expect(timeout.retryable).toBe(true);
    expect(timeout.message).toMatch(/timed out/);
    fake.setLatency(0);

    const gone = await startFakeQdrant();
    await gone.close();
    const unreachable = await rejection(new QdrantVectorStore({ url: gone.url }).count(collection, tenantId));
    expect(unreachable.retryable).toBe(true);
    expect(unreachable.message).toMatch(/could not reach Qdrant/);
    warn.mockRestore();
  });

  it('refuses a wrong api key without retrying, and works with the right one', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const guarded = await startFakeQdrant({ apiKey: 'secret' });
    try {
      const err = await rejection(new QdrantVectorStore({ url: guarded.url, apiKey: 'wrong' }).ensureCollection(collection));
      expect(err).toMatchObject({ retryable: false, status: 401 });
      expect(err.message).toMatch(/HTTP 401: Invalid API key or JWT/);
      await new QdrantVectorStore({ url: guarded.url, apiKey: 'secret' }).ensureCollection(collection);
      expect(guarded.collections.has(collection.name)).toBe(true);
    } finally {
      await guarded.close();
      warn.mockRestore();
    }
  });

  it('checks dimensions and the limit before sending anything', async () => {
    await store.ensureCollection(collection);
    const before = fake.requests.length;
    expect((await rejection(store.upsert(collection, [point(), point([1, 0])]))).message).toMatch(/point .* has 2 dimensions/);
    expect((await rejection(store.search({ collection, tenantId, knowledgeBaseIds: ['x'], vector: [1, 0, 0, 0], limit: 0 }))).retryable).toBe(false);
    expect(fake.requests.length).toBe(before);
  });
});
