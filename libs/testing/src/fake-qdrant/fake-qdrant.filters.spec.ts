import { QdrantClient, type Schemas } from '@qdrant/js-client-rest';
import { startFakeQdrant, type FakeQdrant } from './index';

type Filter = Schemas['Filter'];

const U1 = '11111111-1111-4111-8111-111111111111';

/** Payloads chosen so every condition kind has a hit, a miss and a point without the field. */
const POINTS = [
  { id: 1, payload: { tenant: 't1', lang: 'de', tags: ['a', 'b'], n: 1, ok: true, title: 'Harbor bikes FAQ', parts: [] } },
  { id: 2, payload: { tenant: 't1', lang: 'en', tags: ['c'], n: 5, ok: false, title: 'Rentals', nothing: null } },
  { id: 3, payload: { tenant: 't2', lang: 'fr', n: 10, at: '2026-03-01T00:00:00Z', items: [{ sku: 'x', qty: 2 }, { sku: 'y', qty: 0 }] } },
  { id: U1, payload: { tenant: 't2', tags: [], at: '2026-01-01T00:00:00Z', items: [{ sku: 'x', qty: 0 }] } },
];

describe('fake-qdrant filters', () => {
  let fake: FakeQdrant;
  let client: QdrantClient;

  beforeAll(async () => {
    fake = await startFakeQdrant();
    client = new QdrantClient({ url: fake.url, checkCompatibility: false });
    await client.createCollection('kb', { vectors: { size: 2, distance: 'Cosine' } });
    await client.upsert('kb', { points: POINTS.map((p) => ({ ...p, vector: [1, 0] })) });
  });
  afterAll(() => fake.close());

  /** Ids matched by a filter, through count, scroll, query and delete-free paths alike. */
  async function ids(filter: Filter): Promise<(string | number)[]> {
    const scrolled = (await client.scroll('kb', { filter, limit: 100 })).points.map((p) => p.id);
    const queried = (await client.query('kb', { query: [1, 0], filter, limit: 100 })).points.map((p) => p.id);
    expect(new Set(queried)).toEqual(new Set(scrolled));
    expect((await client.count('kb', { filter })).count).toBe(scrolled.length);
    return scrolled;
  }

  it.each<[string, Filter, (string | number)[]]>([
    ['match value keyword', { must: [{ key: 'tenant', match: { value: 't1' } }] }, [1, 2]],
    ['match value integer', { must: [{ key: 'n', match: { value: 5 } }] }, [2]],
    ['match value bool', { must: [{ key: 'ok', match: { value: false } }] }, [2]],
    ['match value inside an array', { must: [{ key: 'tags', match: { value: 'b' } }] }, [1]],
    ['match any', { must: [{ key: 'lang', match: { any: ['de', 'fr'] } }] }, [1, 3]],
    ['match any, empty list', { must: [{ key: 'lang', match: { any: [] } }] }, []],
    ['match except (missing field never matches)', { must: [{ key: 'lang', match: { except: ['de'] } }] }, [2, 3]],
    ['match except on arrays: some value outside the list', { must: [{ key: 'tags', match: { except: ['a'] } }] }, [1, 2]],
    ['match text as substring', { must: [{ key: 'title', match: { text: 'bikes' } }] }, [1]],
    ['range', { must: [{ key: 'n', range: { gt: 1, lte: 10 } }] }, [2, 3]],
    ['datetime range', { must: [{ key: 'at', range: { gte: '2026-02-01T00:00:00Z' } }] }, [3]],
    ['should is any-of', { should: [{ key: 'lang', match: { value: 'de' } }, { key: 'n', match: { value: 10 } }] }, [1, 3]],
    ['must_not', { must_not: [{ key: 'tenant', match: { value: 't1' } }] }, [3, U1]],
    ['must + must_not', { must: [{ key: 'tenant', match: { value: 't1' } }], must_not: [{ key: 'ok', match: { value: true } }] }, [2]],
    ['is_empty: missing, null or []', { must: [{ is_empty: { key: 'tags' } }] }, [3, U1]],
    ['is_null: only an explicit null', { must: [{ is_null: { key: 'nothing' } }] }, [2]],
    ['has_id', { must: [{ has_id: [3, U1.toUpperCase()] }] }, [3, U1]],
    ['nested: one array element meets every condition', {
      must: [{ nested: { key: 'items', filter: { must: [{ key: 'sku', match: { value: 'x' } }, { key: 'qty', range: { gt: 0 } }] } } }],
    }, [3]],
    ['a filter as a condition', { should: [{ must: [{ key: 'tenant', match: { value: 't2' } }, { key: 'n', match: { value: 10 } }] }] }, [3]],
    ['min_should', {
      min_should: { conditions: [{ key: 'tenant', match: { value: 't1' } }, { key: 'ok', match: { value: true } }, { key: 'n', match: { value: 1 } }], min_count: 2 },
    }, [1]],
    ['a single condition instead of a list', { must: { key: 'lang', match: { value: 'en' } } as never }, [2]],
    ['an empty should matches nothing', { should: [] }, []],
  ])('%s', async (_label, filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it('refuses a condition it cannot read with a 400, and geo conditions loudly', async () => {
    await expect(client.count('kb', { filter: { must: [{ nonsense: true } as never] } })).rejects.toMatchObject({
      status: 400,
      data: { status: { error: 'Format error in JSON body: data did not match any variant of untagged enum Condition' } },
    });
    await expect(
      client.count('kb', { filter: { must: [{ key: 'loc', geo_radius: { center: { lat: 0, lon: 0 }, radius: 1 } }] } }),
    ).rejects.toMatchObject({ status: 500, data: { status: { error: expect.stringContaining('fake-qdrant: geo conditions') } } });
  });
});
