import { randomUUID } from 'node:crypto';
import { VectorStore, type VectorCollection, type VectorPoint } from '../vector-store.port';

type MakeStore = () => Promise<{ store: VectorStore; cleanup(): Promise<void> }>;

const DIM = 4;
const X = [1, 0, 0, 0];
const Y = [0, 1, 0, 0];
const XY = [1, 1, 0, 0]; // 45° from X: cosine √½
const MINUS_X = [-1, 0, 0, 0];

interface Scope {
  tenantId: string;
  knowledgeBaseId: string;
  documentId: string;
}

const scope = (over: Partial<Scope> = {}): Scope => ({
  tenantId: randomUUID(),
  knowledgeBaseId: randomUUID(),
  documentId: randomUUID(),
  ...over,
});

function point(vector: number[], s: Scope, id = randomUUID()): VectorPoint {
  return { id, vector, payload: { ...s, chunkId: id } };
}

/**
 * What every VectorStore adapter must do, run against each of them (Qdrant, LanceDB). Each test gets a fresh store
 * from `make` and its own collection; ids are UUIDs because both stores require them.
 */
export function describeVectorStoreContract(name: string, make: MakeStore): void {
  describe(`VectorStore contract: ${name}`, () => {
    let store: VectorStore;
    let cleanup: () => Promise<void>;
    let collection: VectorCollection;

    beforeEach(async () => {
      ({ store, cleanup } = await make());
      collection = { name: `contract_${randomUUID().replace(/-/g, '')}_${DIM}`, dimension: DIM };
      await store.ensureCollection(collection);
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    const search = (s: Scope, vector: number[], extra: { limit?: number; scoreThreshold?: number; kbs?: string[] } = {}) =>
      store.search({
        collection,
        tenantId: s.tenantId,
        knowledgeBaseIds: extra.kbs ?? [s.knowledgeBaseId],
        vector,
        limit: extra.limit ?? 10,
        scoreThreshold: extra.scoreThreshold,
      });

    it('has a kind', () => {
      expect(['qdrant', 'embedded']).toContain(store.kind);
    });

    it('ensureCollection is idempotent, sequentially and concurrently', async () => {
      await store.ensureCollection(collection);
      const fresh = { name: `contract_${randomUUID().replace(/-/g, '')}_${DIM}`, dimension: DIM };
      await Promise.all([1, 2, 3, 4].map(() => store.ensureCollection(fresh)));
      await store.ensureCollection(fresh);
      const s = scope();
      expect(await search(s, X)).toEqual([]);
      await store.upsert(fresh, [point(X, s)]);
      expect(await store.count(fresh, s.tenantId)).toBe(1);
      expect(await store.count(collection, s.tenantId)).toBe(0);
    });

    it('returns the nearest first, scored by cosine similarity', async () => {
      const s = scope();
      const [x, xy, y, minusX] = [point(X, s), point(XY, s), point(Y, s), point(MINUS_X, s)];
      await store.upsert(collection, [y, minusX, x, xy]);
      const hits = await search(s, [2, 0, 0, 0]); // length must not matter for cosine
      expect(hits.map((h) => h.id)).toEqual([x.id, xy.id, y.id, minusX.id]);
      expect(hits[0].score).toBeCloseTo(1, 5);
      expect(hits[1].score).toBeCloseTo(Math.SQRT1_2, 5);
      expect(hits[2].score).toBeCloseTo(0, 5);
      expect(hits[3].score).toBeCloseTo(-1, 5);
      expect(hits[0].payload).toEqual(x.payload);
    });

    it('replaces a point upserted again with the same id', async () => {
      const s = scope();
      const id = randomUUID();
      await store.upsert(collection, [point(X, s, id)]);
      const moved = { ...s, documentId: randomUUID() };
      await store.upsert(collection, [point(Y, moved, id)]);
      expect(await store.count(collection, s.tenantId)).toBe(1);
      const [hit] = await search(s, Y, { limit: 1 });
      expect(hit.id).toBe(id);
      expect(hit.score).toBeCloseTo(1, 5);
      expect(hit.payload.documentId).toBe(moved.documentId);
    });

    it('keeps the last of duplicate ids within one upsert', async () => {
      const s = scope();
      const id = randomUUID();
      await store.upsert(collection, [point(X, s, id), point(Y, s, id)]);
      expect(await store.count(collection, s.tenantId)).toBe(1);
      expect((await search(s, Y))[0].score).toBeCloseTo(1, 5);
    });

    it('leaves out hits under scoreThreshold and honours limit', async () => {
      const s = scope();
      const [x, xy] = [point(X, s), point(XY, s)];
      await store.upsert(collection, [x, xy, point(Y, s), point(MINUS_X, s)]);
      expect((await search(s, X, { scoreThreshold: 0.5 })).map((h) => h.id)).toEqual([x.id, xy.id]);
      expect((await search(s, X, { scoreThreshold: 0.9 })).map((h) => h.id)).toEqual([x.id]);
      expect((await search(s, X, { limit: 2 })).map((h) => h.id)).toEqual([x.id, xy.id]);
      expect(await search(s, X, { limit: 1 })).toHaveLength(1);
    });

    it('finds only points of the listed knowledge bases, and nothing for an empty list', async () => {
      const tenantId = randomUUID();
      const [a, b, c] = [scope({ tenantId }), scope({ tenantId }), scope({ tenantId })];
      const [pa, pb, pc] = [point(X, a), point(XY, b), point(Y, c)];
      await store.upsert(collection, [pa, pb, pc]);
      const hits = await search(a, X, { kbs: [a.knowledgeBaseId, c.knowledgeBaseId] });
      expect(hits.map((h) => h.id)).toEqual([pa.id, pc.id]);
      expect(await search(a, X, { kbs: [] })).toEqual([]);
    });

    it('isolates tenants in search, count and every delete', async () => {
      const a = scope();
      const b = scope();
      const pa = [point(X, a), point(XY, a)];
      await store.upsert(collection, [...pa, point(X, b)]);
      // B asks with A's knowledge base and A's document: the tenant condition still applies.
      expect(await search(b, X, { kbs: [a.knowledgeBaseId] })).toEqual([]);
      expect(await store.count(collection, b.tenantId, a.documentId)).toBe(0);
      expect(await store.count(collection, b.tenantId)).toBe(1);
      await store.deleteDocument(collection, b.tenantId, a.documentId);
      await store.deleteKnowledgeBase(collection, b.tenantId, a.knowledgeBaseId);
      await store.deletePoints(collection, b.tenantId, pa.map((p) => p.id));
      expect(await store.count(collection, a.tenantId)).toBe(2);
      expect((await search(a, X)).map((h) => h.id)).toEqual(pa.map((p) => p.id));
    });

    it('deleteDocument removes exactly that document', async () => {
      const s = scope();
      const other = { ...s, documentId: randomUUID() };
      await store.upsert(collection, [point(X, s), point(XY, s), point(Y, other)]);
      expect(await store.count(collection, s.tenantId, s.documentId)).toBe(2);
      await store.deleteDocument(collection, s.tenantId, s.documentId);
      expect(await store.count(collection, s.tenantId, s.documentId)).toBe(0);
      expect(await store.count(collection, s.tenantId, other.documentId)).toBe(1);
      expect(await store.count(collection, s.tenantId)).toBe(1);
    });

    it('deleteKnowledgeBase removes exactly that knowledge base', async () => {
      const s = scope();
      const other = scope({ tenantId: s.tenantId });
      const kept = point(Y, other);
      await store.upsert(collection, [point(X, s), point(XY, { ...s, documentId: randomUUID() }), kept]);
      await store.deleteKnowledgeBase(collection, s.tenantId, s.knowledgeBaseId);
      expect(await search(s, X, { kbs: [s.knowledgeBaseId, other.knowledgeBaseId] })).toEqual([
        expect.objectContaining({ id: kept.id }),
      ]);
      expect(await store.count(collection, s.tenantId)).toBe(1);
    });

    it('deletePoints removes exactly those ids', async () => {
      const s = scope();
      const points = [point(X, s), point(XY, s), point(Y, s)];
      await store.upsert(collection, points);
      await store.deletePoints(collection, s.tenantId, [points[0].id, points[2].id]);
      await store.deletePoints(collection, s.tenantId, []);
      expect((await search(s, X)).map((h) => h.id)).toEqual([points[1].id]);
    });

    it('upserts and counts more points than one request carries', async () => {
      const s = scope();
      const many = Array.from({ length: 600 }, (_, i) => point([1, i / 600, 0, 0], s));
      await store.upsert(collection, many);
      expect(await store.count(collection, s.tenantId)).toBe(600);
      expect(await store.count(collection, s.tenantId, s.documentId)).toBe(600);
      expect(await store.count(collection, randomUUID())).toBe(0);
    });

    it('refuses a vector of the wrong dimension with a clear error and writes nothing', async () => {
      const s = scope();
      await expect(store.upsert(collection, [point(X, s), point([1, 0, 0], s)])).rejects.toThrow(/dimension/i);
      expect(await store.count(collection, s.tenantId)).toBe(0);
      await expect(search(s, [1, 0, 0])).rejects.toThrow(/dimension/i);
    });

    it('fails clearly on a collection that was never ensured', async () => {
      const missing = { name: `contract_missing_${randomUUID().replace(/-/g, '')}`, dimension: DIM };
      const s = scope();
      await expect(store.upsert(missing, [point(X, s)])).rejects.toThrow(missing.name);
      await expect(store.count(missing, s.tenantId)).rejects.toThrow(missing.name);
    });
  });
}
