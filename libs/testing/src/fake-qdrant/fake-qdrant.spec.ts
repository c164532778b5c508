import { QdrantClient } from '@qdrant/js-client-rest';
import { startFakeQdrant, type FakeQdrant } from './index';

const A = '5c56c793-69f3-4fbf-87e6-c4bf54c28c26';
const B = '00000000-0000-0000-0000-00000000000b';

describe('fake-qdrant through @qdrant/js-client-rest', () => {
  let fake: FakeQdrant;
  let client: QdrantClient;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    fake = await startFakeQdrant();
  });
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    client = new QdrantClient({ url: fake.url, checkCompatibility: true });
  });
  afterEach(() => {
    warn.mockRestore();
    fake.reset();
  });
  afterAll(() => fake.close());

  const cosine = (name = 'kb') => client.createCollection(name, { vectors: { size: 2, distance: 'Cosine' } });

  it('answers the version probe so the client does not warn', async () => {
    expect(await client.versionInfo()).toEqual({ title: 'qdrant - vector search engine', version: '1.19.0', commit: expect.any(String) });
    expect(fake.calls('GET', '/')).toHaveLength(2); // the client's own probe, then ours
    expect(warn).not.toHaveBeenCalled();
  });

  it('creates, lists, describes and deletes collections', async () => {
    expect(await client.collectionExists('kb')).toEqual({ exists: false });
    expect(
      await client.createCollection('kb', { vectors: { size: 2, distance: 'Cosine' }, hnsw_config: { m: 0, payload_m: 16 } }),
    ).toBe(true);
    expect(await client.collectionExists('kb')).toEqual({ exists: true });
    expect(await client.getCollections()).toEqual({ collections: [{ name: 'kb' }] });
    const info = await client.getCollection('kb');
    expect(info.config.params.vectors).toEqual({ size: 2, distance: 'Cosine' });
    expect(info.config.hnsw_config).toMatchObject({ m: 0, payload_m: 16, ef_construct: 100 });
    expect(info.points_count).toBe(0);
    expect(fake.calls('PUT', '/collections/kb')[0].body).toEqual({ vectors: { size: 2, distance: 'Cosine' }, hnsw_config: { m: 0, payload_m: 16 } });
    expect(await client.deleteCollection('kb')).toBe(true);
    expect(await client.deleteCollection('kb')).toBe(false);
  });

  it('reports payload indexes with their params and point counts', async () => {
    await cosine();
    expect(
      await client.createPayloadIndex('kb', { field_name: 'tenant_id', field_schema: { type: 'keyword', is_tenant: true }, wait: true }),
    ).toEqual({ operation_id: 2, status: 'completed' });
    expect(await client.createPayloadIndex('kb', { field_name: 'doc_id', field_schema: 'keyword' })).toEqual({
      operation_id: 4,
      status: 'acknowledged',
    });
    expect(fake.calls('PUT', '/collections/kb/index').map((c) => c.query)).toEqual([{ wait: 'true' }, {}]);
    await client.upsert('kb', { points: [{ id: A, vector: [1, 0], payload: { tenant_id: 't1' } }, { id: 7, vector: [0, 1] }] });
    const info = await client.getCollection('kb');
    expect(info.points_count).toBe(2);
    expect(info.payload_schema).toEqual({
      tenant_id: { data_type: 'keyword', params: { type: 'keyword', is_tenant: true }, points: 1 },
      doc_id: { data_type: 'keyword', points: 0 },
    });
  });

  it('upserts with wait=true by default, deletes without it unless passed', async () => {
    await cosine();
    expect(await client.upsert('kb', { points: [{ id: A, vector: [1, 0] }] })).toEqual({ operation_id: 1, status: 'completed' });
    expect(fake.calls('PUT', '/collections/kb/points')[0].query).toEqual({ wait: 'true' });
    expect(await client.delete('kb', { points: [A] })).toEqual({ operation_id: 2, status: 'acknowledged' });
    expect(await client.delete('kb', { wait: true, points: [A] })).toEqual({ operation_id: 3, status: 'completed' });
  });

  it('scores Cosine as cosine similarity, nearest first, with threshold, limit and offset', async () => {
    await cosine();
    await client.upsert('kb', {
      points: [
        { id: 1, vector: [0, 3], payload: { n: 1 } },
        { id: 2, vector: [2, 2], payload: { n: 2 } },
        { id: 3, vector: [5, 0], payload: { n: 3 } },
        { id: 4, vector: [-1, 0], payload: { n: 4 } },
      ],
    });
    const { points } = await client.query('kb', { query: [1, 0], with_payload: true });
    expect(points.map((p) => p.id)).toEqual([3, 2, 1, 4]);
    expect(points.map((p) => p.score)).toEqual([1, Math.fround(Math.SQRT1_2), 0, -1].map((s) => expect.closeTo(s, 6)));
    expect(points[0]).toEqual({ id: 3, version: 1, score: expect.any(Number), payload: { n: 3 } });
    expect((await client.query('kb', { query: [1, 0], score_threshold: 0.5 })).points.map((p) => p.id)).toEqual([3, 2]);
    expect((await client.query('kb', { query: [1, 0], limit: 1, offset: 1 })).points.map((p) => p.id)).toEqual([2]);
    // Payload and vector are omitted unless asked for; Cosine vectors come back normalised.
    const [top] = (await client.query('kb', { query: { nearest: [1, 0] }, limit: 1, with_vector: true })).points;
    expect(top).toEqual({ id: 3, version: 1, score: expect.any(Number), vector: [1, 0] });
  });

  it('scores Dot as the dot product and Euclid as the distance, smallest first', async () => {
    await client.createCollection('dot', { vectors: { size: 2, distance: 'Dot' } });
    await client.createCollection('l2', { vectors: { size: 2, distance: 'Euclid' } });
    const points = [
      { id: 1, vector: [3, 4] },
      { id: 2, vector: [1, 0] },
    ];
    await client.upsert('dot', { points });
    await client.upsert('l2', { points });
    expect((await client.query('dot', { query: [1, 1] })).points.map((p) => [p.id, p.score])).toEqual([[1, 7], [2, 1]]);
    expect((await client.query('l2', { query: [1, 0] })).points.map((p) => [p.id, p.score])).toEqual([[2, 0], [1, expect.closeTo(Math.sqrt(20), 5)]]);
    expect((await client.query('l2', { query: [1, 0], score_threshold: 1 })).points.map((p) => p.id)).toEqual([2]);
  });

  it('keeps named vectors apart and queries the one named in `using`', async () => {
    await client.createCollection('named', { vectors: { dense: { size: 2, distance: 'Cosine' }, small: { size: 1, distance: 'Dot' } } });
    await client.upsert('named', { points: [{ id: B, vector: { dense: [0, 1], small: [2] } }, { id: A, vector: { dense: [1, 0] } }] });
    expect((await client.query('named', { query: [1, 0], using: 'dense' })).points.map((p) => p.id)).toEqual([A, B]);
    expect((await client.query('named', { query: [3], using: 'small' })).points).toEqual([{ id: B, version: 1, score: 6 }]);
    const [withVectors] = (await client.query('named', { query: [3], using: 'small', with_vector: ['small'] })).points;
    expect(withVectors.vector).toEqual({ small: [2] });
  });

  it('normalises UUID ids and answers with_payload as a list of keys', async () => {
    await cosine();
    await client.upsert('kb', { points: [{ id: A.toUpperCase(), vector: [1, 0], payload: { a: 1, b: 2 } }] });
    await client.upsert('kb', { points: [{ id: A.replace(/-/g, ''), vector: [1, 1], payload: { a: 3, b: 4 } }] });
    const { points } = await client.query('kb', { query: [1, 0], with_payload: ['b'] });
    expect(points).toEqual([{ id: A, version: 2, score: expect.any(Number), payload: { b: 4 } }]);
  });

  it('scrolls in id order with pages and counts with a filter', async () => {
    await cosine();
    await client.upsert('kb', {
      points: [B, 3, A, 1, 2].map((id, i) => ({ id, vector: [1, i], payload: { even: i % 2 === 0 } })),
    });
    const first = await client.scroll('kb', { limit: 2 });
    expect(first.points).toEqual([{ id: 1, payload: { even: false } }, { id: 2, payload: { even: true } }]);
    expect(first.next_page_offset).toBe(3);
    const next = await client.scroll('kb', { limit: 10, offset: first.next_page_offset ?? undefined, with_payload: false });
    expect(next).toEqual({ points: [{ id: 3 }, { id: B }, { id: A }], next_page_offset: null });
    expect(fake.calls('POST', '/collections/kb/points/scroll')[0].body).toMatchObject({ with_payload: true, with_vector: false, limit: 2 });
    expect(await client.count('kb', { filter: { must: [{ key: 'even', match: { value: true } }] } })).toEqual({ count: 3 });
    expect(fake.calls('POST', '/collections/kb/points/count')[0].body).toEqual({
      filter: { must: [{ key: 'even', match: { value: true } }] },
      exact: true,
    });
  });

  it('deletes by filter and by ids', async () => {
    await cosine();
    await client.upsert('kb', { points: [1, 2, 3].map((id) => ({ id, vector: [1, 0], payload: { doc: id === 3 ? 'x' : 'y' } })) });
    await client.delete('kb', { wait: true, filter: { must: [{ key: 'doc', match: { value: 'y' } }] } });
    expect([...(fake.collections.get('kb')?.points.values() ?? [])].map((p) => p.id)).toEqual([3]);
    await client.delete('kb', { wait: true, points: [3, A] });
    expect(await client.count('kb', {})).toEqual({ count: 0 });
  });

  it('records every call and filters them by method and path segment', async () => {
    await cosine('kb');
    await cosine('kb2');
    expect(fake.calls('PUT', '/collections/kb').map((c) => c.path)).toEqual(['/collections/kb']);
    expect(fake.calls('put').map((c) => c.status)).toEqual([200, 200]);
    expect(fake.calls(undefined, '/collections').length).toBeGreaterThanOrEqual(2);
  });
});
