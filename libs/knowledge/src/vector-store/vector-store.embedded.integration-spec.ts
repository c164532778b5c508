import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanceDbVectorStore } from './lancedb-vector-store';
import { VectorStoreError } from './vector-store-error';
import { describeVectorStoreContract } from './testing/vector-store-contract';
import type { VectorPoint } from './vector-store.port';

const freshDirectory = () => mkdtemp(join(tmpdir(), 'confab-lancedb-'));

describeVectorStoreContract('LanceDB adapter in a temp directory', async () => {
  const directory = await freshDirectory();
  return { store: new LanceDbVectorStore({ directory }), cleanup: () => rm(directory, { recursive: true, force: true }) };
});

describe('LanceDbVectorStore specifics', () => {
  let directory: string;
  const stores: LanceDbVectorStore[] = [];
  const open = () => {
    const store = new LanceDbVectorStore({ directory });
    stores.push(store);
    return store;
  };
  const collection = { name: 'confab_embedded_specifics_4', dimension: 4 };

  beforeEach(async () => {
    directory = await freshDirectory();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('compacts a table after many small writes, so search does not slow with every document indexed', async () => {
    const store = open();
    await store.ensureCollection(collection);
    const tenantId = randomUUID();
    const knowledgeBaseId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 19; i++) {
      const id = randomUUID();
      ids.push(id);
      await store.upsert(collection, [{ id, vector: [1, i, 0, 0], payload: { tenantId, knowledgeBaseId, documentId: randomUUID(), chunkId: id } }]);
    }
    const lancedb = await import('@lancedb/lancedb');
    const fragments = async () => (await (await (await lancedb.connect(directory)).openTable(collection.name)).stats()).fragmentStats.numFragments;
    expect(await fragments()).toBeGreaterThanOrEqual(19);
    await store.deletePoints(collection, tenantId, [ids[0]]); // the 20th write starts a compaction
    await store.close(); // waits for it
    expect(await fragments()).toBeLessThanOrEqual(2);
    const reopened = open();
    expect(await reopened.count(collection, tenantId)).toBe(18);
  });

  it('lets two stores on one directory create the same table at once and see each other’s writes', async () => {
    const [a, b] = [open(), open()];
    await Promise.all([a.ensureCollection(collection), b.ensureCollection(collection), a.ensureCollection(collection)]);
    const tenantId = randomUUID();
    const id = randomUUID();
    await a.upsert(collection, [{ id, vector: [1, 0, 0, 0], payload: { tenantId, knowledgeBaseId: randomUUID(), documentId: randomUUID(), chunkId: id } }]);
    expect(await b.count(collection, tenantId)).toBe(1);
  });

  it('refuses a table that exists with another dimension', async () => {
    await open().ensureCollection(collection);
    await expect(open().ensureCollection({ ...collection, dimension: 8 })).rejects.toThrow(/has 4 dimensions, expected 8/);
  });

  it('refuses SQL smuggled in through an id, before anything runs, and leaves other tenants alone', async () => {
    const store = open();
    await store.ensureCollection(collection);
    const victim = { tenantId: randomUUID(), knowledgeBaseId: randomUUID(), documentId: randomUUID() };
    const id = randomUUID();
    await store.upsert(collection, [{ id, vector: [1, 0, 0, 0], payload: { ...victim, chunkId: id } }]);
    const evil = "x' OR '1'='1";
    const query = { collection, tenantId: evil, knowledgeBaseIds: [victim.knowledgeBaseId], vector: [1, 0, 0, 0], limit: 5 };
    // Thunks, so each call starts (and rejects) only when its expectation is attached.
    const refusals = [
      () => store.search(query),
      () => store.search({ ...query, knowledgeBaseIds: [] }),
      () => store.search({ ...query, tenantId: victim.tenantId, knowledgeBaseIds: [`${victim.knowledgeBaseId}') OR ('1'='1`] }),
      () => store.count(collection, evil),
      () => store.count(collection, victim.tenantId, "' OR 1=1 --"),
      () => store.deleteDocument(collection, evil, victim.documentId),
      () => store.deleteKnowledgeBase(collection, victim.tenantId, "x' OR '1'='1"),
      () => store.deletePoints(collection, victim.tenantId, [`${id}' OR '1'='1`]),
    ];
    for (const refusal of refusals) {
      const err = await refusal().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(VectorStoreError);
      expect(err).toMatchObject({ retryable: false, message: expect.stringMatching(/must be a UUID/) });
    }
    const point: VectorPoint = { id: randomUUID(), vector: [0, 1, 0, 0], payload: { ...victim, tenantId: evil, chunkId: randomUUID() } };
    await expect(store.upsert(collection, [point])).rejects.toThrow(/tenantId must be a UUID/);
    expect(await store.count(collection, victim.tenantId)).toBe(1);
  });

  it('measures: 10k points of 512 dimensions, then a filtered top-5 search', async () => {
    const store = open();
    const big = { name: 'confab_embedded_benchmark_512', dimension: 512 };
    await store.ensureCollection(big);
    const tenants = Array.from({ length: 10 }, () => randomUUID());
    const kbs = tenants.map(() => randomUUID());
    const points: VectorPoint[] = Array.from({ length: 10_000 }, (_, i) => {
      const id = randomUUID();
      const vector = Array.from({ length: 512 }, () => Math.random() - 0.5);
      return { id, vector, payload: { tenantId: tenants[i % 10], knowledgeBaseId: kbs[i % 10], documentId: randomUUID(), chunkId: id } };
    });
    const t0 = performance.now();
    await store.upsert(big, points);
    const t1 = performance.now();
    const first = await store.search({ collection: big, tenantId: tenants[3], knowledgeBaseIds: [kbs[3]], vector: points[3].vector, limit: 5 });
    const t2 = performance.now();
    const timings: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const started = performance.now();
      await store.search({ collection: big, tenantId: tenants[i], knowledgeBaseIds: [kbs[i]], vector: points[i].vector, limit: 5 });
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    console.log(
      `LanceDB, 10,000 x 512-dim points: upsert ${(t1 - t0).toFixed(0)} ms; filtered top-5 search ` +
        `first ${(t2 - t1).toFixed(1)} ms, median of 10 ${timings[5].toFixed(1)} ms, max ${timings[9].toFixed(1)} ms`,
    );
    expect(await store.count(big, tenants[3])).toBe(1000);
    expect(first).toHaveLength(5);
    expect(first[0]).toMatchObject({ id: points[3].id, payload: points[3].payload });
    expect(first[0].score).toBeCloseTo(1, 5);
    expect(first.every((hit) => hit.payload.tenantId === tenants[3])).toBe(true);
  });
});
